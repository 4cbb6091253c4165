"""The fields of each layer, as JSON Schema, with their plausible ranges.

The checks that use them are in :mod:`geo.validate`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final

from geo.bases import BASES

MAP_FRAME: Final = (104.5, 19.5, 107.5, 21.5)
"""lon/lat box (west, south, east, north) of the map: Hà Nam and its neighbouring provinces
with a margin. Every authored position and every vertex of every layer must fall in it."""


ID_PATTERN: Final = re.compile(r"[A-Za-z0-9_.-]+")
"""What a feature id is made of (the whole id, checked with ``fullmatch``)."""


def id_problem(value: str) -> str | None:
    """Say why a text is not a feature id, or return ``None`` when it is one.

    Parameters
    ----------
    value
        The id.

    Returns
    -------
    str or None
    """
    if ID_PATTERN.fullmatch(value):
        return None
    return f"id {value!r} is not an identifier (only letters, digits, '_', '.' and '-')"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


@dataclass(frozen=True)
class Range:
    """The plausible values of a number: finite, from ``low`` to ``high``.

    Attributes
    ----------
    low, high
        Smallest and largest accepted value.
    low_open
        ``low`` itself is refused (a radius or an area of 0 means "unknown", not zero).
    integer
        Only whole numbers.
    """

    low: float
    high: float
    low_open: bool = False
    integer: bool = False

    @property
    def text(self) -> str:
        """The range in words, for messages and documentation."""
        low = f"{_number(self.low)} {'<' if self.low_open else '≤'} value ≤ {_number(self.high)}"
        return f"a whole number, {low}" if self.integer else low

    def spec(self, *, nullable: bool = False) -> dict[str, Any]:
        """Return the JSON Schema of a value in this range.

        Parameters
        ----------
        nullable
            Also accept ``null``.

        Returns
        -------
        dict
        """
        kind = "integer" if self.integer else "number"
        return {
            "type": [kind, "null"] if nullable else kind,
            "exclusiveMinimum" if self.low_open else "minimum": self.low,
            "maximum": self.high,
        }

    def problem(self, value: float) -> str | None:
        """Say what is wrong with a value, or return ``None`` when it is in range.

        Parameters
        ----------
        value
            The number.

        Returns
        -------
        str or None
        """
        if not math.isfinite(value):
            return f"{value} is not a finite number"
        if self.integer and not float(value).is_integer():
            return f"{value:g} is not a whole number"
        too_low = value <= self.low if self.low_open else value < self.low
        if too_low or value > self.high:
            return f"{value:g} is implausible (expected {self.text})"
        return None


ACCURACY_M: Final = Range(0, 20_000, low_open=True)
"""Uncertainty radius, metres: above 20 km a position says nothing on a district map."""
AREA_KM2: Final = Range(0, 10_000, low_open=True)
"""Area of an administrative unit, km² (Hà Nội, the largest unit shown, has 3,360 km²)."""
AREA_HA: Final = Range(0, 10_000, low_open=True)
"""Area of an industrial park or cluster, hectares."""
LENGTH_KM: Final = Range(0, 1_000)
"""Length of a road or river inside the map frame, km."""
TOLERANCE_M: Final = Range(0, 10_000)
"""Display simplification tolerance, metres."""
POPULATION: Final = Range(0, 1_000_000, integer=True)
"""Population of a commune-level unit (none in Vietnam has a million people)."""
COUNT: Final = Range(0, 1_000, integer=True)
"""Number of units."""
YEAR: Final = Range(1900, 2100, integer=True)
"""A year the article or a fact refers to."""
PARAGRAPH: Final = Range(1, 1_000, integer=True)
"""Paragraph number in the article (headline = 1)."""
FIGURE: Final = Range(-1e9, 1e9)
"""The value of a figure in ``facts.csv``."""
PERCENT: Final = Range(-100, 1_000)
"""A figure in percent: a share or a growth rate."""

_STR: Final = {"type": "string", "minLength": 1}
_OPT_STR: Final = {"type": ["string", "null"]}
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
    Field("id", _STR, "stable identifier, unique across layers: letters, digits, `_`, `.`, `-`"),
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
        ACCURACY_M.spec(nullable=True),
        "uncertainty of the position, metres (null only for features without geometry); "
        + ACCURACY_M.text,
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
                    "accuracy_m": ACCURACY_M.spec(nullable=True),
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
        Field(
            "area_km2_computed",
            AREA_KM2.spec(),
            "area computed in WGS 84 / UTM 48N (EPSG:32648), km²; " + AREA_KM2.text,
        ),
        Field("area_km2_official", AREA_KM2.spec(), "official area, km²; " + AREA_KM2.text),
        Field("area_official_source", _STR, "source of the official area"),
        Field("valid_from", _STR, "first day of this boundary (ISO date)"),
        Field("valid_to", _STR, "last day of this boundary (ISO date)"),
        Field("change_2013_vi", _STR, "what changed in 2013, Vietnamese"),
        Field("change_2013_en", _STR, "what changed in 2013, English"),
        Field("change_2025_vi", _STR, "what changed in 2025, Vietnamese"),
        Field("change_2025_en", _STR, "what changed in 2025, English"),
        Field("commune_count", COUNT.spec(), "number of commune-level units 2020–2025"),
        Field("communes", _STR, "commune-level units 2020–2025 as 'GSO code name; …'"),
    ),
    "context": (
        *PROVENANCE,
        Field("gso_code", _STR, "GSO code of the unit"),
        Field("province_gso_code", _STR, "GSO code of its province"),
        Field("unit_type", _STR, "Vietnamese unit type"),
        Field(
            "simplify_tolerance_m",
            TOLERANCE_M.spec(),
            "Douglas–Peucker tolerance applied in UTM 48N for display, metres; " + TOLERANCE_M.text,
        ),
    ),
    "industrial_areas": (
        *PROVENANCE,
        Field("status", _STR, "status as reported (existing, planned…)"),
        Field(
            "area_ha",
            AREA_HA.spec(nullable=True),
            "area in hectares; null where no source gives it; " + AREA_HA.text,
        ),
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
        Field(
            "length_km_official",
            LENGTH_KM.spec(nullable=True),
            "official length, km; " + LENGTH_KM.text,
        ),
        Field(
            "length_km_computed",
            LENGTH_KM.spec(nullable=True),
            "length of the drawn line in UTM 48N, km; " + LENGTH_KM.text,
        ),
        Field("via_points", _OPT_STR, "reference points the schematic line passes, in order"),
        *HISTORY,
    ),
    "admin_2025": (
        *PROVENANCE,
        Field("unit_type", _STR, "xã or phường"),
        Field("province_2025", _STR, "province from 1/07/2025"),
        Field("formed_from_2024", _STR, "all predecessor units, '; '-separated"),
        Field("from_thanh_liem", _STR, "predecessors that were in Thanh Liêm district"),
        Field(
            "area_km2_published",
            AREA_KM2.spec(),
            "area as published, km² (see area_flag); " + AREA_KM2.text,
        ),
        Field(
            "population_published",
            POPULATION.spec(),
            "population as published (see population_flag); " + POPULATION.text,
        ),
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

LAYER_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "district": ("district",),
    "context": ("hanam_district", "neighbour_province"),
    "industrial_areas": ("kcn", "ccn"),
    "roads": ("schematic_road", "unmapped_road", "mapped_road", "context_road", "river"),
    "admin_2025": ("unit_2025_commune", "unit_2025_ward"),
}
"""The feature kinds each layer may hold; each has a style in :data:`geo.style.STYLES`."""

LAYER_TITLES: Final[dict[str, str]] = {
    "district": "Thanh Liêm district, 2013 – 30/06/2025",
    "context": "Other Hà Nam districts and neighbouring provinces",
    "industrial_areas": (
        "The industrial park and clusters the article names: points, or outlines once an "
        "upgrade (an OpenStreetMap import, a contributor's edit) gives them one; "
        "`location_basis` says which"
    ),
    "roads": (
        "The roads the article names, each with how its course is known (`location_basis`); "
        "an OpenStreetMap import adds the "
        "context roads and the Đáy river (kinds `context_road`, `river`), clipped to the map "
        "frame"
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
