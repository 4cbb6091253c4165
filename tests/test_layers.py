from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import shape

from geo.boundaries import read_province
from geo.layers_readme import layers_readme
from geo.metric import METRIC_CRS, area_km2, distance_m
from geo.pipeline import BuildOptions, run_build
from geo.schema import LAYER_NAMES, field_names
from geo.sources import SourceSettings
from geo.validate import validate_folder


def _coordinates(value: Any) -> list[float]:
    if isinstance(value, float | int):
        return [float(value)]
    return [number for item in value for number in _coordinates(item)]


def test_feature_counts(collections: dict[str, Any]) -> None:
    counts = {name: len(c["features"]) for name, c in collections.items()}
    assert counts == {
        "admin_2025": 6,
        "context": 11,
        "district": 1,
        "industrial_areas": 3,
        "roads": 3,
    }


def test_district_area_matches_the_reference_figure(layers: dict[str, gpd.GeoDataFrame]) -> None:
    district = layers["district"].iloc[0]
    area = layers["district"].to_crs(METRIC_CRS).area.iloc[0] / 1e6
    assert area == pytest.approx(164.69, rel=0.005)
    assert district["area_km2_computed"] == pytest.approx(164.69, abs=0.01)
    assert district["area_km2_official"] == 164.9
    assert district["commune_count"] == 16
    assert district["communes"].startswith("13441 Thị trấn Kiện Khê; 13450 Xã Liêm Phong")
    assert (district["valid_from"], district["valid_to"]) == ("2013-07-23", "2025-06-30")


def test_every_layer_passes_validation(layers_dir: Path) -> None:
    assert validate_folder(layers_dir) == []


def test_layers_follow_rfc7946(collections: dict[str, Any]) -> None:
    assert set(collections) == set(LAYER_NAMES)
    for name, collection in collections.items():
        assert "crs" not in collection
        for feature in collection["features"]:
            assert list(feature["properties"]) == field_names(name)
            if feature["geometry"] is None:
                continue
            for number in _coordinates(feature["geometry"]["coordinates"]):
                assert round(number, 6) == number
            geometry = shape(feature["geometry"])
            if geometry.geom_type in {"Polygon", "MultiPolygon"}:
                parts = getattr(geometry, "geoms", [geometry])
                assert all(shapely.is_ccw(part.exterior) for part in parts)
                assert not any(shapely.is_ccw(ring) for part in parts for ring in part.interiors)


def test_two_builds_are_byte_identical(
    layers_dir: Path, settings: SourceSettings, tmp_path: Path
) -> None:
    run_build(BuildOptions(sources=settings, layers_dir=tmp_path, layers_only=True))
    for name in LAYER_NAMES:
        first = (layers_dir / f"{name}.geojson").read_bytes()
        assert (tmp_path / f"{name}.geojson").read_bytes() == first


def test_dt495b_is_schematic_and_shorter_than_the_official_length(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    road = layers["roads"].set_index("id").loc["dt495b"]
    assert road["schematic"]
    assert road["status"] == "schematic"
    assert road["length_km_official"] == 28.9
    # straight segments between commune points cut the road's bends: shorter, same order
    assert road["length_km_computed"] == pytest.approx(24.45, abs=0.01)
    assert 0.75 < road["length_km_computed"] / road["length_km_official"] < 1.0
    assert road["accuracy_m"] == 3240
    district = layers["district"].geometry.iloc[0]
    assert road.geometry.crosses(district)


def test_t1_and_t4_have_no_geometry(layers: dict[str, gpd.GeoDataFrame]) -> None:
    roads = layers["roads"].set_index("id")
    for road_id in ("t1", "t4"):
        assert roads.loc[road_id].geometry is None
        assert roads.loc[road_id, "status"] == "route not published"
        assert roads.loc[road_id, "accuracy_m"] != roads.loc[road_id, "accuracy_m"]  # NaN


def test_industrial_areas_carry_position_basis_and_uncertainty(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    areas = layers["industrial_areas"].set_index("id")
    assert areas["accuracy_m"].to_dict() == {
        "kcn_thanh_liem": 750.0,
        "ccn_thanh_hai": 3250.0,
        "ccn_thanh_luu": 2610.0,
    }
    assert areas["kind"].to_dict() == {
        "kcn_thanh_liem": "kcn",
        "ccn_thanh_hai": "ccn",
        "ccn_thanh_luu": "ccn",
    }
    assert areas["area_ha"].isna().all()
    assert areas.loc["kcn_thanh_liem", "location_basis"].startswith("published_point")
    assert areas.loc["ccn_thanh_luu", "commune_2025_vi"] == "Xã Tân Thanh"
    assert "2020" in areas.loc["ccn_thanh_luu", "note_en"]


def test_kcn_point_lies_just_outside_the_district(layers: dict[str, gpd.GeoDataFrame]) -> None:
    district = layers["district"].geometry.iloc[0]
    areas = layers["industrial_areas"].set_index("id")
    gap = distance_m(areas.loc["kcn_thanh_liem"].geometry, district)
    assert 300 < gap < 600
    assert gap < areas.loc["kcn_thanh_liem", "accuracy_m"]
    assert district.contains(areas.loc["ccn_thanh_hai"].geometry)
    assert district.contains(areas.loc["ccn_thanh_luu"].geometry)


def test_admin_2025_flags_inconsistent_published_figures(
    layers: dict[str, gpd.GeoDataFrame],
) -> None:
    units = layers["admin_2025"].set_index("id")
    assert sorted(units.index[units["area_flag"]]) == ["tan_thanh", "thanh_binh"]
    assert sorted(units.index[units["population_flag"]]) == ["thanh_binh", "thanh_lam"]
    assert "35.5" in units.loc["tan_thanh", "note_en"]
    district = layers["district"].geometry.iloc[0]
    assert all(district.contains(point) for point in units.geometry)


def test_context_is_simplified_but_keeps_its_areas(
    layers: dict[str, gpd.GeoDataFrame], settings: SourceSettings
) -> None:
    context = layers["context"].set_index("gso_code")
    assert context.loc["347", "name_vi"] == "Thành phố Phủ Lý"
    # the unit type is the start of the name, never the geometry type of the source file
    for code, unit in context.iterrows():
        assert unit["name_vi"].startswith(unit["unit_type"] + " "), code
    assert context.loc["01", "unit_type"] == "Thành phố"
    assert context.loc["37", "name_en"] == "Ninh Bình Province"
    full = {unit.code: unit.geometry for unit in read_province("35", settings)}
    for code in ("347", "349", "350", "352", "353"):
        simplified = context.loc[code].geometry
        assert len(shapely.get_coordinates(simplified)) < len(shapely.get_coordinates(full[code]))
        assert area_km2(simplified) == pytest.approx(area_km2(full[code]), rel=0.005)
    assert area_km2(context.loc["352"].geometry) == pytest.approx(143.7, abs=0.1)


def test_layer_files_are_the_ones_documented(layers_dir: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "layers" / "README.md").read_text("utf-8")
    assert readme == layers_readme(), "run: python -m geo.layers_readme > layers/README.md"
    for name in LAYER_NAMES:
        assert f"## `{name}`" in readme
        for field in field_names(name):
            assert f"`{field}`" in readme, (name, field)
    assert json.loads((layers_dir / "roads.geojson").read_text("utf-8"))["name"] == "roads"
