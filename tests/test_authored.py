from __future__ import annotations

import csv
import re
from pathlib import Path

import geopandas as gpd
import pytest

from geo.authored import AuthoredDataError, read_csv
from geo.cli import EXIT_AUTHORED, main
from geo.layer_files import collections_of
from geo.layers import build_layers
from geo.sources import SourceSettings
from geo.upgrades import upgrade_layers
from tests.cli_runner import error_lines, run_cli


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


# --- text edge cases: rows are split by the CSV rules only ---------------------------------


def _areas(settings: SourceSettings, folder: Path) -> dict[str, dict[str, object]]:
    frame = build_layers(settings, folder)["industrial_areas"]
    return {row["id"]: row.to_dict() for _, row in frame.iterrows()}


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\t", "\n"])
def test_separators_inside_a_field_are_kept_and_split_no_row(
    authored_copy: Path, settings: SourceSettings, char: str
) -> None:
    quoted = f"Chỉ biết cụm{char}nằm trong"
    unquoted = f"Thanh Hải{char}Industrial Cluster"
    if char == "\n":  # a line break needs quotes in CSV
        unquoted = f'"{unquoted}"'
    _edit(authored_copy / "industrial_areas.csv", "Chỉ biết cụm nằm trong", quoted)
    _edit(authored_copy / "industrial_areas.csv", "Thanh Hải Industrial Cluster", unquoted)
    areas = _areas(settings, authored_copy)
    assert list(areas) == ["kcn_thanh_liem", "ccn_thanh_hai", "ccn_thanh_luu"]
    assert str(areas["ccn_thanh_hai"]["note_vi"]).startswith(quoted)
    assert areas["ccn_thanh_hai"]["name_en"] == unquoted.strip('"')
    assert areas["ccn_thanh_luu"]["name_en"] == "Thanh Lưu Industrial Cluster"


@pytest.mark.parametrize(
    "control", [("\u0085", "U+0085"), ("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x7f", "U+007F")]
)
@pytest.mark.parametrize(
    "place", [("Chỉ biết cụm nằm", "note_vi"), ("Thanh Hải Industrial Cluster", "name_en")]
)
def test_control_characters_are_refused_naming_file_line_and_field(
    authored_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    control: tuple[str, str],
    place: tuple[str, str],
) -> None:
    (char, code), (old, field) = control, place
    _edit(authored_copy / "industrial_areas.csv", old, old[:6] + char + old[6:])
    layers = tmp_path / "layers"
    args = ["build", "--layers-only", "--layers-dir", str(layers)]
    assert main([*args, "--authored-dir", str(authored_copy)]) == EXIT_AUTHORED
    (line,) = error_lines(capsys.readouterr().err)
    assert (
        f"industrial_areas.csv line 3 ('ccn_thanh_hai'), field {field}: "
        f"invisible control character {code}" in line
    )
    assert not layers.exists() or not list(layers.iterdir())


def test_line_numbers_count_line_breaks_inside_quoted_fields(authored_copy: Path) -> None:
    path = authored_copy / "industrial_areas.csv"
    _edit(path, "Chỉ biết cụm nằm", "Chỉ biết\ncụm\nnằm")
    _edit(path, "Thanh Lưu Industrial Cluster", "Thanh Lưu\x00Industrial Cluster")
    with pytest.raises(
        AuthoredDataError, match=r"industrial_areas\.csv line 6 \('ccn_thanh_luu'\)"
    ):
        read_csv(path, ("id",))


@pytest.mark.parametrize(
    ("escape", "code"), [("\\u0000", "U+0000"), ("\\u001b", "U+001B"), ("\u0085", "U+0085")]
)
def test_control_characters_in_toml_are_refused_naming_file_line_and_key(
    authored_copy: Path, settings: SourceSettings, escape: str, code: str
) -> None:
    path = authored_copy / "district.toml"
    _edit(path, 'change_2013_en = "Resolution', f'change_2013_en = "Reso{escape}lution')
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("change_2013_en"))
    message = f"district.toml line {line}, field change_2013_en: invisible control character {code}"
    with pytest.raises(AuthoredDataError, match=re.escape(message)):
        build_layers(settings, authored_copy)


