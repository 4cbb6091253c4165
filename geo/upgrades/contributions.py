"""Contributors' edits as upgrades: ``contributions.geojson`` in the authored-data folder.

``thanh-liem-map import-edits`` (:mod:`geo.edits`) writes it with
:func:`dumps_contributions`; the upgrades stage reads it back with
:func:`read_contribution_upgrades` and applies it after the OpenStreetMap import. It is
authored data like the CSV files beside it: committed, reviewed in a diff, licensed CC BY 4.0,
and every record credits its contributor. One record per feature:

- ``change: geometry``: a new geometry for an existing feature (a route for T1, a moved
  point, a footprint polygon for an industrial area), with its provenance;
- ``change: new``: a feature the layer did not have (another industrial cluster, a road),
  with the attributes its layer needs (``attributes``).

Delete a record (or the file) to go back to the previous position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import jsonschema
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError, check_geometry
from geo.bases import split_basis
from geo.io import dumps_geojson, geometry_to_rfc7946, read_json
from geo.upgrades.merge import Upgrade

CONTRIBUTIONS_FILENAME: Final = "contributions.geojson"
"""Name of the reviewed contributions file in the authored-data folder."""

LICENCE: Final = "CC BY 4.0"
CREDIT: Final = "thanh-liem-map and the contributor named in each record"

LAYER_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "industrial_areas": ("Point", "Polygon", "MultiPolygon"),
    "roads": ("LineString", "MultiLineString"),
}
"""Layers open to contributions, and the geometry types an edit may give them."""

EDITABLE_LAYERS: Final = tuple(LAYER_TYPES)

FOOTPRINTS_TABLE: Final = "industrial_footprints"
"""Table of the QGIS editing kit where footprint polygons of industrial areas are drawn."""

CONTRIBUTION_BASES: Final = ("digitised", "published_point", "openstreetmap")
"""Keys of :data:`geo.bases.BASES` a contributed position may have."""

NEW_FEATURE_FIELDS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "industrial_areas": (
        (
            "name_vi",
            "name_en",
            "kind",
            "status",
            "district_2024_gso",
            "commune_2024_vi",
            "commune_2025_vi",
        ),
        ("area_ha",),
    ),
    "roads": (("name_vi", "name_en", "ref"), ("length_km_official",)),
}
"""Per layer: the attributes a new feature must have, and those it may have."""

MAPPED_ROAD: Final = "mapped_road"
"""Kind of a road drawn along its route (as an OpenStreetMap import draws it)."""


NUMERIC_ATTRIBUTES: Final = frozenset({"area_ha", "length_km_official"})

ID_PATTERN: Final = r"^[a-z][a-z0-9_]{0,62}$"
"""A new feature's id: lower-case ASCII letters, digits and ``_`` (it goes into links)."""

DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"

_STR: Final = {"type": "string", "minLength": 1}
_OPT_STR: Final = {"type": ["string", "null"]}
_PROPERTIES: Final = {
    "layer": {"enum": list(EDITABLE_LAYERS)},
    "id": {"type": "string", "pattern": ID_PATTERN},
    "change": {"enum": ["geometry", "new"]},
    "location_basis": {"type": "string", "pattern": f"^({'|'.join(CONTRIBUTION_BASES)}):"},
    "accuracy_m": {"type": "number", "exclusiveMinimum": 0},
    "source": _STR,
    "contributor": _STR,
    "contribution_date": {"type": ["string", "null"], "pattern": DATE_PATTERN},
    "note_vi": _OPT_STR,
    "note_en": _OPT_STR,
    "attributes": {
        "type": "object",
        "additionalProperties": {"type": ["string", "number", "null"]},
    },
    "imported_from": _STR,
}
SCHEMA: Final = {
    "type": "object",
    "required": ["type", "licence", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "licence": {"const": LICENCE},
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
                    "geometry": {"type": "object"},
                },
            },
        },
    },
}
"""JSON Schema of the contributions file."""


@dataclass(frozen=True)
class Contribution:
    """One reviewed contribution.

    Attributes
    ----------
    layer
        ``industrial_areas`` or ``roads``.
    id
        The feature it changes (``change == "geometry"``) or adds (``"new"``).
    change
        ``geometry`` or ``new``.
    location_basis
        ``key: free text``, key one of :data:`CONTRIBUTION_BASES`.
    accuracy_m
        Uncertainty of the contributed geometry, metres (> 0).
    source
        Where the geometry comes from (a plan, imagery and its date, a site visit…).
    contributor
        Credit, as the contributor wants to be named (CC BY 4.0).
    contribution_date
        ``YYYY-MM-DD`` or ``None``.
    note_vi, note_en
        What a reader needs to know about the new position, or ``None``.
    attributes
        For a new feature, the layer's other attributes (:data:`NEW_FEATURE_FIELDS`).
    imported_from
        Name of the file it was imported from.
    geometry
        lon/lat geometry.
    """

    layer: str
    id: str
    change: str
    location_basis: str
    accuracy_m: float
    source: str
    contributor: str
    contribution_date: str | None
    note_vi: str | None
    note_en: str | None
    imported_from: str
    geometry: BaseGeometry
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """``(layer, id)``: the feature the contribution is about."""
        return (self.layer, self.id)

    @property
    def label(self) -> str:
        """``layer/id``, for messages."""
        return f"{self.layer}/{self.id}"

    def properties(self) -> dict[str, Any]:
        """Return the GeoJSON properties of the record.

        Returns
        -------
        dict
        """
        values = {name: getattr(self, name) for name in _PROPERTIES if name != "attributes"}
        values["attributes"] = dict(self.attributes)
        return {name: values[name] for name in _PROPERTIES}


