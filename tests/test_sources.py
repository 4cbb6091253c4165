from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geo.boundaries import read_province
from geo.cli import EXIT_OK, EXIT_SOURCE, main
from geo.sources import (
    DATA_DIR_ENV,
    SOURCES,
    SourceFormatError,
    SourceHashError,
    SourceMissingError,
    SourceSettings,
    SourceUnavailableError,
    fetch,
    sha256_of,
)
from tests.cli_runner import error_lines, run_cli

if TYPE_CHECKING:
    from collections.abc import Callable

GIS = "dvhcvn/data/gis/{}.json"


def test_every_source_is_pinned_and_its_file_has_the_pinned_hash(
    settings: SourceSettings, source_dir: Path
) -> None:
    for source in SOURCES.values():
        # the address names an upstream commit, not a branch, and the file's own path
        pinned = re.fullmatch(
            r"https://raw\.githubusercontent\.com/daohoangson/(\w+)/([0-9a-f]{40})/(.+)",
            source.url,
        )
        assert pinned, source.url
        assert pinned.groups() == (source.dataset, source.commit, source.path)
        path = fetch(source, settings)
        assert path == source_dir / source.relpath
        content = path.read_bytes()
        assert hashlib.sha256(content).hexdigest() == source.sha256 == sha256_of(path)
        assert len(content) == source.size
        # the licence named is the one the upstream repository ships, and credited
        licence = (source_dir / source.dataset / "LICENSE").read_text(encoding="utf-8")
        assert source.licence == "GPL-3.0"
        assert "GNU GENERAL PUBLIC LICENSE" in licence
        assert "Version 3" in licence
        assert f"{source.dataset} ({source.licence})" in source.credit


def test_missing_file_names_the_file_and_the_setting(sources_copy: Callable[..., Path]) -> None:
    mirror = sources_copy()  # the file is removed, not changed: a link suffices
    (mirror / GIS.format("35")).unlink()
    with pytest.raises(SourceMissingError, match=r"35\.json.*THANH_LIEM_DATA_DIR"):
        fetch(SOURCES["dvhcvn-gis-35"], SourceSettings(data_dir=mirror))


def test_hash_mismatch_is_refused_and_names_the_file(sources_copy: Callable[..., Path]) -> None:
    mirror = sources_copy(GIS.format("37"))
    path = mirror / GIS.format("37")
    path.write_bytes(path.read_bytes().replace(b"Ninh", b"Nanh", 1))
    with pytest.raises(SourceHashError, match=r"37\.json.*SHA-256 mismatch") as caught:
        fetch(SOURCES["dvhcvn-gis-37"], SourceSettings(data_dir=mirror))
    assert "truncated" not in str(caught.value)


def test_truncated_file_is_reported_as_truncated(sources_copy: Callable[..., Path]) -> None:
    mirror = sources_copy(GIS.format("35"))
    path = mirror / GIS.format("35")
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(SourceHashError, match=r"truncated or incomplete \(1000 of 280276 bytes\)"):
        fetch(SOURCES["dvhcvn-gis-35"], SourceSettings(data_dir=mirror))


