"""The notebook query API (geo.query) on the real layers."""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString

import geo
from geo import query
from geo.authored import default_dir, read_toml
from geo.metric import METRIC_CRS, WGS84
from geo.schema import LAYER_NAMES


@pytest.fixture(scope="module")
def wgs84(layers_dir: Path) -> query.Layers:
    return query.load_layers(layers_dir)


@pytest.fixture(scope="module")
def metric(layers_dir: Path) -> query.Layers:
    return query.load_layers(layers_dir, crs=query.METRIC_CRS)


def test_public_api_is_reexported_from_geo() -> None:
    assert geo.load_layers is query.load_layers
    assert geo.containment is query.containment
    assert set(geo.__all__) - {"__version__"} <= set(dir(query))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = geo.nope


def test_load_layers_in_wgs84_and_metric(wgs84: query.Layers, metric: query.Layers) -> None:
    assert tuple(wgs84) == LAYER_NAMES
    assert all(frame.crs.to_epsg() == 4326 for frame in wgs84.values())
    assert all(frame.crs.to_epsg() == 32648 for frame in metric.values())
    assert isinstance(wgs84["district"], gpd.GeoDataFrame)
    roads = wgs84["roads"].set_index("id")
    assert roads.geometry.isna().to_dict() == {"dt495b": False, "t1": True, "t4": True}
    x, y = metric["industrial_areas"].set_index("id").geometry["kcn_thanh_liem"].coords[0]
    assert 500_000 < x < 700_000
    assert 2_200_000 < y < 2_300_000


def test_missing_layers_tell_the_user_to_run_make_map(tmp_path: Path) -> None:
    with pytest.raises(query.LayersNotFoundError, match=r"run `make map`") as caught:
        query.load_layers(tmp_path)
    assert "district.geojson" in str(caught.value)


