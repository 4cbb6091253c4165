"""The map's file: one self-contained document, tied to the layers and the records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import shape

from geo.captions import feature_sources
from geo.facts import load_facts
from geo.schema import LAYER_NAMES
from geo.sources import DVHCVN_CREDIT
from geo.validate import ValidationError
from geo.webmap import BASEMAPS, SIZE_GOAL_BYTES, build_map, layer_spec
from geo.webmap.bundle import check_vendored, manifest
from geo.webmap.content import format_number
from geo.webmap.features import DISPLAY_DECIMALS, MapFeature, read_layers
from geo.webmap.page_data import page_document, shared_properties
from geo.webmap.polyline import decode_geometry
from tests.layer_edits import copy_layers, edit_feature


def test_map_is_one_file_below_the_size_goal(map_html: Path, html_text: str) -> None:
    assert map_html.stat().st_size <= SIZE_GOAL_BYTES
    assert html_text.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html_text
    assert '<meta name="viewport"' in html_text
    assert "<title>Công nghiệp ở Thanh Liêm" in html_text
    assert list(map_html.parent.iterdir()) == [map_html]


def test_map_requests_nothing_but_tiles(html_text: str) -> None:
    assert re.search(r"<script[^>]*\ssrc=", html_text) is None
    assert re.search(r"<link\b", html_text) is None
    assert "@import" not in html_text
    styles = "".join(re.findall(r"<style>(.*?)</style>", html_text, flags=re.DOTALL))
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", styles)
    assert urls, "the inlined stylesheets refer to images"
    assert all(url.startswith(("data:", "#")) for url in urls), urls
    for basemap in BASEMAPS:
        assert json.dumps(basemap.url) in html_text
    # libraries not used are not shipped
    for unused in ("jquery", "bootstrap", "font-awesome", "awesome-markers"):
        assert unused not in html_text.lower()


def test_vendored_assets_match_their_manifest() -> None:
    assert check_vendored() == []
    packages = {p["package"]: p for p in manifest()["packages"]}
    assert packages["leaflet"]["version"] == "1.9.4"
    assert set(packages) == {
        "leaflet",
        "leaflet.fullscreen",
    }
    for package in packages.values():
        assert "LICENSE" in package["files"]
        assert package["npm_integrity"].startswith("sha512-")


def test_numbers_are_written_as_each_language_writes_them() -> None:
    assert format_number(30640.0, "vi") == "30.640"
    assert format_number(30640.0, "en") == "30,640"
    assert format_number(28.7, "vi") == "28,7"
    assert format_number(20.35, "en") == "20.35"
    assert format_number(3.0, "vi") == "3"


def test_display_coordinates_keep_five_decimals(layers_dir: Path) -> None:
    layers = read_layers(layers_dir)
    keys = {(name, f.id): f.id for name, features in layers.items() for f in features}
    numbers: list[float] = []

    def collect(value: Any) -> None:
        if isinstance(value, float):
            numbers.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for name in LAYER_NAMES:
        for feature in layer_spec(name, layers, keys)["features"]:
            if feature["geometry"]:
                collect(decode_geometry(feature["geometry"])["coordinates"])
            collect(feature["anchor"])
    assert len(numbers) > 1000
    assert all(round(n, DISPLAY_DECIMALS) == n for n in numbers)


def test_missing_layers_fail_clearly_and_write_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "layers"
    empty.mkdir()
    with pytest.raises(ValidationError) as error:
        build_map(empty, tmp_path / "out")
    assert f"district: file missing ({empty / 'district.geojson'})" in error.value.problems[0]
    assert len(error.value.problems) == len(LAYER_NAMES)
    assert not (tmp_path / "out").exists()


def test_kind_without_style_fails_clearly(layers_dir: Path, tmp_path: Path) -> None:
    folder = copy_layers(layers_dir, tmp_path / "layers")
    edit_feature(folder, "industrial_areas", "ccn_thanh_hai", kind="mystery")
    with pytest.raises(ValidationError) as error:
        build_map(folder, tmp_path / "out")
    assert error.value.problems == [
        "industrial_areas/ccn_thanh_hai: kind 'mystery' has no style in geo/style.py"
    ]


def test_credits_follow_the_sources(layers_dir: Path, tmp_path: Path, html_text: str) -> None:
    assert json.dumps(DVHCVN_CREDIT, ensure_ascii=False)[1:-1] in html_text
    assert "contributors (ODbL)" not in html_text
    folder = copy_layers(layers_dir, tmp_path / "layers")
    edit_feature(
        folder, "industrial_areas", "kcn_thanh_liem", location_basis="openstreetmap: way 123"
    )
    text = build_map(folder, tmp_path / "out")[0].read_text(encoding="utf-8")
    assert "OpenStreetMap\\u003c/a\\u003e contributors (ODbL)" in text


def test_geometry_of_drawn_features_is_the_layers(
    layers_dir: Path, collections: dict[str, Any]
) -> None:
    layers = read_layers(layers_dir)
    keys = {(name, f.id): f.id for name, features in layers.items() for f in features}
    spec = layer_spec("district", layers, keys)
    drawn = shape(decode_geometry(spec["features"][0]["geometry"]))
    original = shape(collections["district"]["features"][0]["geometry"])
    assert drawn.symmetric_difference(original).area / original.area < 1e-4
    industrial = layer_spec("industrial_areas", layers, keys)["features"]
    for feature, source in zip(
        industrial, collections["industrial_areas"]["features"], strict=True
    ):
        lon, lat = source["geometry"]["coordinates"]
        assert feature["anchor"] == [round(lat, 5), round(lon, 5)]
        assert feature["radius"] == source["properties"]["accuracy_m"]


def test_what_a_layer_shares_is_written_once(layers_dir: Path) -> None:
    layers = read_layers(layers_dir)
    keys = {(name, f.id): f.id for name, features in layers.items() for f in features}
    spec = layer_spec("context", layers, keys)
    assert {"source", "location_basis", "note_vi", "note_en"} <= set(spec["shared"])
    assert spec["sources"] == [
        [feature_sources(dict(layers["context"][0].properties), lang) for lang in ("vi", "en")]
    ]
    for feature, written in zip(layers["context"], spec["features"], strict=True):
        assert "source" not in written["props"]
        assert {**spec["shared"], **written["props"]} == dict(feature.properties)
        assert spec["sources"][written["sources"]][1].startswith("boundaries from")
    one = layer_spec("district", layers, keys)
    assert one["shared"] == {}  # a single feature keeps all its properties
    assert one["features"][0]["props"] == dict(layers["district"][0].properties)


def test_shared_properties_compare_values_as_json() -> None:
    def unit(**props: Any) -> MapFeature:
        return MapFeature("admin_2025", {"id": "x", "kind": "k", **props}, None)

    features = [unit(flag=False, area=1.0, note=None), unit(flag=0, area=1.0, note=None)]
    assert shared_properties(features) == {"id": "x", "kind": "k", "area": 1.0, "note": None}
    assert shared_properties(features[:1]) == {}


def test_popups_get_the_facts_about_their_features(layers_dir: Path) -> None:
    layers = read_layers(layers_dir)
    document = page_document(layers, load_facts(), {}, {name: name for name in layers})
    written = {fact["id"]: fact for fact in document["vocab"]["facts"]}
    # about drawn features: the industrial areas, ĐT495B
    assert {"industrial_area_count", "priority_cluster_upgrade", "roads_invested"} <= set(written)
    assert written["roads_invested"]["value_vi"] == "T4; T1; ĐT495B"
    # about the district as a whole: in the fact panel, in no popup
    assert not {"industry_share", "output_growth_2021", "key_products"} & set(written)