def test_line_separator_in_toml_is_kept(authored_copy: Path, settings: SourceSettings) -> None:
    _edit(authored_copy / "district.toml", '"Resolution 89', '"Resolution\\u202889')
    district = build_layers(settings, authored_copy)["district"].iloc[0]
    assert district["change_2013_en"].startswith("Resolution\u202889/NQ-CP (23/07/2013)")


# --- files: missing, unreadable, a folder in their place, byte order mark, field limit ------

AUTHORED_FILES = [
    "admin_2025.csv",
    "article.toml",
    "district.toml",
    "facts.csv",
    "industrial_areas.csv",
    "reference_points.csv",
    "roads.csv",
]


@pytest.mark.parametrize("name", AUTHORED_FILES)
@pytest.mark.parametrize("damage", ["missing", "folder"])
def test_every_authored_file_comes_from_the_authored_dir(
    authored_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    damage: str,
) -> None:
    path = authored_copy / name
    path.unlink()
    if damage == "folder":
        path.mkdir()
    layers, output = tmp_path / "layers", tmp_path / "output"
    code = main(
        [
            "build",
            *("--authored-dir", str(authored_copy)),
            *("--layers-dir", str(layers), "--output-dir", str(output)),
        ]
    )
    assert code == EXIT_AUTHORED
    expected = (
        f"authored file missing: {path}"
        if damage == "missing"
        else f"{path} is a folder, not a file: put the file there"
    )
    assert error_lines(capsys.readouterr().err) == [f"error in authored data: {expected}"]
    assert not list(layers.glob("*.geojson"))
    assert not list(output.glob("*.*"))


def test_a_missing_authored_dir_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    layers = ["--layers-dir", str(tmp_path / "layers"), "--output-dir", str(tmp_path / "output")]
    assert main(["build", "--authored-dir", str(missing), *layers]) == EXIT_AUTHORED
    assert capsys.readouterr().err == (
        f"error in authored data: authored-data folder {missing} does not exist\n"
    )


def test_an_unreadable_authored_file_exits_4(authored_copy: Path, tmp_path: Path) -> None:
    (authored_copy / "roads.csv").chmod(0)
    result = run_cli(
        "build",
        "--layers-only",
        *("--authored-dir", str(authored_copy), "--layers-dir", str(tmp_path / "layers")),
        permissions_apply=True,
    )
    assert result.returncode == EXIT_AUTHORED, result.stderr
    assert error_lines(result.stderr) == [
        f"error in authored data: cannot read {authored_copy / 'roads.csv'}: Permission denied"
    ]


