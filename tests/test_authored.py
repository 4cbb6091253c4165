from __future__ import annotations

from pathlib import Path

import pytest

from geo.authored import AuthoredDataError
from geo.cli import EXIT_AUTHORED, main
from geo.layers import build_layers
from geo.sources import SourceSettings


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_swapped_coordinates_are_rejected_naming_the_feature(
    authored_copy: Path, settings: SourceSettings
) -> None:
    _edit(authored_copy / "reference_points.csv", "105.90978,20.3861", "20.3861,105.90978")
    with pytest.raises(AuthoredDataError, match=r"'commune_thanh_hai' lies outside the area"):
        build_layers(settings, authored_copy)


def test_missing_position_is_rejected_as_empty_geometry(
    authored_copy: Path, settings: SourceSettings
) -> None:
    _edit(authored_copy / "admin_2025.csv", "105.893,20.4215", ",")
    with pytest.raises(AuthoredDataError, match=r"'thanh_lam' has no lon"):
        build_layers(settings, authored_copy)


def test_schematic_road_through_one_point_is_rejected(
    authored_copy: Path, settings: SourceSettings
) -> None:
    path = authored_copy / "roads.csv"
    text = path.read_text(encoding="utf-8")
    start = text.index("commune_thanh_nguyen;")
    end = text.index(",28.9")
    path.write_text(text[:start] + "commune_thanh_nguyen" + text[end:], encoding="utf-8")
    with pytest.raises(AuthoredDataError, match=r"'dt495b' needs at least two via_points"):
        build_layers(settings, authored_copy)


def test_feature_without_source_is_rejected_naming_it(
    authored_copy: Path, settings: SourceSettings
) -> None:
    path = authored_copy / "industrial_areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert header.index("sources") == 10
    row = lines[2]  # ccn_thanh_hai
    start = row.index(',"Báo Hà Nam 2024, ¶2 and ¶14')
    end = row.index('GADM 4.1"') + len('GADM 4.1"')
    lines[2] = row[:start] + "," + row[end:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AuthoredDataError, match=r"feature 'ccn_thanh_hai' has no sources"):
        build_layers(settings, authored_copy)


def test_unknown_reference_point_is_rejected(authored_copy: Path, settings: SourceSettings) -> None:
    _edit(authored_copy / "industrial_areas.csv", ",commune_thanh_luu,", ",commune_nowhere,")
    with pytest.raises(AuthoredDataError, match=r"'ccn_thanh_luu' refers to .*commune_nowhere"):
        build_layers(settings, authored_copy)


def test_non_utf8_file_is_rejected(authored_copy: Path, settings: SourceSettings) -> None:
    path = authored_copy / "roads.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    with pytest.raises(AuthoredDataError, match=r"roads\.csv is not UTF-8"):
        build_layers(settings, authored_copy)


def test_duplicate_ids_are_rejected(authored_copy: Path, settings: SourceSettings) -> None:
    _edit(authored_copy / "admin_2025.csv", "\nthanh_lam,", "\nthanh_liem,")
    with pytest.raises(AuthoredDataError, match=r"duplicate id\(s\) thanh_liem"):
        build_layers(settings, authored_copy)


def test_cli_refuses_bad_authored_data_and_keeps_previous_layers(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(authored_copy / "reference_points.csv", "105.93975,20.46425", "105.93975,")
    layers = tmp_path / "layers"
    assert main(["build", "--layers-dir", str(layers), "--layers-only"]) == 0
    before = {path.name: path.read_bytes() for path in layers.iterdir()}
    code = main(
        [
            "build",
            "--layers-dir",
            str(layers),
            "--layers-only",
            "--authored-dir",
            str(authored_copy),
        ]
    )
    assert code == EXIT_AUTHORED
    assert "'commune_thanh_luu' has no lat" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in layers.iterdir()} == before
