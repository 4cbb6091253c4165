"""The fields of each layer, as JSON Schema, and the checks behind ``validate``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import jsonschema

from geo.bases import BASES

_STR: Final = {"type": "string", "minLength": 1}
_OPT_STR: Final = {"type": ["string", "null"]}
_NUM: Final = {"type": "number"}
_OPT_NUM: Final = {"type": ["number", "null"]}
_INT: Final = {"type": "integer"}
_BOOL: Final = {"type": "boolean"}


@dataclass(frozen=True)
class Field:
    """One property of a layer.

    Attributes
    ----------
    name
        Property name.
    spec
        JSON Schema of its value.
    doc
        Meaning and unit, for layers/README.md.
    """

    name: str
    spec: dict[str, Any]
    doc: str


PROVENANCE: Final = (
    Field("id", _STR, "stable identifier"),
    Field("name_vi", _STR, "Vietnamese name"),
    Field("name_en", _STR, "English name"),
    Field("kind", _STR, "feature kind (symbology key)"),
    Field(
        "location_basis",
        {"type": "string", "pattern": f"^({'|'.join(BASES)}):"},
        f"how the position or geometry was obtained: `key: details`, key one of {', '.join(BASES)}",
    ),
    Field(
        "accuracy_m",
        _OPT_NUM,
        "uncertainty of the position, metres (null only for features without geometry)",
    ),
    Field("source", _STR, "where the position and attributes come from"),
    Field("note_vi", _OPT_STR, "what a reader needs to know, Vietnamese"),
    Field("note_en", _OPT_STR, "what a reader needs to know, English"),
)

HISTORY: Final = (
    Field(
        "contributor",
        _OPT_STR,
        "who contributed the current position, credited under CC BY 4.0 "
        "(`thanh-liem-map import-edits`); null for the project's own positions",
    ),
    Field(
        "contribution_date",
        {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "date of the contribution (YYYY-MM-DD), or null",
    ),
    Field(
        "previous_bases",
        {
            "type": ["array", "null"],
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["location_basis", "accuracy_m", "source"],
                "additionalProperties": False,
                "properties": {
                    "location_basis": {"type": "string", "pattern": f"^({'|'.join(BASES)}):"},
                    "accuracy_m": _OPT_NUM,
                    "source": _STR,
                },
            },
        },
        "the positions the feature had before its current one, oldest first, each "
        "`{location_basis, accuracy_m, source}` (the last is the one just replaced); null "
        "when never upgraded. The GeoPackage stores it as JSON text",
    ),
)
"""Fields of the layers contributors and imports can upgrade: who gave the current position
and what it replaced."""

LAYER_FIELDS: Final[dict[str, tuple[Field, ...]]] = {
    "district": (
        *PROVENANCE,
        Field("gso_province_code", _STR, "GSO code of the province (35 = Hà Nam)"),
        Field("gso_district_code", _STR, "GSO code of the district (351)"),
        Field("province_vi", _STR, "province the district belonged to"),
        Field("area_km2_computed", _NUM, "area computed in WGS 84 / UTM 48N (EPSG:32648), km²"),
        Field("area_km2_official", _NUM, "official area, km²"),
        Field("area_official_source", _STR, "source of the official area"),
        Field("valid_from", _STR, "first day of this boundary (ISO date)"),
        Field("valid_to", _STR, "last day of this boundary (ISO date)"),
        Field("change_2013_vi", _STR, "what changed in 2013, Vietnamese"),
        Field("change_2013_en", _STR, "what changed in 2013, English"),
        Field("change_2025_vi", _STR, "what changed in 2025, Vietnamese"),
        Field("change_2025_en", _STR, "what changed in 2025, English"),
        Field("commune_count", _INT, "number of commune-level units 2020–2025"),
        Field("communes", _STR, "commune-level units 2020–2025 as 'GSO code name; …'"),
    ),
    "context": (
        *PROVENANCE,
        Field("gso_code", _STR, "GSO code of the unit"),
        Field("province_gso_code", _STR, "GSO code of its province"),
        Field("unit_type", _STR, "Vietnamese unit type"),
        Field(
            "simplify_tolerance_m",
            _NUM,
            "Douglas–Peucker tolerance applied in UTM 48N for display, metres",
        ),
    ),
    "industrial_areas": (
        *PROVENANCE,
        Field("status", _STR, "status as reported (existing, planned…)"),
        Field("area_ha", _OPT_NUM, "area in hectares; null where no source gives it"),
        Field("district_2024_gso", _STR, "GSO code of the district-level unit it lies in (2024)"),
        Field("commune_2024_vi", _STR, "commune-level unit it lies in (2024)"),
        Field("commune_2025_vi", _STR, "unit that replaced it on 1/07/2025"),
        Field("reference_point", _STR, "id of the reference point its position comes from"),
        *HISTORY,
    ),
    "roads": (
        *PROVENANCE,
        Field("ref", _STR, "road reference as written in the sources (the river: its name)"),
        Field("status", _STR, "schematic | route not published | mapped"),
        Field("schematic", _BOOL, "true when the line is a sketch, not the route"),
        Field("length_km_official", _OPT_NUM, "official length, km"),
        Field("length_km_computed", _OPT_NUM, "length of the drawn line in UTM 48N, km"),
        Field("via_points", _OPT_STR, "reference points the schematic line passes, in order"),
        *HISTORY,
    ),
    "admin_2025": (
        *PROVENANCE,
        Field("unit_type", _STR, "xã or phường"),
        Field("province_2025", _STR, "province from 1/07/2025"),
        Field("formed_from_2024", _STR, "all predecessor units, '; '-separated"),
        Field("from_thanh_liem", _STR, "predecessors that were in Thanh Liêm district"),
        Field("area_km2_published", _NUM, "area as published, km² (see area_flag)"),
        Field("population_published", _INT, "population as published (see population_flag)"),
        Field("area_flag", _BOOL, "true when the published area is inconsistent"),
        Field("population_flag", _BOOL, "true when the published population is implausible"),
        Field("seat_vi", _STR, "seat (trụ sở) the published point refers to"),
    ),
}
"""Every layer and its fields, in output order."""

LAYER_GEOMETRIES: Final[dict[str, tuple[str | None, ...]]] = {
    "district": ("MultiPolygon", "Polygon"),
    "context": ("MultiPolygon", "Polygon"),
    "industrial_areas": ("Point", "Polygon", "MultiPolygon"),
    "roads": ("LineString", "MultiLineString", None),
    "admin_2025": ("Point",),
}

LAYER_TITLES: Final[dict[str, str]] = {
    "district": "Thanh Liêm district, 2013 – 30/06/2025",
    "context": "Other Hà Nam districts and neighbouring provinces",
    "industrial_areas": (
        "KCN Thanh Liêm, CCN Thanh Hải, CCN Thanh Lưu: points, or OpenStreetMap outlines "
        "(kind unchanged) after `thanh-liem-map import-osm` matched them"
    ),
    "roads": (
        "ĐT495B (schematic), T1 and T4 (route not published). After `thanh-liem-map "
        "import-osm`, roads it matched have their OpenStreetMap route (kind `mapped_road`, "
        "status mapped), and the context roads QL1A, the Cầu Giẽ–Ninh Bình expressway and "
        "QL21A (kind `context_road`) and the Đáy river (kind `river`) are added, clipped to "
        "the map frame"
    ),
    "admin_2025": "Units that replaced the district's communes on 1/07/2025",
}

LAYER_NAMES: Final = tuple(LAYER_FIELDS)


def field_names(layer: str) -> list[str]:
    """Return the property names of a layer in output order.

    Parameters
    ----------
    layer
        Layer name.

    Returns
    -------
    list of str
    """
    return [field.name for field in LAYER_FIELDS[layer]]


def feature_schema(layer: str) -> dict[str, Any]:
    """Return the JSON Schema of one feature of a layer.

    Parameters
    ----------
    layer
        Layer name.

    Returns
    -------
    dict
    """
    fields = LAYER_FIELDS[layer]
    geometry_types = [kind for kind in LAYER_GEOMETRIES[layer] if kind is not None]
    geometry: dict[str, Any] = {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {"type": {"enum": geometry_types}},
    }
    if None in LAYER_GEOMETRIES[layer]:
        geometry = {"oneOf": [{"type": "null"}, geometry]}
    return {
        "type": "object",
        "required": ["type", "properties", "geometry"],
        "properties": {
            "type": {"const": "Feature"},
            "properties": {
                "type": "object",
                "required": [field.name for field in fields],
                "additionalProperties": False,
                "properties": {field.name: field.spec for field in fields},
            },
            "geometry": geometry,
        },
    }


def collection_problems(layer: str, collection: Any) -> list[str]:
    """Check a parsed GeoJSON layer against its schema and RFC 7946.

    Parameters
    ----------
    layer
        Layer name.
    collection
        Parsed GeoJSON.

    Returns
    -------
    list of str
        Readable problems; empty when the layer conforms.
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return [f"{layer}: not a GeoJSON FeatureCollection"]
    problems = []
    if "crs" in collection:
        problems.append(f"{layer}: has a 'crs' member (RFC 7946 layers are WGS84 without it)")
    validator = jsonschema.Draft202012Validator(feature_schema(layer))
    for index, feature in enumerate(collection.get("features", [])):
        label = _label(layer, index, feature)
        problems.extend(
            f"{label}: {'/'.join(map(str, error.absolute_path)) or 'feature'}: {error.message}"
            for error in sorted(validator.iter_errors(feature), key=str)
        )
    return problems


def _label(layer: str, index: int, feature: Any) -> str:
    try:
        return f"{layer}/{feature['properties']['id']}"
    except (KeyError, TypeError):
        return f"{layer}[{index}]"
