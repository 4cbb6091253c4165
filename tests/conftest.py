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
from geo.metric import VN2000_UTM48
from geo.pipeline import BuildOptions, run_build
from geo.qgis_export import GPKG_FILENAME, PROJECT_FILENAME, export_qgis
from geo.sources import SOURCES, SourceSettings, fetch
from geo.upgrades import upgrade_layers
from geo.webmap import MAP_FILENAME, build_map

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[1]


def _seed_article() -> Path:
    """Return where the seed article is: beside the offline data folder (../shared/seed)."""
    data_dir = SourceSettings.from_env().data_dir
    shared = data_dir.resolve().parent if data_dir else ROOT.parent / "shared"
    return shared / "seed" / "article.txt"


SEED_ARTICLE = _seed_article()


@pytest.fixture(scope="session")
def settings() -> SourceSettings:
    """Source settings from the environment (CI: the offline mirror in ../shared/data)."""
    return SourceSettings.from_env()


@pytest.fixture(scope="session")
def source_dir(settings: SourceSettings) -> Path:
    """The folder holding every source, laid out like upstream, each file's hash checked.

    This is the offline mirror (``$THANH_LIEM_DATA_DIR``), or the download cache where there is
    none. It is read-only: a test that damages a source asks :func:`sources_copy` for its own
    copy of that one file.
    """
    roots = set()
    for source in SOURCES.values():
        path = fetch(source, settings)
        roots.add(Path(*path.parts[: len(path.parts) - len(source.relpath.parts)]))
    (root,) = roots
    return root


@pytest.fixture
def sources_copy(source_dir: Path, tmp_path: Path) -> Callable[..., Path]:
    """Return a maker of a source folder in which only the named files may be changed.

    ``sources_copy("dvhcvn/data/gis/35.json")`` gives a folder laid out like upstream where
    that file is a private copy and every other source a symbolic link to the read-only
    :func:`source_dir`, so a test copies the one file it damages, not every source.
    """

    def make(*writable: str) -> Path:
        folder = tmp_path / "sources"
        relpaths = {source.relpath for source in SOURCES.values()}
        assert {Path(name) for name in writable} <= relpaths, writable
        for relpath in relpaths:
            target = folder / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if str(relpath) in writable:
                shutil.copyfile(source_dir / relpath, target)
            else:
                target.symlink_to(source_dir / relpath)
        return folder

    return make


@pytest.fixture(scope="session")
def layers(settings: SourceSettings) -> dict[str, gpd.GeoDataFrame]:
    return upgrade_layers(build_layers(settings))


@pytest.fixture(scope="session")
def layers_dir(settings: SourceSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layers")
    run_build(BuildOptions(sources=settings, layers_dir=folder, layers_only=True))
    return folder


@pytest.fixture(scope="session")
def full_build(
    settings: SourceSettings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Path]]:
    """One complete build (``layers/`` and ``output/``) and the files it wrote, read-only.

    A test that changes the set works on a copy (``shutil.copytree``), not on this folder.
    """
    root = tmp_path_factory.mktemp("full_build")
    written = run_build(
        BuildOptions(sources=settings, layers_dir=root / "layers", output_dir=root / "output")
    )
    return root, written


def copy_of_build(full_build: tuple[Path, list[Path]], target: Path) -> Path:
    """Copy the session's complete build to ``target`` and return it.

    Parameters
    ----------
    full_build
        The :func:`full_build` fixture's value.
    target
        Folder to create.

    Returns
    -------
    Path
    """
    shutil.copytree(full_build[0], target)
    return target


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


@pytest.fixture(scope="session")
def map_html(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("map")
    written = build_map(layers_dir, out)
    assert written == [out / MAP_FILENAME]
    return written[0]


@pytest.fixture(scope="session")
def html_text(map_html: Path) -> str:
    return map_html.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def export_dir(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qgis_wgs84")
    written = export_qgis(layers_dir, folder)
    assert written == [folder / GPKG_FILENAME, folder / PROJECT_FILENAME]
    return folder


@pytest.fixture(scope="session")
def vn2000_dir(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qgis_vn2000")
    export_qgis(layers_dir, folder, VN2000_UTM48)
    return folder