def test_a_byte_order_mark_is_accepted(
    authored_copy: Path, settings: SourceSettings, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    for name in AUTHORED_FILES:
        path = authored_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    built = upgrade_layers(build_layers(settings, authored_copy), authored_copy)
    assert collections_of(built) == collections_of(layers)


def test_a_missing_optional_column_is_named(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(authored_copy / "industrial_areas.csv", ",note_vi,note_en\n", ",note_vi,notes\n")
    args = ["build", "--layers-only", "--layers-dir", str(tmp_path / "layers")]
    assert main([*args, "--authored-dir", str(authored_copy)]) == EXIT_AUTHORED
    assert "industrial_areas.csv: missing column(s) note_en" in capsys.readouterr().err


def test_a_field_over_the_csv_field_limit_is_named(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_note = "x" * (csv.field_size_limit() + 1)
    _edit(authored_copy / "roads.csv", "Named in the article only;", long_note)
    args = ["build", "--layers-only", "--layers-dir", str(tmp_path / "layers")]
    assert main([*args, "--authored-dir", str(authored_copy)]) == EXIT_AUTHORED
    err = capsys.readouterr().err
    limit = f"{csv.field_size_limit():,}"
    assert f"roads.csv line 3: a field is longer than {limit} characters" in err


# --- numbers: non-numeric, NaN, infinite, implausible ----------------------------------------

REFERENCE_KCN = "105.9075142,20.4977133,750,"
ADMIN_LIEM_HA = "20.95,27732,"


@pytest.mark.parametrize(
    "case",
    [
        ("reference_points.csv", REFERENCE_KCN, REFERENCE_KCN.replace("750", "0"), "radius_m: 0"),
        ("reference_points.csv", REFERENCE_KCN, REFERENCE_KCN.replace("750", "nan"), "finite"),
        ("reference_points.csv", REFERENCE_KCN, REFERENCE_KCN.replace("750", "-750"), "-750"),
        ("reference_points.csv", REFERENCE_KCN, REFERENCE_KCN.replace("750", "1e9"), "radius_m"),
        ("reference_points.csv", "105.9075142,", "inf,", "lon: inf is not a finite number"),
        ("industrial_areas.csv", "existing,,", "existing,-3,", "area_ha: -3 is implausible"),
        ("industrial_areas.csv", "existing,,", "existing,Infinity,", "area_ha: inf is not"),
        ("industrial_areas.csv", "existing,,", "existing,ba ha,", "non-numeric area_ha"),
        ("roads.csv", ",28.9,", ",-28.9,", "length_km_official: -28.9 is implausible"),
        ("roads.csv", ",28.9,", ",NaN,", "length_km_official: nan is not a finite number"),
        ("admin_2025.csv", ADMIN_LIEM_HA, "20.95,27732.5,", "27732.5 is not a whole number"),
        ("admin_2025.csv", ADMIN_LIEM_HA, "20.95,-1,", "population_published: -1 is"),
        ("admin_2025.csv", ADMIN_LIEM_HA, "20.95,2e9,", "population_published: 2e+09 is"),
        ("admin_2025.csv", ADMIN_LIEM_HA, "0,27732,", "area_km2_published: 0 is implausible"),
        ("district.toml", "accuracy_m = 330", "accuracy_m = nan", "accuracy_m: nan is not"),
        ("district.toml", "accuracy_m = 330", "accuracy_m = -inf", "accuracy_m: -inf is not"),
        ("district.toml", "accuracy_m = 330", 'accuracy_m = "330"', "accuracy_m must be a num"),
        ("district.toml", "accuracy_m = 330", "accuracy_m = true", "accuracy_m must be a num"),
        ("district.toml", "accuracy_m = 330", "accuracy_m = -330", "-330 is implausible"),
        ("district.toml", "area_km2_official = 164.9", "area_km2_official = 1e9", "1e+09 is"),
    ],
)
def test_bad_numbers_are_refused_naming_file_feature_and_field(
    authored_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, str, str, str],
) -> None:
    name, old, new, message = case
    _edit(authored_copy / name, old, new)
    args = ["build", "--layers-only", "--layers-dir", str(tmp_path / "layers")]
    assert main([*args, "--authored-dir", str(authored_copy)]) == EXIT_AUTHORED
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1
    assert name in lines[0]
    assert message in lines[0]


def test_unit_type_must_be_known(authored_copy: Path, settings: SourceSettings) -> None:
    _edit(authored_copy / "admin_2025.csv", "Xã Liêm Hà,xã,", "Xã Liêm Hà,thôn,")
    with pytest.raises(AuthoredDataError, match=r"'liem_ha' has unit_type 'thôn', not one of"):
        build_layers(settings, authored_copy)


def test_an_id_must_be_an_identifier(authored_copy: Path, settings: SourceSettings) -> None:
    _edit(authored_copy / "roads.csv", "\nt4,", '\n"t4\nforged: ok",')
    with pytest.raises(AuthoredDataError) as caught:
        build_layers(settings, authored_copy)
    assert str(caught.value) == (
        f"{authored_copy / 'roads.csv'} line 4: id 't4\\nforged: ok' is not an identifier "
        "(only letters, digits, '_', '.' and '-')"
    )
