"""All-or-nothing publishing: layers, map, GeoPackage and project replace the previous set
together or not at all, whatever stops them (a folder in the way, an immutable file, a full
disk, a killed build)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import publish as publishing
from geo.cli import EXIT_OK, EXIT_OUTPUT, main
from geo.io import STAGING_PREFIX, OutputError
from geo.pipeline import BuildOptions, run_build
from geo.publish import KEPT_PREFIX, publish
from geo.sources import SourceSettings
from tests.cli_runner import error_lines
from tests.conftest import copy_of_build
from tests.osm.builder import OsmBuilder

ROOT = Path(__file__).resolve().parents[1]


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones included) by relative path."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _hidden(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob(".*"))


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[None]:
    """Set the immutable attribute (``chattr +i``) on ``path`` for the duration."""
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr (e2fsprogs) is not installed")
    done = subprocess.run([chattr, "+i", str(path)], check=False, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"immutable files unsupported here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@pytest.fixture
def site(full_build: tuple[Path, list[Path]], tmp_path: Path) -> Path:
    """A writable copy of a complete build, the set a new build must replace or keep."""
    return copy_of_build(full_build, tmp_path / "site")


@pytest.fixture
def changed(authored_copy: Path) -> Path:
    """Authored data whose build differs from the previous one in every product."""
    path = authored_copy / "industrial_areas.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Thanh Hải Industrial Cluster", "Thanh Hai cluster"), "utf-8")
    return authored_copy


def _build(root: Path, authored: Path) -> int:
    return main(
        [
            "build",
            *("--layers-dir", str(root / "layers"), "--output-dir", str(root / "output")),
            *("--authored-dir", str(authored)),
        ]
    )


# --- publish() on its own --------------------------------------------------------------------


def _staged(tmp_path: Path, names: list[str]) -> tuple[Path, list[tuple[Path, Path]]]:
    target = tmp_path / "target"
    target.mkdir()
    stage = target / f"{STAGING_PREFIX}{os.getpid()}-test"
    stage.mkdir()
    pairs = []
    for name in names:
        (target / name).write_text(f"old {name}", encoding="utf-8")
        (stage / name).write_text(f"new {name}", encoding="utf-8")
        pairs.append((stage / name, target / name))
    return target, pairs


def test_publish_replaces_every_file(tmp_path: Path) -> None:
    target, pairs = _staged(tmp_path, ["a.geojson", "b.html", "c.gpkg"])
    assert publish(pairs) == [final for _, final in pairs]
    assert {p.name: p.read_text("utf-8") for p in target.iterdir() if p.is_file()} == {
        "a.geojson": "new a.geojson",
        "b.html": "new b.html",
        "c.gpkg": "new c.gpkg",
    }


def test_a_folder_in_the_way_publishes_nothing(tmp_path: Path) -> None:
    target, pairs = _staged(tmp_path, ["a.geojson", "b.html", "c.gpkg"])
    (target / "b.html").unlink()
    (target / "b.html").mkdir()
    before = _files(target)
    with pytest.raises(OutputError) as caught:
        publish(pairs)
    assert str(caught.value) == (
        f"cannot replace {target / 'b.html'}: a folder is in its place; "
        "nothing was published and the previous files are unchanged"
    )
    assert _files(target) == before
    assert (target / "b.html").is_dir()


def test_an_immutable_file_publishes_nothing(tmp_path: Path) -> None:
    target, pairs = _staged(tmp_path, ["a.geojson", "b.html", "c.gpkg"])
    before = _files(target)
    with _immutable(target / "c.gpkg"), pytest.raises(OutputError) as caught:
        publish(pairs)
    assert str(caught.value).startswith(
        f"cannot replace {target / 'c.gpkg'}: Operation not permitted; nothing was published"
    )
    assert _files(target) == before


def test_a_previous_file_that_cannot_be_restored_is_kept_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, pairs = _staged(tmp_path, ["a.geojson", "b.html"])
    (target / "b.html").unlink()
    (target / "b.html").mkdir()

    def undo_fails(_step: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(publishing._Step, "undo", undo_fails)
    with pytest.raises(OutputError, match=r"could not restore .*a\.geojson") as caught:
        publish(pairs)
    kept = target / f"{KEPT_PREFIX}{os.getpid()}-test" / "a.geojson.previous"
    assert f"its previous version is kept as {kept}" in str(caught.value)
    assert kept.read_text("utf-8") == "old a.geojson"


# --- the whole build ---------------------------------------------------------------------------


def test_an_immutable_output_keeps_the_whole_previous_set(
    site: Path, changed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(site)
    with _immutable(site / "output" / "thanh_liem.qgz"):
        assert _build(site, changed) == EXIT_OUTPUT
    assert error_lines(capsys.readouterr().err) == [
        f"error: cannot replace {site / 'output' / 'thanh_liem.qgz'}: Operation not permitted; "
        "nothing was published and the previous files are unchanged"
    ]
    assert _files(site) == before
    assert _hidden(site) == []
    assert _build(site, changed) == EXIT_OK  # and once the file is free, the set is replaced
    after = _files(site)
    assert set(after) == set(before)
    changed_files = {"layers/industrial_areas.geojson", "output/thanh_liem_map.html"}
    assert {name for name in after if after[name] != before[name]} >= changed_files


def test_a_folder_in_place_of_the_map_keeps_the_layers(
    site: Path, changed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = site / "output" / "thanh_liem_map.html"
    html.unlink()
    (html / "index.html").parent.mkdir()
    (html / "index.html").write_text("someone's folder", encoding="utf-8")
    before = _files(site)
    assert _build(site, changed) == EXIT_OUTPUT
    assert error_lines(capsys.readouterr().err) == [
        f"error: cannot replace {html}: a folder is in its place; "
        "nothing was published and the previous files are unchanged"
    ]
    assert _files(site) == before
    assert _hidden(site) == []


def _wait_for(condition: object, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not callable(condition) or not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached the expected step"
        time.sleep(0.02)


def test_staging_folders_of_a_killed_build_are_removed_by_the_next(
    site: Path, authored_copy: Path, settings: SourceSettings
) -> None:
    facts = authored_copy / "facts.csv"
    facts.unlink()
    os.mkfifo(facts)  # the build blocks reading it, after staging its layers
    command = [sys.executable, "-m", "geo", "build", "--authored-dir", str(authored_copy)]
    command += ["--layers-dir", str(site / "layers"), "--output-dir", str(site / "output")]
    killed = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: len(_hidden(site / "output")) == 1, killed)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.communicate()
    left = _hidden(site / "layers") + _hidden(site / "output")
    assert [name.split("-")[0] + "-" for name in left] == [STAGING_PREFIX] * 2
    live = site / "layers" / f"{STAGING_PREFIX}{os.getpid()}-another-build"
    live.mkdir()
    run_build(
        BuildOptions(sources=settings, layers_dir=site / "layers", output_dir=site / "output")
    )
    assert _hidden(site / "layers") == [live.name]
    assert _hidden(site / "output") == []


def test_an_unwritable_authored_folder_stops_the_osm_import(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    osm = OsmBuilder()
    osm.square((105.9075142, 20.4977133), 0.003, {"landuse": "industrial"})
    extract = osm.write_xml(tmp_path / "extract.osm")
    before = _files(authored_copy)
    with _immutable(authored_copy):
        code = main(["import-osm", str(extract), "--authored-dir", str(authored_copy)])
    assert code == EXIT_OUTPUT
    assert error_lines(capsys.readouterr().err) == [
        f"error: cannot write to {authored_copy}: Operation not permitted"
    ]
    assert _files(authored_copy) == before


# --- a full disk at each write ----------------------------------------------------------------


def _tmpfs_works(tmp_path: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = ["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs"]
    done = subprocess.run([*probe, "tmpfs", str(tmp_path)], check=False, capture_output=True)
    return done.returncode == 0


def _pages(size: int) -> int:
    return -(-size // 4096)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("layers", r"error: cannot write {disk}/layers/\w+\.geojson: No space left on device"),
        ("map", r"error: cannot write {disk}/output/thanh_liem_map\.html: No space left on device"),
        # GDAL says "database or disk is full" or "Failed to commit transaction"
        ("geopackage", r"error: cannot write the QGIS export to {disk}/output/.+"),
    ],
)
def test_a_full_disk_at_any_write_keeps_the_previous_set(
    full_build: tuple[Path, list[Path]], tmp_path: Path, step: str, message: str
) -> None:
    previous = full_build[0]  # only read: the helper copies it onto the full disk
    if not _tmpfs_works(tmp_path):
        pytest.skip("needs root with `unshare -m` and tmpfs mounts to fill a disk for real")
    sizes = {path.name: _pages(path.stat().st_size) for path in previous.rglob("*.*")}
    layers = sum(pages for name, pages in sizes.items() if name.endswith(".geojson"))
    free = {
        "layers": layers // 2,
        "map": layers + sizes["thanh_liem_map.html"] // 2,
        "geopackage": layers + sizes["thanh_liem_map.html"] + sizes["thanh_liem.gpkg"] // 2,
    }[step]
    disk = tmp_path / "disk"
    disk.mkdir()
    spec = {
        "disk": str(disk),
        "size_kb": 4 * (sum(sizes.values()) + free + 8),  # + a few pages for folders
        "previous": str(previous),
        "args": ["--layers-dir", str(disk / "layers"), "--output-dir", str(disk / "output")],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    done = subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "private",
            sys.executable,
            str(ROOT / "tests" / "full_disk.py"),
            str(tmp_path / "spec.json"),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert report["code"] == EXIT_OUTPUT, report["stderr"]
    (line,) = error_lines(report["stderr"])
    assert re.fullmatch(message.format(disk=re.escape(str(disk))), line), line
    expected = {name: hashlib.sha256(data).hexdigest() for name, data in _files(previous).items()}
    assert report["files"] == expected
    assert report["hidden"] == []
