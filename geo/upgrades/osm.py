"""The OpenStreetMap import as upgrades: the override file ``osm_import.geojson``.

``thanh-liem-map import-osm`` (:mod:`geo.osm`) writes it into the authored-data folder with
:func:`dumps_override`; the upgrades stage reads it back with :func:`read_osm_upgrades` when
it exists and applies it after the layers are built. Without it the layers stay exactly as
built. This module reads and checks the file and never needs pyosmium.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import jsonschema
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError, check_geometry
from geo.io import dumps_geojson, geometry_to_rfc7946, read_json
from geo.upgrades.merge import Upgrade

OVERRIDE_FILENAME: Final = "osm_import.geojson"
"""Name of the override file in the authored-data folder."""

BASIS_PREFIX: Final = "openstreetmap:"
"""Start of the ``location_basis`` of every feature with OSM geometry."""

CONTEXT_KINDS: Final = frozenset({"context_road", "river"})
"""Kinds of the features that exist only when imported."""

LAYER_TYPES: Final = {
    "industrial_areas": ("Polygon", "MultiPolygon"),
    "roads": ("LineString", "MultiLineString"),
}
"""Layers an import may change, and the geometry types it may give them."""

_STR: Final = {"type": "string", "minLength": 1}
_PROPERTIES: Final = {
    "id": _STR,
    "layer": {"enum": sorted(LAYER_TYPES)},
    "kind": _STR,
    "name_vi": _STR,
    "name_en": _STR,
    "ref": {"type": ["string", "null"]},
    "osm_ids": {"type": "array", "items": _STR, "minItems": 1},
    "osm_timestamp": {"type": ["string", "null"]},
    "matched_by": _STR,
    "pieces": {"type": "integer", "minimum": 1},
    "accuracy_m": {"type": "number", "exclusiveMinimum": 0},
    "location_basis": {"type": "string", "pattern": f"^{BASIS_PREFIX}"},
    "source": {"type": "string", "pattern": "ODbL"},
    "note_vi": _STR,
    "note_en": _STR,
}
SCHEMA: Final = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "properties", "geometry"],
                "properties": {
                    "type": {"const": "Feature"},
                    "properties": {
                        "type": "object",
                        "required": sorted(_PROPERTIES),
                        "additionalProperties": False,
                        "properties": _PROPERTIES,
                    },
                },
            },
        },
    },
}
"""JSON Schema of the override file."""


@dataclass(frozen=True)
class OsmFeature:
    """One feature with OpenStreetMap geometry.

    Attributes
    ----------
    id
        Feature id in its layer (an existing feature, or a new context road or river).
    layer
        ``industrial_areas`` or ``roads``.
    kind
        Feature kind in the layer (``kcn``, ``ccn``, ``mapped_road``, ``context_road``,
        ``river``).
    name_vi, name_en, ref
        Names and reference (used for new features; ``ref`` is ``None`` for areas).
    osm_ids
        The OSM objects the geometry comes from (``way/1``, ``relation/2``).
    osm_timestamp
        Time the extract was cut, ISO 8601, or ``None`` when the file does not say.
    matched_by
        How the OSM objects were identified (``ref 'ĐT.495B'``, ``contains the published
        point``…).
    pieces
        Number of separate lines (roads) or 1.
    accuracy_m
        Fitting accuracy of OSM geometry here, metres.
    location_basis
        ``openstreetmap: …``.
    source
        Credit, with the ODbL attribution.
    note_vi, note_en
        What a reader needs to know about the imported geometry.
    geometry
        lon/lat geometry.
    """

    id: str
    layer: str
    kind: str
    name_vi: str
    name_en: str
    ref: str | None
    osm_ids: tuple[str, ...]
    osm_timestamp: str | None
    matched_by: str
    pieces: int
    accuracy_m: float
    location_basis: str
    source: str
    note_vi: str
    note_en: str
    geometry: BaseGeometry

    def properties(self) -> dict[str, Any]:
        """Return the GeoJSON properties of the feature.

        Returns
        -------
        dict
        """
        return {
            name: list(self.osm_ids) if name == "osm_ids" else getattr(self, name)
            for name in _PROPERTIES
        }


@dataclass(frozen=True)
class Override:
    """The content of an override file, by layer.

    Attributes
    ----------
    path
        File it was read from.
    features
        Every feature, in file order.
    """

    path: Path
    features: tuple[OsmFeature, ...]


def dumps_override(features: list[OsmFeature], extract: dict[str, Any]) -> str:
    """Serialise imported features as the override file (RFC 7946, one feature per line).

    Parameters
    ----------
    features
        Imported features.
    extract
        Description of the extract (file name, timestamp and its origin), stored as the
        collection's ``osm_extract`` member.

    Returns
    -------
    str
    """
    collection = {
        "type": "FeatureCollection",
        "name": "osm_import",
        "osm_extract": extract,
        "features": [
            {
                "type": "Feature",
                "id": feature.id,
                "properties": feature.properties(),
                "geometry": geometry_to_rfc7946(feature.geometry),
            }
            for feature in features
        ],
    }
    return dumps_geojson(collection)


def _feature(raw: dict[str, Any], path: Path) -> OsmFeature:
    props = raw["properties"]
    label = props["id"]
    try:
        geometry = shape(raw["geometry"]) if raw["geometry"] is not None else None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        msg = f"{path}: feature '{label}' has an unreadable geometry ({error})"
        raise AuthoredDataError(msg) from error
    checked = check_geometry(label, geometry, path)
    allowed = LAYER_TYPES[props["layer"]]
    if checked.geom_type not in allowed:
        msg = (
            f"{path}: feature '{label}' has a {checked.geom_type}; "
            f"{props['layer']} takes {' or '.join(allowed)}"
        )
        raise AuthoredDataError(msg)
    values = {name: props[name] for name in _PROPERTIES}
    values["osm_ids"] = tuple(props["osm_ids"])
    values["accuracy_m"] = float(props["accuracy_m"])
    return OsmFeature(**values, geometry=checked)


def read_override(folder: Path) -> Override | None:
    """Read and check the override file of an authored-data folder, if there is one.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    Override or None
        ``None`` when the folder has no ``osm_import.geojson``.

    Raises
    ------
    AuthoredDataError
        When the file is unreadable, does not follow the schema, or a geometry is empty,
        invalid, outside the area of interest or of the wrong type (naming the feature).
    """
    path = folder / OVERRIDE_FILENAME
    if not path.is_file():
        return None
    try:
        data = read_json(path)
    except ValueError as error:
        raise AuthoredDataError(str(error)) from error
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=str)
    if errors:
        where = "/".join(map(str, errors[0].absolute_path)) or "file"
        msg = f"{path}: {where}: {errors[0].message}"
        raise AuthoredDataError(msg)
    features = tuple(_feature(raw, path) for raw in data["features"])
    ids = [(feature.layer, feature.id) for feature in features]
    duplicates = sorted({f"{layer}/{id_}" for layer, id_ in ids if ids.count((layer, id_)) > 1})
    if duplicates:
        msg = f"{path}: duplicate feature(s) {', '.join(duplicates)}"
        raise AuthoredDataError(msg)
    return Override(path, features)


def is_new_feature(feature: OsmFeature) -> bool:
    """Tell whether an imported feature is added (context road, river) rather than applied.

    Parameters
    ----------
    feature
        Imported feature.

    Returns
    -------
    bool
    """
    return feature.kind in CONTEXT_KINDS


def osm_upgrade(feature: OsmFeature) -> Upgrade:
    """Return the upgrade an imported feature makes.

    A matched feature keeps its own source and adds the ODbL credit of its geometry; a road
    takes the kind of the import (``mapped_road``), an industrial area keeps its kind. A
    context road or the river is a new feature, named and referenced as OSM names it.

    Parameters
    ----------
    feature
        One feature of the override file.

    Returns
    -------
    Upgrade
    """
    new = is_new_feature(feature)
    attributes = (
        {
            "name_vi": feature.name_vi,
            "name_en": feature.name_en,
            "ref": feature.ref or feature.name_vi,
            "length_km_official": None,
        }
        if new
        else {}
    )
    return Upgrade(
        layer=feature.layer,
        id=feature.id,
        new=new,
        geometry=feature.geometry,
        location_basis=feature.location_basis,
        accuracy_m=feature.accuracy_m,
        source=feature.source,
        note_vi=feature.note_vi,
        note_en=feature.note_en,
        adds_source=True,
        kind=feature.kind if feature.layer == "roads" else None,
        attributes=attributes,
    )


def read_osm_upgrades(folder: Path) -> tuple[Path, list[Upgrade]]:
    """Read the OpenStreetMap import of an authored-data folder as upgrades, if there is one.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    tuple
        The file and its upgrades in file order (none when the folder has no
        ``osm_import.geojson``).

    Raises
    ------
    AuthoredDataError
        When the file is unreadable or malformed (:func:`read_override`).
    """
    override = read_override(folder)
    features = override.features if override is not None else ()
    return folder / OVERRIDE_FILENAME, [osm_upgrade(feature) for feature in features]
