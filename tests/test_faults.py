"""Bad input and faults: clear errors, non-zero exits, previous outputs left intact."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyogrio
import pytest
from shapely.geometry import Point, Polygon

from geo import pipeline
from geo.authored import AuthoredDataError, check_geometry
from geo.cli import EXIT_AUTHORED, EXIT_OK, EXIT_OUTPUT, EXIT_SOURCE, main
from geo.pipeline import BuildOptions, run_build
from geo.schema import LAYER_NAMES
from geo.sources import SOURCES, SourceSettings, SourceUnavailableError, fetch
from tests.browser import IMAGES_SETTLED, open_map
from tests.conftest import copy_of_build

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def _snapshot(*folders: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_unwritable_output_folder_exits_with_its_own_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the layers folder should be", encoding="utf-8")
    code = main(["build", "--layers-dir", str(blocker / "layers"), "--layers-only"])
    assert code == EXIT_OUTPUT
    assert f"cannot write to {blocker / 'layers'}" in capsys.readouterr().err


def test_failure_in_a_late_step_leaves_previous_outputs_intact(
    settings: SourceSettings,
    full_build: tuple[Path, list[Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = copy_of_build(full_build, tmp_path / "site")  # the outputs of a previous build
    options = BuildOptions(sources=settings, layers_dir=site / "layers", output_dir=site / "output")
    before = _snapshot(options.layers_dir, options.output_dir)
    assert any(name.endswith("district.geojson") for name in before)

    def broken_export(*_args: Any, **_kwargs: Any) -> list[Path]:
        msg = "disk full while exporting"
        raise OSError(msg)

    monkeypatch.setattr(pipeline, "export_qgis", broken_export)
    with pytest.raises(OSError, match="disk full"):
        run_build(options)
    assert _snapshot(options.layers_dir, options.output_dir) == before
    leftovers = [p.name for p in options.layers_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_layers_only_build_leaves_the_output_folder_alone(
    settings: SourceSettings, tmp_path: Path
) -> None:
    options = BuildOptions(
        sources=settings,
        layers_dir=tmp_path / "layers",
        output_dir=tmp_path / "output",
        layers_only=True,
    )
    written = run_build(options)
    assert sorted(path.name for path in written) == sorted(f"{n}.geojson" for n in LAYER_NAMES)
    assert not options.output_dir.exists()


def test_missing_required_column_names_file_and_column(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = authored_copy / "industrial_areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",status,", ",state,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(
        [
            "build",
            "--layers-only",
            "--authored-dir",
            str(authored_copy),
            "--layers-dir",
            str(tmp_path / "layers"),
        ]
    )
    assert code == EXIT_AUTHORED
    assert "industrial_areas.csv: missing column(s) status" in capsys.readouterr().err
    assert not list((tmp_path / "layers").glob("*.geojson"))


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (Polygon(), "empty geometry"),
        (
            Polygon([(105.90, 20.40), (105.95, 20.45), (105.95, 20.40), (105.90, 20.45)]),
            "invalid geometry (Self-intersection",
        ),
        (Point(20.4977, 105.9075), "outside the area of interest"),
    ],
)
def test_bad_authored_geometries_are_refused_naming_the_feature(
    geometry: Any, message: str
) -> None:
    with pytest.raises(AuthoredDataError, match=r"feature 'ccn_test'") as caught:
        check_geometry("ccn_test", geometry, Path("authored.geojson"))
    assert message in str(caught.value)


def test_build_from_cache_opens_no_socket(
    source_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a download cache has the offline folder's layout: the read-only sources serve as one
    cache = source_dir
    attempts: list[object] = []

    def refuse(*args: object, **_kwargs: object) -> None:
        attempts.append(args)
        msg = "network access attempted during the build"
        raise OSError(msg)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.delenv("THANH_LIEM_DATA_DIR", raising=False)
    options = BuildOptions(
        sources=SourceSettings(cache_dir=cache),
        layers_dir=tmp_path / "layers",
        output_dir=tmp_path / "output",
    )
    assert run_build(options)
    assert attempts == []


def test_offline_mode_without_data_never_tries_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        msg = "network access attempted in offline mode"
        raise AssertionError(msg)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    settings = SourceSettings(offline=True, cache_dir=tmp_path / "empty")
    with pytest.raises(SourceUnavailableError, match="offline mode forbids downloading"):
        fetch(SOURCES["dvhcvn-gis-35"], settings)


def _netns_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], check=False, capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _netns_available(), reason="needs `unshare -n` (root) to cut the network")
def test_cli_in_a_namespace_without_network(source_dir: Path, tmp_path: Path) -> None:
    cache = source_dir  # laid out as a download cache holding every source
    env = {k: v for k, v in os.environ.items() if not k.startswith("THANH_LIEM_")}
    base = [sys.executable, "-m", "geo", "build", "--layers-dir", str(tmp_path / "layers")]
    base += ["--output-dir", str(tmp_path / "output")]

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["unshare", "-n", *base, *extra],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    # sources are read by the layer stage only (the products reading them offline is
    # test_build_from_cache_opens_no_socket's check): the layers suffice here
    warm = run("--cache-dir", str(cache), "--layers-only")
    assert warm.returncode == EXIT_OK, warm.stderr
    assert (tmp_path / "layers" / "district.geojson").is_file()
    cold = run("--cache-dir", str(tmp_path / "empty-cache"))
    assert cold.returncode == EXIT_SOURCE
    assert "cannot download source" in cold.stderr
    assert "THANH_LIEM_DATA_DIR" in cold.stderr
    offline = run("--cache-dir", str(tmp_path / "empty-cache"), "--offline")
    assert offline.returncode == EXIT_SOURCE
    assert "offline mode forbids downloading" in offline.stderr


HOSTILE_IMG = "<img src=x onerror=window.__pwned=1>"
HOSTILE_SCRIPT = "</script><script>window.__pwned=2</script>"


def test_hostile_text_in_authored_data_stays_text_everywhere(
    authored_copy: Path, settings: SourceSettings, tmp_path: Path, browser: Browser
) -> None:
    def edit(name: str, old: str, new: str) -> None:
        path = authored_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("industrial_areas.csv", "Khu công nghiệp Thanh Liêm,", f'"{HOSTILE_IMG}",')
    edit("industrial_areas.csv", "Báo Hà Nam 2024, ¶2; position", f"{HOSTILE_SCRIPT} position")
    edit("roads.csv", "Đường T1,", f"{HOSTILE_SCRIPT},")
    edit("admin_2025.csv", "Trụ sở xã Thanh Nghị", HOSTILE_SCRIPT)
    options = BuildOptions(
        sources=settings,
        layers_dir=tmp_path / "layers",
        output_dir=tmp_path / "output",
        authored_dir=authored_copy,
    )
    run_build(options)

    areas = json.loads((options.layers_dir / "industrial_areas.geojson").read_text("utf-8"))
    kcn = areas["features"][0]["properties"]
    assert kcn["name_vi"] == HOSTILE_IMG
    assert kcn["source"].startswith(HOSTILE_SCRIPT)

    gpkg = options.output_dir / "thanh_liem.gpkg"
    gpkg_areas = pyogrio.read_dataframe(gpkg, layer="industrial_areas").set_index("id")
    assert gpkg_areas.loc["kcn_thanh_liem", "name_vi"] == HOSTILE_IMG
    gpkg_roads = pyogrio.read_dataframe(gpkg, layer="roads").set_index("id")
    assert gpkg_roads.loc["t1", "name_vi"] == HOSTILE_SCRIPT

    opened = open_map(browser, options.output_dir / "thanh_liem_map.html")
    page = opened.page
    page.locator('.tl-sym [data-id="kcn_thanh_liem"]').click()
    popup = page.locator('.leaflet-popup .tl-pop[data-feature="kcn_thanh_liem"]')
    assert popup.locator(".tl-pop-title").inner_text() == HOSTILE_IMG
    popup.locator(".tl-pop-details summary").click()
    popup.locator(".tl-pop-details[open]").wait_for()
    assert HOSTILE_SCRIPT in popup.inner_text()
    page.evaluate(IMAGES_SETTLED)  # any onerror handler has run by now
    assert page.evaluate("window.__pwned === undefined")
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    assert opened.dialogs == []
    assert opened.page_errors == []
    page.context.close()