def test_corrupt_file_with_matching_hash_gives_a_format_error(
    sources_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = sources_copy(GIS.format("35"))
    path = mirror / GIS.format("35")
    path.write_bytes(path.read_bytes()[:5000])
    corrupt = dataclasses.replace(
        SOURCES["dvhcvn-gis-35"], sha256=sha256_of(path), size=path.stat().st_size
    )
    monkeypatch.setitem(SOURCES, "dvhcvn-gis-35", corrupt)
    with pytest.raises(SourceFormatError, match=r"35\.json is corrupt.*not valid JSON"):
        read_province("35", SourceSettings(data_dir=mirror))


def test_offline_without_folder_or_cache_names_the_setting(tmp_path: Path) -> None:
    settings = SourceSettings(offline=True, cache_dir=tmp_path / "empty-cache")
    with pytest.raises(SourceUnavailableError, match=DATA_DIR_ENV):
        fetch(SOURCES["dvhcvn-gis-35"], settings)


def test_cache_is_used_offline(settings: SourceSettings, tmp_path: Path) -> None:
    source = SOURCES["dvhcvn-gis-33"]
    cached = tmp_path / "cache" / source.relpath
    cached.parent.mkdir(parents=True)
    shutil.copyfile(fetch(source, settings), cached)
    offline = SourceSettings(offline=True, cache_dir=tmp_path / "cache")
    assert fetch(source, offline) == cached


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("delete", "source file missing"),
        ("alter", "SHA-256 mismatch"),
        ("truncate", "truncated or incomplete"),
    ],
)
def test_build_with_a_bad_source_exits_non_zero_and_writes_nothing(
    sources_copy: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
    message: str,
) -> None:
    mirror = sources_copy(GIS.format("36"))
    path = mirror / GIS.format("36")
    if damage == "delete":
        path.unlink()
    elif damage == "alter":
        path.write_bytes(path.read_bytes().replace(b"Nam", b"Nom", 1))
    else:
        path.write_bytes(path.read_bytes()[:-10])
    layers = tmp_path / "layers"
    layers.mkdir()
    (layers / "district.geojson").write_text("previous", encoding="utf-8")
    code = main(
        [
            "build",
            "--data-dir",
            str(mirror),
            "--layers-dir",
            str(layers),
            "--offline",
            "--output-dir",
            str(tmp_path / "output"),
        ]
    )
    assert code == EXIT_SOURCE
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in layers.iterdir()) == ["district.geojson"]
    assert (layers / "district.geojson").read_text(encoding="utf-8") == "previous"


def test_sources_command_lists_licence_and_availability(
    sources_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    mirror = sources_copy()
    assert main(["sources", "--data-dir", str(mirror)]) == EXIT_OK
    assert capsys.readouterr().out.count("status:  available") == 8
    (mirror / GIS.format("17")).unlink()
    assert main(["sources", "--data-dir", str(mirror)]) == EXIT_SOURCE
    captured = capsys.readouterr()
    assert captured.out.count("licence: GPL-3.0") == 8
    assert captured.out.count("status:  available") == 7
    assert "dvhcvn-gis-17" in captured.out
    assert "source file missing" in captured.out
    assert captured.err == "error: 1 of 8 sources have a problem\n"


def test_sources_command_offline_without_cache_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    code = main(["sources", "--offline", "--cache-dir", str(tmp_path / "empty")])
    assert code == EXIT_SOURCE
    captured = capsys.readouterr()
    assert captured.out.count("problem: not available offline") == 8
    assert captured.err == "error: 8 of 8 sources have a problem\n"


def test_a_folder_in_place_of_a_source_exits_3(
    sources_copy: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror = sources_copy()
    path = mirror / GIS.format("34")
    path.unlink()
    path.mkdir()
    args = ["build", "--layers-only", "--layers-dir", str(tmp_path / "layers")]
    assert main([*args, "--data-dir", str(mirror)]) == EXIT_SOURCE
    assert error_lines(capsys.readouterr().err) == [
        f"error: source file {path} (source 'dvhcvn-gis-34') is a folder or not a regular file"
    ]
    assert main(["sources", "--data-dir", str(mirror)]) == EXIT_SOURCE
    assert "status:  problem: source file" in capsys.readouterr().out


def test_an_unreadable_source_exits_3(sources_copy: Callable[..., Path], tmp_path: Path) -> None:
    mirror = sources_copy(GIS.format("36"))
    path = mirror / GIS.format("36")
    path.chmod(0)
    layers = tmp_path / "layers"
    result = run_cli(
        "build",
        "--layers-only",
        "--data-dir",
        str(mirror),
        "--layers-dir",
        str(layers),
        permissions_apply=True,
    )
    assert result.returncode == EXIT_SOURCE, result.stderr
    assert error_lines(result.stderr) == [
        f"error: cannot read source file {path}: Permission denied"
    ]
    assert not list(layers.glob("*.geojson"))
    listing = run_cli("sources", "--data-dir", str(mirror), permissions_apply=True)
    assert listing.returncode == EXIT_SOURCE
    assert f"problem: cannot read source file {path}" in listing.stdout
