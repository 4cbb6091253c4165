"""Contributions: ``import-edits`` from any OGR file, the upgrades stage, refusals.

Coordinates, sources and names below are test data, not positions of the real features.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box, shape

from geo.cli import EXIT_AUTHORED, EXIT_OK, main
from geo.metric import VN2000_UTM48, WGS84, distance_m, length_km
from geo.pipeline import BuildOptions, run_build
from geo.qgis_export import GPKG_FILENAME, export_qgis
from geo.qgis_export.tables import transformer
from geo.query import load_layers, unmapped
from geo.sources import SourceSettings
from geo.upgrades.contributions import CONTRIBUTIONS_FILENAME
from geo.validate import validate_folder
from tests.osm.builder import OsmBuilder

T1_LINE = [(105.925, 20.47), (105.94, 20.475), (105.95, 20.48)]
HAI_POINT = (105.90978, 20.3861)  # commune_thanh_hai in reference_points.csv
FOOTPRINT = box(105.905, 20.384, 105.911, 20.389)  # ~35 ha around the commune point
PROVENANCE = {
    "location_basis": "digitised: traced on imagery by a tester",
    "accuracy_m": 40,
    "source": "Test plan sheet QH-03 (fictional, test data)",
    "contributor": "Tester A",
    "contribution_date": "2026-11-30",
}


def _feature(properties: dict[str, Any], geometry: Any) -> dict[str, Any]:
    data = shapely.geometry.mapping(geometry) if geometry is not None else None
    return {"type": "Feature", "properties": properties, "geometry": data}


def _geojson(folder: Path, features: list[dict[str, Any]], name: str = "edit.geojson") -> Path:
    path = folder / name
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def _t1(**changes: Any) -> dict[str, Any]:
    properties = {"id": "t1", **PROVENANCE, **changes}
    return _feature({k: v for k, v in properties.items() if v is not None}, LineString(T1_LINE))


def _import(path: Path, folder: Path, *extra: str) -> int:
    return main(["import-edits", str(path), "--authored-dir", str(folder), *extra])


def _build(settings: SourceSettings, folder: Path, out: Path) -> dict[str, Any]:
    run_build(BuildOptions(sources=settings, layers_dir=out, authored_dir=folder, layers_only=True))
    layers = {}
    for name in ("industrial_areas", "roads"):
        data = json.loads((out / f"{name}.geojson").read_text(encoding="utf-8"))
        layers[name] = {feature["id"]: feature for feature in data["features"]}
    return layers


def _contributions(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / CONTRIBUTIONS_FILENAME).read_text(encoding="utf-8"))
    return {feature["id"]: feature for feature in data["features"]}


def test_a_hand_made_geojson_gives_t1_its_route_with_provenance(
    authored_copy: Path,
    tmp_path: Path,
    settings: SourceSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _import(_geojson(tmp_path, [_t1()]), authored_copy) == EXIT_OK
    captured = capsys.readouterr()
    expected_km = length_km(LineString(T1_LINE))
    assert f"roads/t1 (Đường T1): new geometry, LineString of {expected_km:.2f} km" in captured.out
    assert "not published, no accuracy → digitised by a contributor, ± 40 m" in captured.out
    assert f"wrote {authored_copy / CONTRIBUTIONS_FILENAME}" in captured.err
    record = _contributions(authored_copy)["roads/t1"]
    assert record["properties"]["imported_from"] == "edit.geojson"
    data = json.loads((authored_copy / CONTRIBUTIONS_FILENAME).read_text(encoding="utf-8"))
    assert (data["licence"], data["features"][0]["properties"]["contributor"]) == (
        "CC BY 4.0",
        "Tester A",
    )

    out = tmp_path / "layers"
    t1 = _build(settings, authored_copy, out)["roads"]["t1"]
    props = t1["properties"]
    assert t1["geometry"] == {"type": "LineString", "coordinates": [list(p) for p in T1_LINE]}
    assert {key: props[key] for key in PROVENANCE} == {**PROVENANCE, "accuracy_m": 40.0}
    assert (props["kind"], props["status"], props["schematic"]) == ("mapped_road", "mapped", False)
    assert props["length_km_computed"] == round(expected_km, 2)
    assert props["note_en"] is None  # "Not drawn." no longer holds
    assert props["previous_bases"] == [
        {
            "location_basis": "not_published: no source publishes the route",
            "accuracy_m": None,
            "source": "Báo Hà Nam 2024, ¶5 (named only)",
        }
    ]
    assert validate_folder(out) == []
    assert list(unmapped(load_layers(out)).index) == ["t4"]


def test_importing_the_same_file_again_changes_nothing(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit = _geojson(tmp_path, [_t1()])
    assert _import(edit, authored_copy) == EXIT_OK
    before = {path.name: path.read_bytes() for path in authored_copy.iterdir()}
    capsys.readouterr()
    assert _import(edit, authored_copy) == EXIT_OK
    captured = capsys.readouterr()
    assert "0 edit(s) accepted, 1 feature(s) unchanged." in captured.out
    assert "Nothing to import" in captured.out
    assert "wrote" not in captured.err
    assert {path.name: path.read_bytes() for path in authored_copy.iterdir()} == before


def test_dry_run_reports_and_writes_nothing(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(_geojson(tmp_path, [_t1()]), authored_copy, "--dry-run") == EXIT_OK
    out = capsys.readouterr().out
    assert "1 edit(s) accepted" in out
    assert "Dry run: nothing was written." in out
    assert not (authored_copy / CONTRIBUTIONS_FILENAME).exists()


def test_a_footprint_makes_ccn_thanh_hai_a_few_hundred_metres_accurate(
    authored_copy: Path,
    tmp_path: Path,
    settings: SourceSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    footprint = {"industrial_area_id": "ccn_thanh_hai", **PROVENANCE, "accuracy_m": 300}
    assert _import(_geojson(tmp_path, [_feature(footprint, FOOTPRINT)]), authored_copy) == 0
    out = capsys.readouterr().out
    moved = distance_m(Point(HAI_POINT), FOOTPRINT.centroid)
    assert "commune-level point, ± 3.3 km → digitised by a contributor, ± 300 m" in out
    assert f"moved {moved:.0f} m (from the old point to the footprint's centroid)" in out
    assert "the old point lies inside it" in out
    hai = _build(settings, authored_copy, tmp_path / "layers")["industrial_areas"]["ccn_thanh_hai"]
    assert hai["geometry"]["type"] == "Polygon"
    assert shape(hai["geometry"]).symmetric_difference(FOOTPRINT).area < 1e-10
    assert hai["properties"]["accuracy_m"] == 300.0
    assert [entry["accuracy_m"] for entry in hai["properties"]["previous_bases"]] == [3250.0]
    assert hai["properties"]["reference_point"] == "commune_thanh_hai"


def test_an_edit_in_vn2000_comes_back_to_wgs84(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings
) -> None:
    west, south = T1_LINE[0]
    east, north = T1_LINE[-1]
    to_vn2000 = transformer(VN2000_UTM48, (west, south, east, north))
    projected = LineString([to_vn2000.transform(lon, lat) for lon, lat in T1_LINE])
    frame = gpd.GeoDataFrame([{"id": "t1", **PROVENANCE}], geometry=[projected], crs=VN2000_UTM48)
    path = tmp_path / "t1_vn2000.gpkg"
    pyogrio.write_dataframe(frame, path, layer="edits", driver="GPKG")
    assert _import(path, authored_copy) == EXIT_OK
    back = shape(_contributions(authored_copy)["roads/t1"]["geometry"])
    assert shapely.hausdorff_distance(back, LineString(T1_LINE)) < 1e-6  # ≈ 0.1 m
    naive = gpd.GeoSeries([projected], crs=VN2000_UTM48).to_crs(WGS84).iloc[0]
    assert distance_m(back, naive) < 1.0  # the same datum shift as the export


def test_an_unchanged_vn2000_export_imports_nothing(
    layers_dir: Path, authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export_qgis(layers_dir, tmp_path, VN2000_UTM48)
    assert _import(tmp_path / GPKG_FILENAME, authored_copy) == EXIT_OK
    out = capsys.readouterr().out
    assert "0 edit(s) accepted, 6 feature(s) unchanged." in out
    assert "Not read (not open to contributions): district, context, admin_2025" in out


def test_a_kml_placemark_is_read_with_its_extended_data(
    authored_copy: Path, tmp_path: Path
) -> None:
    frame = gpd.GeoDataFrame(
        [{"id": "t1", **PROVENANCE}], geometry=[LineString(T1_LINE)], crs=WGS84
    )
    path = tmp_path / "t1.kml"
    pyogrio.write_dataframe(frame, path, driver="LIBKML")
    assert _import(path, authored_copy) == EXIT_OK
    record = _contributions(authored_copy)["roads/t1"]
    assert record["properties"]["source"] == PROVENANCE["source"]
    assert record["geometry"]["coordinates"] == [list(point) for point in T1_LINE]


def test_a_new_industrial_cluster_is_added_with_its_attributes(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings
) -> None:
    cluster = {
        "id": "ccn_test",
        "name_vi": "Cụm công nghiệp Thử",
        "name_en": "Test Industrial Cluster",
        "kind": "ccn",
        "status": "existing",
        "district_2024_gso": "351",
        "commune_2024_vi": "Xã Thanh Hải",
        "commune_2025_vi": "Xã Thanh Lâm",
        **PROVENANCE,
        "accuracy_m": 150,
    }
    edit = _feature(cluster, Point(105.93, 20.40))
    assert _import(_geojson(tmp_path, [edit]), authored_copy) == EXIT_OK
    areas = _build(settings, authored_copy, tmp_path / "layers")["industrial_areas"]
    props = areas["ccn_test"]["properties"]
    assert list(areas) == ["kcn_thanh_liem", "ccn_thanh_hai", "ccn_thanh_luu", "ccn_test"]
    assert (props["kind"], props["contributor"], props["previous_bases"]) == (
        "ccn",
        "Tester A",
        None,
    )
    assert props["reference_point"] == "contributions.geojson#industrial_areas/ccn_test"


def test_a_contribution_wins_over_the_osm_import_and_keeps_both_earlier_bases(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings
) -> None:
    osm = OsmBuilder(object_timestamp=None)
    osm.way([(105.92, 20.46), (105.95, 20.47)], {"highway": "secondary", "name": "Đường T1"})
    extract = osm.write_xml(tmp_path / "t1.osm")
    assert main(["import-osm", str(extract), "--authored-dir", str(authored_copy)]) == EXIT_OK
    osm_t1 = _build(settings, authored_copy, tmp_path / "osm")["roads"]["t1"]["properties"]
    assert osm_t1["location_basis"].startswith("openstreetmap:")
    assert [e["location_basis"][:14] for e in osm_t1["previous_bases"]] == ["not_published:"]
    # the OSM route is ± 20 m: an edit far from it, or less precise, is refused
    assert _import(_geojson(tmp_path, [_t1()]), authored_copy) == EXIT_AUTHORED

    # it must agree with the OSM route (± 20 m) and be as precise: 11 m off its middle, ± 15 m
    refined = [(105.92, 20.46), (105.935, 20.4651), (105.95, 20.47)]
    edit = _feature({"id": "t1", **PROVENANCE, "accuracy_m": 15}, LineString(refined))
    assert _import(_geojson(tmp_path, [edit]), authored_copy) == EXIT_OK
    t1 = _build(settings, authored_copy, tmp_path / "both")["roads"]["t1"]
    assert t1["geometry"]["coordinates"] == [list(point) for point in refined]
    assert t1["properties"]["accuracy_m"] == 15.0
    history = t1["properties"]["previous_bases"]
    assert [entry["location_basis"].split(":")[0] for entry in history] == [
        "not_published",
        "openstreetmap",
    ]
    assert "ODbL" in history[1]["source"]


def _ccn(geometry: Polygon = FOOTPRINT, **changes: Any) -> dict[str, Any]:
    properties = {"industrial_area_id": "ccn_thanh_hai", **PROVENANCE, "accuracy_m": 300}
    return _feature({**properties, **changes}, geometry)


FAR_LINE = LineString([(105.93, 20.20), (105.95, 20.21)])  # ~20 km south of the district
REFUSALS: list[tuple[str, list[dict[str, Any]], str]] = [
    ("no source", [_t1(source=None)], "roads/t1: no source: name where the geometry comes from"),
    (
        "old source",
        [_t1(source="Báo Hà Nam 2024, ¶5 (named only)")],
        "its source is the one of the position it replaces",
    ),
    ("zero accuracy", [_t1(accuracy_m=0)], "accuracy_m 0: give how far off"),
    ("negative accuracy", [_t1(accuracy_m=-5)], "accuracy_m -5: give how far off"),
    ("no accuracy", [_t1(accuracy_m=None)], "accuracy_m None: give how far off"),
    ("no contributor", [_t1(contributor=None)], "no contributor: name who to credit"),
    ("bad date", [_t1(contribution_date="30/11/2026")], "'30/11/2026' is not a date"),
    ("basis", [_t1(location_basis="commune_point: x")], "location_basis 'commune_point: x'"),
    (
        "same id twice",
        [_t1(), _feature({"id": "t1", **PROVENANCE}, LineString(T1_LINE[::-1][:2]))],
        "roads/t1: 2 different edits (edit.geojson feature 1; edit.geojson feature 2)",
    ),
    (
        "far from the district",
        [_feature({"id": "t1", **PROVENANCE}, FAR_LINE)],
        "outside the 2013–2025 district (at most 5000 m",
    ),
    (
        "footprint far from its commune point",
        [_ccn(geometry=box(105.96, 20.40, 105.965, 20.405))],
        "from its previous position, more than its previous accuracy plus its own (3250 + 300 m)",
    ),
    (
        "footprint too large",
        [_ccn(geometry=box(105.88, 20.36, 105.94, 20.41))],
        "outside 1–1000 ha",
    ),
    ("less precise", [_ccn(accuracy_m=4000)], "is worse than the ± 3250 m it would replace"),
    (
        "point for a road",
        [_feature({"id": "t1", **PROVENANCE}, Point(105.93, 20.47))],
        "has a Point",
    ),
    (
        "unknown district",
        [
            _feature(
                {
                    "id": "ccn_test",
                    "name_vi": "Cụm Thử",
                    "name_en": "Test cluster",
                    "kind": "ccn",
                    "status": "existing",
                    "district_2024_gso": "999",
                    "commune_2024_vi": "Xã Thanh Hải",
                    "commune_2025_vi": "Xã Thanh Lâm",
                    **PROVENANCE,
                },
                Point(105.93, 20.40),
            )
        ],
        "industrial_areas/ccn_test: unknown district 999",  # the check `validate` makes
    ),
    ("bad new id", [_feature({"id": "CCN X!", **PROVENANCE}, Point(105.93, 20.4))], "new id"),
    ("id not text", [_feature({"id": 5, **PROVENANCE}, LineString(T1_LINE))], "no id: give"),
    (
        "area id not text",
        [_feature({"industrial_area_id": ["ccn_thanh_hai"], **PROVENANCE}, FOOTPRINT)],
        "a footprint for industrial_area_id ['ccn_thanh_hai'], which is not one of",
    ),
]


@pytest.mark.parametrize("case", REFUSALS, ids=[case[0] for case in REFUSALS])
def test_each_refusal_exits_4_with_the_list_and_changes_nothing(
    authored_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, list[dict[str, Any]], str],
) -> None:
    _, features, message = case
    before = {path.name: path.read_bytes() for path in authored_copy.iterdir()}
    assert _import(_geojson(tmp_path, features), authored_copy) == EXIT_AUTHORED
    captured = capsys.readouterr()
    assert "nothing was imported" in captured.err
    assert message in captured.err
    assert captured.out == ""
    assert {path.name: path.read_bytes() for path in authored_copy.iterdir()} == before


def test_every_problem_is_listed_at_once(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit = _t1(source=None, accuracy_m=0, contributor=None)
    assert _import(_geojson(tmp_path, [edit, _ccn(accuracy_m=4000)]), authored_copy) == 4
    err = capsys.readouterr().err
    assert "4 problem(s) in" in err
    assert err.count("  ✗ ") == 4


def test_a_second_edit_of_a_contributed_feature_is_a_conflict(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(_geojson(tmp_path, [_t1()]), authored_copy) == EXIT_OK
    before = (authored_copy / CONTRIBUTIONS_FILENAME).read_bytes()
    other = _feature({"id": "t1", **PROVENANCE}, LineString(T1_LINE[:2]))
    assert _import(_geojson(tmp_path, [other], "other.geojson"), authored_copy) == 4
    err = capsys.readouterr().err
    assert "roads/t1 already has a contribution (by 'Tester A', from 'edit.geojson')" in err
    assert (authored_copy / CONTRIBUTIONS_FILENAME).read_bytes() == before


def test_an_unreadable_file_is_refused(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "edit.geojson"
    bad.write_text("{not json", encoding="utf-8")
    assert _import(bad, authored_copy) == EXIT_AUTHORED
    assert f"cannot read {bad}" in capsys.readouterr().err
    assert _import(tmp_path / "missing.gpkg", authored_copy) == EXIT_AUTHORED
    assert "file not found" in capsys.readouterr().err
    assert not (authored_copy / CONTRIBUTIONS_FILENAME).exists()


def test_hostile_text_is_kept_as_text_and_printed_escaped(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "<script>alert(1)</script> {{ 7*7 }} '; DROP \x1b[31mred"
    assert _import(_geojson(tmp_path, [_t1(contributor=hostile)]), authored_copy) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "<script>alert(1)</script> {{ 7*7 }} '; DROP \\x1b[31mred" in out
    assert _contributions(authored_copy)["roads/t1"]["properties"]["contributor"] == hostile


def test_a_broken_contributions_file_stops_the_build(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(_geojson(tmp_path, [_t1()]), authored_copy) == EXIT_OK
    path = authored_copy / CONTRIBUTIONS_FILENAME
    path.write_text(path.read_text(encoding="utf-8").replace('"id":"t1"', '"id":"t9"'), "utf-8")
    out = tmp_path / "layers"
    args = ["--layers-only", "--authored-dir", str(authored_copy), "--layers-dir", str(out)]
    assert main(["build", *args]) == EXIT_AUTHORED
    err = capsys.readouterr().err
    assert f"{path}: 'roads/t9' upgrades a feature the layer does not have" in err
    assert not out.exists() or not list(out.glob("*.geojson"))


def test_an_export_made_before_a_contribution_is_outdated_not_an_edit(
    layers_dir: Path, authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export_qgis(layers_dir, tmp_path / "old")  # CCN Thanh Hải still its commune point
    footprint = {"industrial_area_id": "ccn_thanh_hai", **PROVENANCE, "accuracy_m": 300}
    assert _import(_geojson(tmp_path, [_feature(footprint, FOOTPRINT)]), authored_copy) == 0
    before = (authored_copy / CONTRIBUTIONS_FILENAME).read_bytes()
    capsys.readouterr()
    assert _import(tmp_path / "old" / GPKG_FILENAME, authored_copy) == EXIT_OK
    out = capsys.readouterr().out
    assert "0 edit(s) accepted, 5 feature(s) unchanged." in out
    assert "an earlier state of features upgraded since: industrial_areas/ccn_thanh_hai" in out
    assert (authored_copy / CONTRIBUTIONS_FILENAME).read_bytes() == before