def dumps_contributions(contributions: Sequence[Contribution]) -> str:
    """Serialise contributions as the reviewed file (RFC 7946, one record per line).

    Records are sorted by layer and id, so that the same contributions give the same bytes.

    Parameters
    ----------
    contributions
        The records.

    Returns
    -------
    str
    """
    collection = {
        "type": "FeatureCollection",
        "name": "contributions",
        "licence": LICENCE,
        "credit": CREDIT,
        "features": [
            {
                "type": "Feature",
                "id": contribution.label,
                "properties": contribution.properties(),
                "geometry": geometry_to_rfc7946(contribution.geometry),
            }
            for contribution in sorted(contributions, key=lambda item: item.key)
        ],
    }
    return dumps_geojson(collection)


def _contribution(raw: dict[str, Any], path: Path) -> Contribution:
    props = raw["properties"]
    label = f"{props['layer']}/{props['id']}"
    try:
        geometry = shape(raw["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        msg = f"{path}: contribution '{label}' has an unreadable geometry ({error})"
        raise AuthoredDataError(msg) from error
    check_geometry(label, geometry, path)
    allowed = LAYER_TYPES[props["layer"]]
    if geometry.geom_type not in allowed:
        msg = (
            f"{path}: contribution '{label}' has a {geometry.geom_type}; "
            f"{props['layer']} takes {' or '.join(allowed)}"
        )
        raise AuthoredDataError(msg)
    required, optional = NEW_FEATURE_FIELDS[props["layer"]]
    attributes = props["attributes"]
    if props["change"] == "new":
        missing = [name for name in required if not attributes.get(name)]
        unknown = sorted(set(attributes) - set(required) - set(optional))
        if missing or unknown:
            msg = (
                f"{path}: new feature '{label}': attributes missing: {', '.join(missing) or '-'}; "
                f"unknown: {', '.join(unknown) or '-'}"
            )
            raise AuthoredDataError(msg)
    elif attributes:
        msg = f"{path}: contribution '{label}' changes a geometry and takes no attributes"
        raise AuthoredDataError(msg)
    values = {name: props[name] for name in _PROPERTIES}
    values["accuracy_m"] = float(props["accuracy_m"])
    return Contribution(**values, geometry=geometry)


def read_contributions(folder: Path) -> tuple[Contribution, ...]:
    """Read and check the contributions file of an authored-data folder.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    tuple of Contribution
        Empty when the folder has no ``contributions.geojson``.

    Raises
    ------
    AuthoredDataError
        When the file is unreadable, does not follow :data:`SCHEMA`, holds a geometry that is
        empty, invalid, misplaced or of the wrong type, or two records for one feature.
    """
    path = folder / CONTRIBUTIONS_FILENAME
    if not path.is_file():
        return ()
    try:
        data = read_json(path)
    except ValueError as error:
        raise AuthoredDataError(str(error)) from error
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=str)
    if errors:
        where = "/".join(map(str, errors[0].absolute_path)) or "file"
        msg = f"{path}: {where}: {errors[0].message}"
        raise AuthoredDataError(msg)
    contributions = tuple(_contribution(raw, path) for raw in data["features"])
    keys = [contribution.label for contribution in contributions]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        msg = f"{path}: more than one contribution for {', '.join(duplicates)}"
        raise AuthoredDataError(msg)
    return contributions


def basis_key(location_basis: str) -> str | None:
    """Return the key of a ``location_basis``, or ``None`` when it names no known basis.

    Parameters
    ----------
    location_basis
        ``key: free text``.

    Returns
    -------
    str or None
    """
    try:
        return split_basis(location_basis)[0].key
    except ValueError:
        return None


def contribution_upgrade(contribution: Contribution) -> Upgrade:
    """Return the upgrade a contribution makes.

    A contribution names its whole source and credits its contributor; a road it draws
    becomes a ``mapped_road``. A new feature takes the attributes of the record (those its
    layer may have and the record leaves out are empty); a new industrial area names the
    record as its reference point.

    Parameters
    ----------
    contribution
        One record of the contributions file.

    Returns
    -------
    Upgrade
    """
    attributes = dict(contribution.attributes)
    kind = MAPPED_ROAD if contribution.layer == "roads" else None
    if contribution.change == "new":
        required, optional = NEW_FEATURE_FIELDS[contribution.layer]
        attributes = {name: attributes.get(name) for name in (*required, *optional)}
        if contribution.layer == "industrial_areas":
            kind = attributes.pop("kind")
            attributes["reference_point"] = f"{CONTRIBUTIONS_FILENAME}#{contribution.label}"
    return Upgrade(
        layer=contribution.layer,
        id=contribution.id,
        new=contribution.change == "new",
        geometry=contribution.geometry,
        location_basis=contribution.location_basis,
        accuracy_m=contribution.accuracy_m,
        source=contribution.source,
        note_vi=contribution.note_vi,
        note_en=contribution.note_en,
        contributor=contribution.contributor,
        contribution_date=contribution.contribution_date,
        kind=kind,
        attributes=attributes,
    )


def read_contribution_upgrades(folder: Path) -> tuple[Path, list[Upgrade]]:
    """Read the contributions of an authored-data folder as upgrades.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    tuple
        The file and its upgrades in file order (none when the folder has no
        ``contributions.geojson``).

    Raises
    ------
    AuthoredDataError
        When the file is unreadable or malformed
        (:func:`read_contributions`).
    """
    contributions = read_contributions(folder)
    return folder / CONTRIBUTIONS_FILENAME, [contribution_upgrade(item) for item in contributions]
