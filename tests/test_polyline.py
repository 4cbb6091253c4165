"""The page's compact geometry: Encoded Polyline strings that give back the very coordinates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.webmap import layer_spec, search_keys
from geo.webmap.elements import script_json
from geo.webmap.features import geometry_json, read_layers
from geo.webmap.polyline import decode, decode_geometry, encode, encode_geometry

GOOGLE_POINTS = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
GOOGLE_TEXT = "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
"""The algorithm's documented example."""


def test_the_documented_example() -> None:
    assert encode(GOOGLE_POINTS) == GOOGLE_TEXT
    assert decode(GOOGLE_TEXT) == GOOGLE_POINTS


def test_signs_steps_and_repeated_points() -> None:
    points = [(0.0, 0.0), (-0.00001, 0.00001), (-0.00001, 0.00001), (90.0, -180.0), (-90.0, 180.0)]
    text = encode(points)
    assert text[:2] == "??"  # 0 is one character, "?"
    assert text[2:4] == "@A"  # -1 → 1, +1 → 2
    assert text[4:6] == "??"  # no step
    assert decode(text) == points
    assert decode("") == []


def test_a_polygon_with_a_hole_keeps_its_rings() -> None:
    outer = [[105.9, 20.4], [105.95, 20.4], [105.95, 20.45], [105.9, 20.45], [105.9, 20.4]]
    hole = [[105.91, 20.41], [105.91, 20.42], [105.92, 20.42], [105.91, 20.41]]
    polygon = {"type": "Polygon", "coordinates": [outer, hole]}
    encoded = encode_geometry(polygon)
    assert encoded["type"] == "Polygon"
    assert [type(ring) for ring in encoded["polylines"]] == [str, str]
    assert decode_geometry(encoded) == polygon
    multi = {"type": "MultiPolygon", "coordinates": [[outer, hole], [outer]]}
    assert decode_geometry(encode_geometry(multi)) == multi
    with pytest.raises(ValueError, match="Point has no line"):
        encode_geometry({"type": "Point", "coordinates": [105.9, 20.4]})


def test_every_drawn_geometry_comes_back_exactly(layers_dir: Path) -> None:
    """Each layer's geometry, through the page's JSON, decodes to its 5-decimal GeoJSON."""
    layers = read_layers(layers_dir)
    keys = search_keys(layers, {name: name for name in layers})
    checked: set[str] = set()
    backslashes = 0
    for name, features in layers.items():
        spec = layer_spec(name, layers, keys)
        text = script_json(spec)
        assert not {"<", ">", "&"} & set(text)
        backslashes += text.count("\\\\")
        written = json.loads(text)
        drawn = [f for f in features if f.geometry is not None]
        assert len(written["features"]) == len(drawn)
        for feature, spec_feature in zip(drawn, written["features"], strict=True):
            assert feature.geometry is not None
            if feature.geometry.geom_type == "Point":
                assert spec_feature["geometry"] is None
                continue
            expected = geometry_json(feature.geometry)
            assert decode_geometry(spec_feature["geometry"]) == expected
            checked.add(expected["type"])
    assert checked == {"Polygon", "MultiPolygon", "LineString"}
    assert backslashes > 0  # "\" occurs in the strings, escaped, and comes back


def test_the_compact_geometry_is_a_fraction_of_the_geojson(layers_dir: Path) -> None:
    layers = read_layers(layers_dir)
    geojson = compact = 0
    for features in layers.values():
        for feature in features:
            if feature.geometry is None or feature.geometry.geom_type == "Point":
                continue
            plain = geometry_json(feature.geometry)
            geojson += len(script_json(plain))
            compact += len(script_json(encode_geometry(plain)))
    assert geojson > 40_000
    assert compact < geojson / 4
