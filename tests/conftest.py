"""Shared fixtures: the real source data, built once per session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pytest

from devtools.screenshot import CHROMIUM, CHROMIUM_ARGS
from geo.authored import default_dir
from geo.layers import build_layers
from geo.pipeline import BuildOptions, run_build
from geo.sources import SourceSettings
from geo.upgrades import upgrade_layers

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="session")
def settings() -> SourceSettings:
    """Source settings from the environment (CI: the offline mirror in ../shared/data)."""
    return SourceSettings.from_env()


@pytest.fixture(scope="session")
def layers(settings: SourceSettings) -> dict[str, gpd.GeoDataFrame]:
    return upgrade_layers(build_layers(settings))


@pytest.fixture(scope="session")
def layers_dir(settings: SourceSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layers")
    run_build(BuildOptions(sources=settings, layers_dir=folder, layers_only=True))
    return folder


@pytest.fixture(scope="session")
def collections(layers_dir: Path) -> dict[str, Any]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(layers_dir.glob("*.geojson"))
    }


@pytest.fixture
def authored_copy(tmp_path: Path) -> Path:
    """A writable copy of the authored data, for tests that break it."""
    folder = tmp_path / "authored"
    shutil.copytree(default_dir(), folder)
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        yield launched
        launched.close()