def test_default_layers_dir_follows_env_then_cwd(
    layers_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(query.LAYERS_DIR_ENV, str(layers_dir))
    assert query.default_layers_dir() == layers_dir
    assert len(query.load_layers()["industrial_areas"]) == 3
    monkeypatch.delenv(query.LAYERS_DIR_ENV)
    shutil.copytree(layers_dir, tmp_path / "layers")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert query.default_layers_dir() == tmp_path / "layers"
    monkeypatch.chdir(tmp_path)
    assert query.default_layers_dir() == tmp_path / "layers"


def test_unmapped_lists_roads_without_route(wgs84: query.Layers) -> None:
    missing = query.unmapped(wgs84)
    assert list(missing.index) == ["t1", "t4"]
    assert set(missing["status"]) == {query.NOT_PUBLISHED}
    assert len(query.mapped(wgs84["roads"])) == 1


def test_pick_finds_features_across_layers(wgs84: query.Layers) -> None:
    picked = query.pick(wgs84, "dt495b", "kcn_thanh_liem")
    assert list(picked["id"]) == ["dt495b", "kcn_thanh_liem"]
    assert picked.crs == wgs84["roads"].crs
    with pytest.raises(KeyError, match="t9"):
        query.pick(wgs84, "t9")


def test_kcn_point_lies_outside_the_district_by_about_420_m(wgs84: query.Layers) -> None:
    result = query.containment(wgs84["industrial_areas"], wgs84["district"])
    kcn = result.loc["kcn_thanh_liem"]
    assert kcn["nominal"] == "outside"
    assert -600 < kcn["signed_distance_m"] < -300
    assert kcn["signed_distance_m"] == pytest.approx(-421.6, abs=1)
    # 750 m (point) + 330 m (boundary) exceed 420 m: the park itself may reach the district
    assert kcn["margin_m"] == 1080
    assert kcn["verdict"] == "uncertain"


def test_clusters_lie_inside_the_district(wgs84: query.Layers) -> None:
    result = query.containment(wgs84["industrial_areas"], wgs84["district"])
    assert result.loc["ccn_thanh_luu", "nominal"] == "inside"
    assert result.loc["ccn_thanh_luu", "verdict"] == "inside"
    assert result.loc["ccn_thanh_luu", "signed_distance_m"] == pytest.approx(3465, abs=5)
    # Thanh Hải's circle covers its whole commune, which touches the district's edge
    assert result.loc["ccn_thanh_hai", "nominal"] == "inside"
    assert result.loc["ccn_thanh_hai", "verdict"] == "uncertain"
    assert set(result["share_inside"]) == {0.0, 1.0}


def test_containment_refuses_a_point_as_polygon(wgs84: query.Layers) -> None:
    with pytest.raises(ValueError, match="not a polygon"):
        query.containment(wgs84["industrial_areas"], query.pick(wgs84, "chau_son"))


def test_results_do_not_depend_on_the_input_crs(wgs84: query.Layers, metric: query.Layers) -> None:
    road_wgs, road_metric = query.pick(wgs84, "dt495b"), query.pick(metric, "dt495b")
    a = query.distance_range(wgs84["industrial_areas"], road_wgs)
    b = query.distance_range(metric["industrial_areas"], road_metric)
    assert a["distance_m"].to_numpy() == pytest.approx(b["distance_m"].to_numpy(), abs=0.01)


def test_distance_to_dt495b_is_a_range(wgs84: query.Layers) -> None:
    ranges = query.distance_range(wgs84["industrial_areas"], query.pick(wgs84, "dt495b"))
    kcn = ranges.loc["kcn_thanh_liem"]
    assert kcn["distance_m"] == pytest.approx(8258, abs=5)
    assert kcn["min_m"] == pytest.approx(kcn["distance_m"] - 750 - 3240)
    assert kcn["max_m"] == pytest.approx(kcn["distance_m"] + 750 + 3240)
    assert (ranges["min_m"] >= 0).all()
    assert (ranges["min_m"] <= ranges["distance_m"]).all()
    assert (ranges["distance_m"] < ranges["max_m"]).all()
    # the clusters are closer to the schematic line than its uncertainty: could touch it
    assert ranges.loc[["ccn_thanh_hai", "ccn_thanh_luu"], "min_m"].tolist() == [0.0, 0.0]


def test_within_5_km_of_dt495b(wgs84: query.Layers) -> None:
    near = query.within_distance(query.pick(wgs84, "dt495b"), wgs84, 5000)
    assert "dt495b" not in near.index
    assert near.loc["thanh_liem_district", "verdict"] == "within"
    assert near.loc["gso_352", "verdict"] == "within"  # Bình Lục: the road runs through it
    assert near.loc["kcn_thanh_liem", "verdict"] == "possibly"
    assert near.loc["thanh_liem", "verdict"] == "within"  # xã Thanh Liêm's seat, 0.6 km
    assert near.loc["chau_son", "verdict"] == "beyond"
    assert near.loc["t1", "verdict"] == "unknown: route not published"
    assert set(near["verdict"]) == {"within", "possibly", "beyond", near.loc["t4", "verdict"]}


def test_dt495b_leaves_through_the_eastern_boundary(wgs84: query.Layers) -> None:
    road, district = query.pick(wgs84, "dt495b"), wgs84["district"]
    crossings = query.boundary_crossings(road, district)
    assert list(crossings["direction"]) == ["leaving", "entering", "leaving"]
    assert set(crossings["side"]) == {"east"}
    assert set(crossings["sides_within_uncertainty"]) == {"east"}
    assert crossings["bearing_deg"].between(90, 115).all()
    assert crossings["lon"].between(105.97, 105.99).all()
    assert query.exit_side(road, district) == "east"


def test_exit_side_needs_a_line_that_leaves(wgs84: query.Layers) -> None:
    inside = gpd.GeoDataFrame(
        {"id": ["probe"], "name_vi": ["probe"], "accuracy_m": [1.0]},
        geometry=[LineString([(105.93, 20.45), (105.94, 20.46)])],
        crs=WGS84,
    )
    assert query.boundary_crossings(inside, wgs84["district"]).empty
    with pytest.raises(ValueError, match="does not leave"):
        query.exit_side(inside, wgs84["district"])


def test_area_check_against_the_official_figure(wgs84: query.Layers) -> None:
    check = query.area_check(wgs84["district"])
    official = read_toml(default_dir() / "district.toml")["area_km2_official"]
    assert check.official_km2 == official == 164.9
    assert check.computed_km2 == pytest.approx(164.69, abs=0.005)
    assert check.attribute_km2 == round(check.computed_km2, 2)
    assert check.difference_pct == pytest.approx(-0.13, abs=0.005)
    assert check.min_km2 < check.computed_km2 < check.max_km2
    assert check.official_within_range
    assert check.perimeter_km == pytest.approx(70.4, abs=0.1)


def test_successor_units_of_the_industrial_areas(wgs84: query.Layers) -> None:
    now = query.successor_unit(wgs84["industrial_areas"], wgs84["admin_2025"])
    assert now["unit_2025_vi"].to_dict() == {
        "kcn_thanh_liem": "Phường Châu Sơn",
        "ccn_thanh_hai": "Xã Thanh Lâm",
        "ccn_thanh_luu": "Xã Tân Thanh",
    }
    assert now["lineage_ok"].all()
    assert now.loc["kcn_thanh_liem", "seat_check"] == "agrees"
    assert now.loc["ccn_thanh_hai", "seat_check"] == "agrees"
    # Thanh Bình's seat is 0.7 km nearer than Tân Thanh's, well within the 2.6 km radius
    assert now.loc["ccn_thanh_luu", "nearest_seat_unit"] == "Xã Thanh Bình"
    assert now.loc["ccn_thanh_luu", "seat_check"] == "inconclusive"


def test_commune_successors_cover_all_16_communes(wgs84: query.Layers) -> None:
    table = query.commune_successors(wgs84["district"], wgs84["admin_2025"])
    assert len(table) == 16
    assert table["unit_2025_id"].notna().all()
    assert table["unit_2025_id"].value_counts().to_dict() == {
        "liem_ha": 3,
        "tan_thanh": 3,
        "thanh_binh": 3,
        "thanh_lam": 3,
        "thanh_liem": 3,
        "chau_son": 1,
    }
    assert table.loc["13441", "unit_2025_vi"] == "Phường Châu Sơn"


def test_reorganisation_summary(wgs84: query.Layers) -> None:
    units = query.reorganisation(wgs84["district"], wgs84["admin_2025"])
    assert units["whole_from_thanh_liem"].to_dict() == {
        "liem_ha": True,
        "tan_thanh": True,
        "thanh_binh": True,
        "thanh_lam": True,
        "thanh_liem": True,
        "chau_son": False,
    }
    assert units.loc["chau_son", "from_elsewhere"] == "Phường Thanh Tuyền; Phường Châu Sơn"
    assert units.loc["chau_son", "seat_verdict"] == "uncertain"
    assert (units.drop(index="chau_son")["seat_verdict"] == "inside").all()
    assert units["from_thanh_liem"].sum() == 16


def test_helpers_work_on_footprint_polygons(wgs84: query.Layers) -> None:
    footprints = query.uncertainty_areas(wgs84["industrial_areas"])
    assert set(footprints.geom_type) == {"Polygon"}
    assert footprints.crs == wgs84["industrial_areas"].crs
    areas = footprints.to_crs(METRIC_CRS).set_index("id").area
    assert areas["kcn_thanh_liem"] == pytest.approx(3.14159 * 750**2, rel=0.01)
    inside = query.containment(footprints, wgs84["district"])
    assert inside.loc["kcn_thanh_liem", "nominal"] == "straddles"
    share = inside["share_inside"].to_dict()["kcn_thanh_liem"]
    assert 0 < share < 0.5
    road = query.pick(wgs84, "dt495b")
    as_points = query.distance_range(wgs84["industrial_areas"], road)["distance_m"]
    as_areas = query.distance_range(footprints, road)["distance_m"]
    assert as_areas["kcn_thanh_liem"] == pytest.approx(as_points["kcn_thanh_liem"] - 750, abs=5)


# --- arguments are checked -----------------------------------------------------------------

BAD_METRES = [(-1.0, "-1.0"), (math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")]


def _with_accuracy(frame: gpd.GeoDataFrame, feature_id: str, value: float) -> gpd.GeoDataFrame:
    changed = frame.copy()
    assert feature_id in set(changed["id"])
    changed.loc[changed["id"] == feature_id, "accuracy_m"] = value
    return changed


Call = Callable[[query.Layers, Callable[[str, str], gpd.GeoDataFrame]], object]


@dataclass(frozen=True)
class Case:
    """A helper called with one feature's accuracy_m spoiled, and what the error names."""

    helper: str
    argument: str
    layer: str
    feature_id: str
    call: Call


CASES = [
    Case("distance_range", "features", "industrial_areas", "ccn_thanh_hai",
         lambda w, bad: query.distance_range(bad("industrial_areas", "ccn_thanh_hai"),
                                             query.pick(w, "dt495b"))),
    Case("distance_range", "target", "roads", "dt495b",
         lambda w, bad: query.distance_range(w["industrial_areas"], bad("roads", "dt495b"))),
    Case("containment", "features", "industrial_areas", "kcn_thanh_liem",
         lambda w, bad: query.containment(bad("industrial_areas", "kcn_thanh_liem"),
                                          w["district"])),
    Case("containment", "polygon", "district", "thanh_liem_district",
         lambda w, bad: query.containment(w["industrial_areas"],
                                          bad("district", "thanh_liem_district"))),
    Case("within_distance", "layers['industrial_areas']", "industrial_areas", "ccn_thanh_luu",
         lambda w, bad: query.within_distance(
             query.pick(w, "dt495b"),
             {"industrial_areas": bad("industrial_areas", "ccn_thanh_luu")})),
    Case("within_distance", "target", "roads", "dt495b",
         lambda w, bad: query.within_distance(bad("roads", "dt495b"), w)),
    Case("boundary_crossings", "line", "roads", "dt495b",
         lambda w, bad: query.boundary_crossings(bad("roads", "dt495b"), w["district"])),
    Case("exit_side", "polygon", "district", "thanh_liem_district",
         lambda w, bad: query.exit_side(query.pick(w, "dt495b"),
                                        bad("district", "thanh_liem_district"))),
    Case("area_check", "district", "district", "thanh_liem_district",
         lambda _w, bad: query.area_check(bad("district", "thanh_liem_district"))),
    Case("successor_unit", "features", "industrial_areas", "kcn_thanh_liem",
         lambda w, bad: query.successor_unit(bad("industrial_areas", "kcn_thanh_liem"),
                                             w["admin_2025"])),
    Case("successor_unit", "admin_2025", "admin_2025", "chau_son",
         lambda w, bad: query.successor_unit(w["industrial_areas"],
                                             bad("admin_2025", "chau_son"))),
    Case("reorganisation", "admin_2025", "admin_2025", "thanh_lam",
         lambda w, bad: query.reorganisation(w["district"], bad("admin_2025", "thanh_lam"))),
    Case("reorganisation", "district", "district", "thanh_liem_district",
         lambda w, bad: query.reorganisation(bad("district", "thanh_liem_district"),
                                             w["admin_2025"])),
    Case("uncertainty_areas", "features", "industrial_areas", "ccn_thanh_hai",
         lambda _w, bad: query.uncertainty_areas(bad("industrial_areas", "ccn_thanh_hai"))),
]  # fmt: skip


@pytest.mark.parametrize("spoiled", BAD_METRES, ids=[shown for _, shown in BAD_METRES])
@pytest.mark.parametrize("case", CASES, ids=[f"{c.helper}-{c.argument}" for c in CASES])
def test_bad_accuracies_raise_naming_the_argument(
    wgs84: query.Layers, case: Case, spoiled: tuple[float, str]
) -> None:
    value, shown = spoiled

    def bad(name: str, bad_id: str) -> gpd.GeoDataFrame:
        assert (name, bad_id) == (case.layer, case.feature_id)
        return _with_accuracy(wgs84[name], bad_id, value)

    label = f"{case.argument}: feature '{case.feature_id}'"
    if math.isnan(value):  # a NaN in a GeoDataFrame is a missing value
        expected = f"{label} has a geometry but no accuracy_m"
    else:
        expected = f"{label} accuracy_m must be a finite number of metres ≥ 0, got {shown}"
    with pytest.raises(ValueError, match=re.escape(expected)):
        case.call(wgs84, bad)


@pytest.mark.parametrize(
    ("distance", "shown"), [*BAD_METRES, ("5 km", "'5 km'"), (True, "True"), (None, "None")]
)
def test_within_distance_checks_distance_m(
    wgs84: query.Layers, distance: object, shown: str
) -> None:
    road = query.pick(wgs84, "dt495b")
    expected = f"distance_m must be a finite number of metres ≥ 0, got {shown}"
    with pytest.raises(ValueError, match=re.escape(expected)):
        query.within_distance(road, wgs84, distance)  # type: ignore[arg-type]


def test_within_zero_metres_is_a_real_question(wgs84: query.Layers) -> None:
    near = query.within_distance(query.pick(wgs84, "dt495b"), wgs84, 0)
    assert near.loc["thanh_liem_district", "verdict"] == "possibly"  # min 0 m, max > 0 m
    assert near.loc["chau_son", "verdict"] == "beyond"
    assert (near.loc[["kcn_thanh_liem"], "min_m"] > 0).all()


@pytest.mark.parametrize(("value", "shown"), [(0.0, "0.0"), (-164.9, "-164.9"), (math.nan, "nan")])
def test_area_check_needs_a_positive_official_area(
    wgs84: query.Layers, value: float, shown: str
) -> None:
    district = wgs84["district"].copy()
    district["area_km2_official"] = value
    expected = (
        f"district: 'thanh_liem_district' area_km2_official must be a finite number > 0, "
        f"got {shown}"
    )
    with pytest.raises(ValueError, match=re.escape(expected)):
        query.area_check(district)


def test_a_frame_without_crs_is_named(wgs84: query.Layers) -> None:
    bare = wgs84["industrial_areas"].set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match=r"^features has no CRS; load it with geo\.load_layers"):
        query.distance_range(bare, query.pick(wgs84, "dt495b"))
