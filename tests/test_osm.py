"""The OpenStreetMap import: small synthetic extracts (XML and PBF) made by the tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import LineString, Polygon, shape

from geo.authored import AuthoredDataError, load_reference_points, read_csv
from geo.cli import EXIT_OK, main
from geo.layers import build_layers
from geo.metric import length_km
from geo.osm.importer import AREA_COLUMNS, import_osm
from geo.osm.match import match_industrial_areas
from geo.osm.normalise import fold, industrial_key
from geo.osm.reader import Extract, OsmObject
from geo.osm.report import REPORT_FILENAME, ImportReport
from geo.osm.targets import FRAME
from geo.pipeline import BuildOptions, run_build
from geo.schema import LAYER_NAMES
from geo.sources import SourceSettings
from geo.upgrades import upgrade_layers
from geo.upgrades.osm import OVERRIDE_FILENAME, read_override
from tests.osm.builder import OsmBuilder

KCN_POINT = (105.9075142, 20.4977133)  # kcn_thanh_liem_published in reference_points.csv
HEADER_TIMESTAMP = "2024-05-01T20:21:02Z"
OBJECT_TIMESTAMP = "2024-04-30T10:00:00Z"
# ĐT495B's synthetic course, west → east, cut into ways given out of order and direction
DT495B = [
    (105.905, 20.412),
    (105.932, 20.414),
    (105.936, 20.428),
    (105.964, 20.441),
    (106.006, 20.44),
    (106.043, 20.473),
]


def _full_extract() -> tuple[OsmBuilder, dict[str, Any]]:
    """One of each kind: clean matches, an ambiguous road, an unmatched cluster."""
    osm = OsmBuilder(object_timestamp=OBJECT_TIMESTAMP)
    ids: dict[str, Any] = {}
    ids["kcn"] = osm.square(KCN_POINT, 0.003, {"landuse": "industrial"})
    ids["ccn_thanh_hai"] = osm.square(
        (105.912, 20.388), 0.002, {"landuse": "industrial", "name": "Cụm công nghiệp Thanh Hải"}
    )
    osm.square((105.95, 20.52), 0.001, {"landuse": "industrial", "name": "Công ty ABC"})
    p = DT495B
    primary = {"highway": "primary"}
    ids["dt495b"] = [
        osm.way(
            [p[4], p[5]], {"highway": "construction", "construction": "primary", "ref": "495B"}
        ),
        osm.way([p[2], p[3]], {**primary, "ref": "ĐT.495B"}),
        osm.way([p[1], p[2]], {**primary, "ref": "ĐT 495B"}),
        osm.way([p[1], p[0]], {**primary, "ref": "DT495B"}),
        osm.way([p[4], p[3]], {**primary, "ref": "ĐT495B"}),
    ]
    ids["proposed"] = osm.way(
        [(106.05, 20.48), (106.08, 20.52)], {"highway": "proposed", "ref": "ĐT495B"}
    )
    ids["t1"] = osm.way(
        [(105.925, 20.47), (105.94, 20.475), (105.95, 20.48)],
        {"highway": "secondary", "name": "Đường T1"},
    )
    ids["t4"] = [
        osm.way([(105.90, 20.45), (105.91, 20.455)], {"highway": "tertiary", "name": "Đường T4"}),
        osm.way([(105.97, 20.50), (105.98, 20.505)], {"highway": "tertiary", "name": "Đường T4"}),
    ]
    ids["ql1a"] = [
        osm.way([(105.915, 20.20), (105.912, 20.45)], {"highway": "trunk", "ref": "QL.1A"}),
        osm.way([(105.912, 20.45), (105.905, 20.75)], {"highway": "trunk", "ref": "QL1A;AH1"}),
    ]
    ids["expressway"] = [
        osm.way(
            [(105.96, 20.25), (105.955, 20.44)],
            {"highway": "motorway", "name": "Đường cao tốc Cầu Giẽ – Ninh Bình"},
        ),
        osm.way([(105.955, 20.44), (105.93, 20.70)], {"highway": "motorway", "ref": "CT.01"}),
    ]
    ids["ql21a"] = osm.way(
        [(105.90, 20.55), (106.0, 20.52), (106.10, 20.47)], {"highway": "trunk", "ref": "QL21A"}
    )
    ids["ql21b"] = osm.way([(106.0, 20.52), (106.1, 20.60)], {"highway": "trunk", "ref": "QL21B"})
    ids["day"] = [
        osm.way([(105.94, 20.35), (105.96, 20.20)], {"waterway": "river", "name": "Sông Đáy"}),
        osm.way(
            [(105.93, 20.70), (105.92, 20.50), (105.94, 20.35)],
            {"waterway": "river", "name": "Sông Đáy"},
        ),
    ]
    osm.way([(105.92, 20.40), (105.93, 20.41)], {"highway": "residential", "name": "Ngõ 5"})
    return osm, ids


def _write(osm: OsmBuilder, folder: Path, fmt: str) -> Path:
    if fmt == "osm":
        return osm.write_xml(folder / "extract.osm")
    return osm.write_pbf(folder / "extract.osm.pbf", HEADER_TIMESTAMP)


def _override(folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((folder / OVERRIDE_FILENAME).read_text(encoding="utf-8"))
    return {feature["properties"]["id"]: feature for feature in data["features"]}


def _outcomes(report: ImportReport) -> dict[str, str]:
    return {entry.id: entry.outcome for entry in report.entries}


@pytest.fixture(params=["osm", "osm.pbf"])
def imported(
    request: pytest.FixtureRequest, authored_copy: Path, tmp_path: Path
) -> tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str]:
    osm, ids = _full_extract()
    path = _write(osm, tmp_path, request.param)
    report, written = import_osm(path, authored_copy)
    assert written == [authored_copy / OVERRIDE_FILENAME, authored_copy / REPORT_FILENAME]
    return report, ids, _override(authored_copy), request.param


def test_each_kind_matches_cleanly(
    imported: tuple[ImportReport, dict[str, Any], dict[str, dict[str, Any]], str],
) -> None:
    report, ids, override, fmt = imported
    assert _outcomes(report) == {
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
    assert _outcomes(report)["kcn_thanh_liem"] == "ambiguous"
    (entry,) = [entry for entry in report.entries if entry.id == "kcn_thanh_liem"]
    assert entry.osm_ids == ("way/1001", "way/1002")
    assert "2 landuse=industrial areas contain its published point" in entry.detail
    assert _override(authored_copy) == {}


def test_name_match_far_from_the_position_is_not_applied(
    authored_copy: Path, tmp_path: Path
) -> None:
    far = (KCN_POINT[0] + 0.05, KCN_POINT[1])  # about 5 km east, radius 750 m
    osm = _extract_with((far, 0.002, {"landuse": "industrial", "name": "KCN Thanh Liêm"}))
    report, _ = import_osm(osm.write_xml(tmp_path / "far.osm"), authored_copy)
    (entry,) = [entry for entry in report.entries if entry.id == "kcn_thanh_liem"]
    assert (entry.outcome, entry.osm_ids) == ("ambiguous", ("way/1001",))
    assert "farther than 750 m" in entry.detail
    assert "kcn_thanh_liem" not in _override(authored_copy)


def test_name_match_near_the_position_wins(authored_copy: Path, tmp_path: Path) -> None:
    near = (KCN_POINT[0] + 0.006, KCN_POINT[1])  # does not contain the point, ≈ 420 m away
    osm = _extract_with(
        (near, 0.002, {"landuse": "industrial", "name": "Khu công nghiệp Thanh Liem"}),
    )
    report, _ = import_osm(osm.write_xml(tmp_path / "near.osm"), authored_copy)
    assert _outcomes(report)["kcn_thanh_liem"] == "matched"
    props = _override(authored_copy)["kcn_thanh_liem"]["properties"]
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
    report, _ = import_osm(_write(osm, tmp_path, fmt), authored_copy)
    assert _outcomes(report)["ccn_thanh_hai"] == "matched"
    feature = _override(authored_copy)["ccn_thanh_hai"]
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
    feature = _override(authored_copy)["dt495b"]
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
    assert set(_outcomes(report).values()) == {"unmatched"}
    assert len(report.entries) == 10
    assert report.timestamp is None
    assert report.timestamp_origin == "unknown"
    assert _override(authored_copy) == {}
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
    osm, _ = _full_extract()
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


def _rewrite_override(folder: Path, feature_id: str, geometry: dict[str, Any] | None) -> None:
    path = folder / OVERRIDE_FILENAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == feature_id:
            feature["geometry"] = geometry
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


BadGeometry = tuple[str, dict[str, Any] | None, str]


@pytest.mark.parametrize(
    "case",
    [
        (
            "kcn_thanh_liem",
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [105.90, 20.49],
                        [105.91, 20.50],
                        [105.91, 20.49],
                        [105.90, 20.50],
                        [105.90, 20.49],
                    ]
                ],
            },
            r"'kcn_thanh_liem' has an invalid geometry \(Self-intersection",
        ),
        ("ccn_thanh_hai", None, r"'ccn_thanh_hai' has an empty geometry"),
        (
            "t1",
            {"type": "Point", "coordinates": [105.93, 20.47]},
            r"'t1' has a Point; roads takes LineString or MultiLineString",
        ),
    ],
)
def test_bad_override_geometry_is_refused_naming_the_feature(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings, case: BadGeometry
) -> None:
    feature_id, geometry, message = case
    osm, _ = _full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    _rewrite_override(authored_copy, feature_id, geometry)
    built = build_layers(settings, authored_copy)  # the layers never read the import
    with pytest.raises(AuthoredDataError, match=message):
        upgrade_layers(built, authored_copy)


def test_the_layer_builders_never_read_the_import(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings
) -> None:
    before = build_layers(settings, authored_copy)
    osm, _ = _full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    built = build_layers(settings, authored_copy)
    for name in LAYER_NAMES:
        assert_geodataframe_equal(built[name], before[name])
    upgraded = upgrade_layers(built, authored_copy)  # the upgrades stage applies it
    areas = upgraded["industrial_areas"].set_index("id")
    assert areas.geometry["kcn_thanh_liem"].geom_type == "Polygon"
    assert areas.geometry["ccn_thanh_luu"].geom_type == "Point"  # unmatched
    assert list(upgraded["roads"]["id"]) == [
        *built["roads"]["id"],
        "osm_ql1a",
        "osm_cao_toc_cau_gie_ninh_binh",
        "osm_ql21a",
        "osm_song_day",
    ]


@pytest.mark.parametrize(
    "case",
    [
        (
            "ccn_thanh_hai",
            "ccn_gone",
            "'industrial_areas/ccn_gone' upgrades a feature the layer does not have",
        ),
        ("osm_ql1a", "t4", "new feature 'roads/t4' is already in the layer"),
    ],
)
def test_an_import_that_does_not_fit_the_layers_stops_the_upgrade(
    authored_copy: Path,
    tmp_path: Path,
    settings: SourceSettings,
    case: tuple[str, str, str],
) -> None:
    feature_id, renamed, message = case  # renamed in the import, and what the upgrade says
    osm, _ = _full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    path = authored_copy / OVERRIDE_FILENAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == feature_id:
            feature["properties"]["id"] = renamed
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    built = build_layers(settings, authored_copy)
    with pytest.raises(AuthoredDataError, match=re.escape(f"{path}: {message}")):
        upgrade_layers(built, authored_copy)


def test_override_without_odbl_credit_is_refused(authored_copy: Path, tmp_path: Path) -> None:
    osm, _ = _full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    path = authored_copy / OVERRIDE_FILENAME
    path.write_text(path.read_text(encoding="utf-8").replace("ODbL", "CC0"), encoding="utf-8")
    with pytest.raises(AuthoredDataError, match=r"source: .* does not match 'ODbL'"):
        read_override(authored_copy)


def test_invalid_osm_outline_is_repaired_with_a_note(authored_copy: Path) -> None:
    lon, lat = KCN_POINT
    bowtie = Polygon(
        [(lon - 0.003, lat - 0.003), (lon + 0.003, lat + 0.003), (lon + 0.003, lat - 0.003),
         (lon - 0.003, lat + 0.003), (lon - 0.003, lat - 0.003)]
    )  # fmt: skip
    assert not bowtie.is_valid
    area = OsmObject("relation/7", {"landuse": "industrial", "name": "KCN Thanh Liêm"}, bowtie)
    extract = Extract("test.osm", None, "unknown", areas=[area])
    rows = read_csv(authored_copy / "industrial_areas.csv", AREA_COLUMNS)
    points = load_reference_points(authored_copy)
    features, entries = match_industrial_areas(extract, rows, points, authored_copy)
    (feature,) = features
    assert feature.geometry.is_valid
    assert feature.geometry.geom_type == "MultiPolygon"
    assert shapely.area(feature.geometry) == pytest.approx(2 * 0.003 * 0.003, rel=1e-6)
    assert "was invalid (Self-intersection" in feature.note_en
    assert "repaired" in entries[0].detail
    assert feature.location_basis.startswith("openstreetmap: landuse=industrial relation 7, ")
    assert "unknown date" in feature.location_basis


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
