"""The OpenStreetMap import: small synthetic extracts (XML and PBF) made by the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import LineString, shape

from geo.cli import EXIT_OK, main
from geo.metric import length_km
from geo.osm.importer import import_osm
from geo.osm.normalise import fold, industrial_key
from geo.osm.report import REPORT_FILENAME, ImportReport
from geo.osm.targets import FRAME
from geo.pipeline import BuildOptions, run_build
from geo.schema import LAYER_NAMES
from geo.sources import SourceSettings
from geo.upgrades.osm import OVERRIDE_FILENAME
from tests.osm.builder import OsmBuilder
from tests.osm.extracts import (
    DT495B,
    HEADER_TIMESTAMP,
    KCN_POINT,
    OBJECT_TIMESTAMP,
    full_extract,
    outcomes,
    override,
    write_extract,
)


@pytest.fixture(params=["osm", "osm.pbf"])
def imported(
    request: pytest.FixtureRequest, authored_copy: Path, tmp_path: Path
) -> tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str]:
    osm, ids = full_extract()
    path = write_extract(osm, tmp_path, request.param)
    report, written = import_osm(path, authored_copy)
    assert written == [authored_copy / OVERRIDE_FILENAME, authored_copy / REPORT_FILENAME]
    return report, ids, override(authored_copy), request.param


def test_each_kind_matches_cleanly(
    imported: tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str],
) -> None:
    report, ids, override, fmt = imported
    assert outcomes(report) == {
        "kcn_thanh_liem": "matched",
        "ccn_thanh_hai": "matched",
        "ccn_thanh_luu": "unmatched",
        "dt495b": "matched",
        "t1": "matched",
        "t4": "ambiguous",
        "osm_ql1a": "matched",
        "osm_cao_toc_cau_gie_ninh_binh": "matched",
        "osm_ql21a": "matched",
        "osm_song_day": "matched",
    }
    expected_stamp = HEADER_TIMESTAMP if fmt == "osm.pbf" else OBJECT_TIMESTAMP
    assert report.timestamp == expected_stamp
    assert report.timestamp_origin == ("file header" if fmt == "osm.pbf" else "newest object")
    kcn = override["kcn_thanh_liem"]["properties"]
    assert kcn["osm_ids"] == [ids["kcn"]]
    assert kcn["matched_by"] == "containing its published point kcn_thanh_liem_published"
    assert kcn["location_basis"].startswith("openstreetmap: landuse=industrial way ")
    assert expected_stamp in kcn["location_basis"]
    assert kcn["osm_timestamp"] == expected_stamp
    assert "© OpenStreetMap contributors, ODbL" in kcn["source"]
    assert kcn["accuracy_m"] == 30.0
    polygon = shape(override["kcn_thanh_liem"]["geometry"])
    assert polygon.geom_type == "Polygon"
    assert polygon.bounds == pytest.approx((105.904514, 20.494713, 105.910514, 20.500713))
    ccn = override["ccn_thanh_hai"]["properties"]
    assert ccn["osm_ids"] == [ids["ccn_thanh_hai"]]
    assert ccn["matched_by"] == "name 'Cụm công nghiệp Thanh Hải'"
    t1 = override["t1"]["properties"]
    assert (t1["osm_ids"], t1["kind"], t1["accuracy_m"]) == ([ids["t1"]], "mapped_road", 20.0)
    assert t1["matched_by"] == "name 'Đường T1'"
    assert override["osm_cao_toc_cau_gie_ninh_binh"]["properties"]["osm_ids"] == ids["expressway"]
    assert override["osm_ql21a"]["properties"]["osm_ids"] == [ids["ql21a"]]  # not QL21B
    assert override["osm_song_day"]["properties"]["kind"] == "river"
    assert "t4" not in override
    assert "ccn_thanh_luu" not in override


def test_ambiguous_road_is_reported_with_its_osm_ids(
    imported: tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str],
    authored_copy: Path,
) -> None:
    report, ids, _, _ = imported
    (t4,) = report.of("ambiguous")
    assert t4.id == "t4"
    assert t4.osm_ids == tuple(ids["t4"])
    assert "2 separate lines" in t4.detail
    text = (authored_copy / REPORT_FILENAME).read_text(encoding="utf-8")
    assert text == report.to_markdown()
    assert f"- `t4`: {t4.detail} [{', '.join(ids['t4'])}]" in text
    assert "8 matched, 1 unmatched, 1 ambiguous." in text


def test_split_road_is_merged_into_one_line_in_order(
    imported: tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str],
) -> None:
    _, ids, override, _ = imported
    road = override["dt495b"]
    assert road["geometry"] == {"type": "LineString", "coordinates": [list(c) for c in DT495B]}
    props = road["properties"]
    assert props["pieces"] == 1
    assert props["osm_ids"] == sorted(ids["dt495b"], key=lambda i: int(i.split("/")[1]))
    assert ids["proposed"] not in props["osm_ids"]
    assert props["note_en"] == (
        "Route from OpenStreetMap: 5 way(s) joined into one line. "
        "1 of them are tagged as under construction."
    )
    assert "ref 'ĐT.495B'" in props["matched_by"]
    assert "ref '495B'" in props["matched_by"]


def test_context_lines_are_clipped_to_the_map_frame(
    imported: tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str],
) -> None:
    _, _, override, _ = imported
    west, south, east, north = FRAME
    for feature_id in ("osm_ql1a", "osm_cao_toc_cau_gie_ninh_binh", "osm_song_day"):
        line = shape(override[feature_id]["geometry"])
        assert line.geom_type == "LineString", feature_id
        assert line.bounds[1] == pytest.approx(south)
        assert line.bounds[3] == pytest.approx(north)
        assert "Clipped to the map frame." in override[feature_id]["properties"]["note_en"]
    river = shape(override["osm_song_day"]["geometry"])
    assert river.coords[0] == pytest.approx((105.93 - 0.01 * 4 / 20, north))  # runs downstream
    ql21a = shape(override["osm_ql21a"]["geometry"])
    assert ql21a.bounds == pytest.approx((105.90, 20.47, 106.10, 20.55))
    assert all(west <= x <= east for x, _ in ql21a.coords)


def _extract_with(*squares: tuple[tuple[float, float], float, dict[str, str]]) -> OsmBuilder:
    osm = OsmBuilder()
    for centre, half, tags in squares:
        osm.square(centre, half, tags)
    return osm


def test_two_areas_containing_the_point_are_ambiguous_and_not_applied(
    authored_copy: Path, tmp_path: Path
) -> None:
    osm = _extract_with(
        (KCN_POINT, 0.003, {"landuse": "industrial"}),  # ≈ 42 ha
        (KCN_POINT, 0.0025, {"landuse": "industrial"}),  # ≈ 29 ha: both plausible for a park
    )
    report, _ = import_osm(osm.write_xml(tmp_path / "two.osm"), authored_copy)
    assert outcomes(report)["kcn_thanh_liem"] == "ambiguous"
    (entry,) = [entry for entry in report.entries if entry.id == "kcn_thanh_liem"]
    assert entry.osm_ids == ("way/1001", "way/1002")
    assert "2 landuse=industrial areas contain its published point" in entry.detail
    assert override(authored_copy) == {}


def test_name_match_far_from_the_position_is_not_applied(
    authored_copy: Path, tmp_path: Path
) -> None:
    far = (KCN_POINT[0] + 0.05, KCN_POINT[1])  # about 5 km east, radius 750 m
    osm = _extract_with((far, 0.002, {"landuse": "industrial", "name": "KCN Thanh Liêm"}))
    report, _ = import_osm(osm.write_xml(tmp_path / "far.osm"), authored_copy)
    (entry,) = [entry for entry in report.entries if entry.id == "kcn_thanh_liem"]
    assert (entry.outcome, entry.osm_ids) == ("ambiguous", ("way/1001",))
    assert "farther than 750 m" in entry.detail
    assert "kcn_thanh_liem" not in override(authored_copy)


def test_name_match_near_the_position_wins(authored_copy: Path, tmp_path: Path) -> None:
    near = (KCN_POINT[0] + 0.006, KCN_POINT[1])  # does not contain the point, ≈ 420 m away
    osm = _extract_with(
        (near, 0.002, {"landuse": "industrial", "name": "Khu công nghiệp Thanh Liem"}),
    )
    report, _ = import_osm(osm.write_xml(tmp_path / "near.osm"), authored_copy)
    assert outcomes(report)["kcn_thanh_liem"] == "matched"
    props = override(authored_copy)["kcn_thanh_liem"]["properties"]
    assert props["matched_by"] == "name 'Khu công nghiệp Thanh Liem'"


@pytest.mark.parametrize("fmt", ["osm", "osm.pbf"])
def test_multipolygon_relation_matches_by_name(
    authored_copy: Path, tmp_path: Path, fmt: str
) -> None:
    osm = OsmBuilder()
    lon, lat = 105.912, 20.388  # near the Thanh Hải commune point; ≈ 10 ha, a plausible cluster
    south = osm.way([(lon, lat), (lon + 0.003, lat), (lon + 0.003, lat + 0.003)], {})
    north = osm.way([(lon + 0.003, lat + 0.003), (lon, lat + 0.003), (lon, lat)], {})
    relation = osm.multipolygon(
        [south, north], {"landuse": "industrial", "name": "CCN Thanh Hải", "name:en": "Thanh Hai"}
    )
    report, _ = import_osm(write_extract(osm, tmp_path, fmt), authored_copy)
    assert outcomes(report)["ccn_thanh_hai"] == "matched"
    feature = override(authored_copy)["ccn_thanh_hai"]
    assert feature["properties"]["osm_ids"] == [relation]
    assert feature["properties"]["location_basis"].startswith(
        "openstreetmap: landuse=industrial relation 500, "
    )
    assert shape(feature["geometry"]).bounds == pytest.approx((lon, lat, lon + 0.003, lat + 0.003))


def test_road_with_a_gap_keeps_its_pieces_and_says_so(authored_copy: Path, tmp_path: Path) -> None:
    osm = OsmBuilder()
    p = DT495B
    osm.way([p[3], p[4], p[5]], {"highway": "primary", "ref": "ĐT495B"})
    osm.way([p[0], p[1], p[2]], {"highway": "primary", "ref": "ĐT495B"})  # p[2]–p[3] missing
    report, _ = import_osm(osm.write_xml(tmp_path / "gap.osm"), authored_copy)
    (entry,) = [entry for entry in report.entries if entry.id == "dt495b"]
    assert entry.outcome == "matched"
    assert entry.detail.endswith("2 separate pieces kept")
    feature = override(authored_copy)["dt495b"]
    assert feature["geometry"] == {
        "type": "MultiLineString",
        "coordinates": [[list(c) for c in p[:3]], [list(c) for c in p[3:]]],
    }
    assert feature["properties"]["pieces"] == 2
    assert "do not join into one line (2 pieces" in feature["properties"]["note_en"]


def test_area_named_otherwise_is_not_matched_by_containment(
    authored_copy: Path, tmp_path: Path
) -> None:
    osm = _extract_with((KCN_POINT, 0.001, {"landuse": "industrial", "name": "Nhà máy thép X"}))
    report, _ = import_osm(osm.write_xml(tmp_path / "factory.osm"), authored_copy)
    (entry,) = [entry for entry in report.entries if entry.id == "kcn_thanh_liem"]
    assert (entry.outcome, entry.osm_ids) == ("unmatched", ("way/1001",))
    assert "other names" in entry.detail


def test_no_match_keeps_every_layer_as_before(
    authored_copy: Path, tmp_path: Path, layers_dir: Path, settings: SourceSettings
) -> None:
    osm = OsmBuilder(object_timestamp=None)
    osm.way([(105.92, 20.40), (105.93, 20.41)], {"highway": "residential", "name": "Ngõ 5"})
    report, _ = import_osm(osm.write_pbf(tmp_path / "none.osm.pbf"), authored_copy)
    assert set(outcomes(report).values()) == {"unmatched"}
    assert len(report.entries) == 10
    assert report.timestamp is None
    assert report.timestamp_origin == "unknown"
    assert override(authored_copy) == {}
    out = tmp_path / "layers"
    run_build(
        BuildOptions(sources=settings, layers_dir=out, authored_dir=authored_copy, layers_only=True)
    )
    for name in LAYER_NAMES:
        assert (out / f"{name}.geojson").read_bytes() == (
            layers_dir / f"{name}.geojson"
        ).read_bytes()


def test_import_then_build_validate_end_to_end(
    authored_copy: Path,
    tmp_path: Path,
    settings: SourceSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    osm, _ = full_extract()
    pbf = osm.write_pbf(tmp_path / "hanam.osm.pbf", HEADER_TIMESTAMP)
    assert main(["import-osm", str(pbf), "--authored-dir", str(authored_copy)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "8 matched, 1 unmatched, 1 ambiguous." in printed
    assert "## Unmatched: previous geometry kept" in printed
    out = tmp_path / "layers"
    run_build(
        BuildOptions(sources=settings, layers_dir=out, authored_dir=authored_copy, layers_only=True)
    )
    areas = json.loads((out / "industrial_areas.geojson").read_text(encoding="utf-8"))
    features = {feature["id"]: feature for feature in areas["features"]}
    kcn = features["kcn_thanh_liem"]
    assert kcn["geometry"]["type"] == "Polygon"
    assert kcn["properties"]["location_basis"].startswith("openstreetmap:")
    assert "© OpenStreetMap contributors, ODbL" in kcn["properties"]["source"]
    assert kcn["properties"]["source"].startswith("Báo Hà Nam 2024, ¶2; position:")
    assert kcn["properties"]["accuracy_m"] == 30.0
    assert kcn["properties"]["reference_point"] == "kcn_thanh_liem_published"
    assert features["ccn_thanh_luu"]["geometry"]["type"] == "Point"  # unmatched: unchanged
    assert features["ccn_thanh_luu"]["properties"]["accuracy_m"] == 2610.0
    roads = json.loads((out / "roads.geojson").read_text(encoding="utf-8"))
    by_id = {feature["id"]: feature for feature in roads["features"]}
    assert list(by_id) == [
        "dt495b",
        "t1",
        "t4",
        "osm_ql1a",
        "osm_cao_toc_cau_gie_ninh_binh",
        "osm_ql21a",
        "osm_song_day",
    ]
    dt495b = by_id["dt495b"]["properties"]
    assert (dt495b["status"], dt495b["schematic"], dt495b["kind"]) == (
        "mapped",
        False,
        "mapped_road",
    )
    assert dt495b["length_km_official"] == 28.9
    assert dt495b["length_km_computed"] == round(length_km(LineString(DT495B)), 2)
    assert dt495b["length_km_computed"] == pytest.approx(17.38, abs=0.01)
    assert dt495b["via_points"] is None
    assert by_id["t4"]["geometry"] is None  # ambiguous: unchanged
    assert by_id["t4"]["properties"]["status"] == "route not published"
    river = by_id["osm_song_day"]["properties"]
    assert (river["kind"], river["ref"], river["name_en"]) == ("river", "Sông Đáy", "Đáy river")
    assert river["source"].startswith("geometry: © OpenStreetMap contributors, ODbL")
    assert main(["validate", "--layers-dir", str(out)]) == EXIT_OK


@pytest.mark.parametrize("ref", ["ĐT495B", "ĐT.495B", "DT495B", "dt 495b", "ĐT-495B"])
def test_reference_variants_fold_to_one_key(ref: str) -> None:
    assert fold(ref) == "dt495b"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("KCN Thanh Liêm", ("kcn", "thanhliem")),
        ("Khu công nghiệp Thanh Liêm", ("kcn", "thanhliem")),
        ("Cụm công nghiệp Thanh Hải", ("ccn", "thanhhai")),
        ("CCN - TTCN Thanh Lưu", ("ccn", "thanhluu")),
        ("Thanh Liêm", None),
        ("KCN", None),
        ("Công ty ABC", None),
    ],
)
def test_industrial_names_fold_to_type_and_place(name: str, key: tuple[str, str] | None) -> None:
    assert industrial_key(name) == key
