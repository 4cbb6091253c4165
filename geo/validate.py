"""Checks of finished layers: schema, geometry, CRS, provenance and placement.

One rule for everything that reads layers: ``thanh-liem-map validate`` lists the problems
:func:`problems_in` finds, and the web map and the QGIS export refuse layers through
:func:`checked_layers`, which runs the same checks.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo._errors import ValidationError as ValidationError  # noqa: PLC0414 (re-exported)
from geo.io import read_json
from geo.metric import distance_m
from geo.schema import LAYER_KINDS, LAYER_NAMES, MAP_FRAME, feature_schema, id_problem
from geo.style import STYLES


def read_layers(folder: Path) -> tuple[dict[str, Any], list[str]]:
    """Read every layer file of a folder.

    Parameters
    ----------
    folder
        Folder holding ``<layer>.geojson`` files.

    Returns
    -------
    tuple
        The parsed layers by name, and the problems met while reading.
    """
    collections, problems = {}, []
    for name in LAYER_NAMES:
        path = folder / f"{name}.geojson"
        if not path.exists():
            problems.append(f"{name}: file missing ({path}); build it: thanh-liem-map build")
            continue
        try:
            collections[name] = read_json(path)
        except ValueError as error:
            problems.append(f"{name}: {error}")
    return collections, problems


def frame_text() -> str:
    """Describe :data:`geo.schema.MAP_FRAME` for messages.

    Returns
    -------
    str
    """
    west, south, east, north = MAP_FRAME
    return f"the map frame (lon {west}–{east}, lat {south}–{north}: Hà Nam and its neighbours)"


def _id_problems(label: str, feature_id: str) -> list[str]:
    problem = id_problem(feature_id)
    return [f"{label}: {problem}"] if problem else []


def _kind_problem(layer: str, label: str, kind: str) -> list[str]:
    if kind not in STYLES:
        return [f"{label}: kind {kind!r} has no style in geo/style.py"]
    if kind not in LAYER_KINDS[layer]:
        return [
            f"{label}: kind {kind!r} is not a kind of this layer ({', '.join(LAYER_KINDS[layer])})"
        ]
    return []


def _number_problems(label: str, props: dict[str, Any]) -> list[str]:
    return [
        f"{label}: properties/{name}: {value} is not a finite number"
        for name, value in props.items()
        if isinstance(value, float) and not math.isfinite(value)
    ]


def _geometry_problems(label: str, feature: dict[str, Any]) -> list[str]:
    props = feature["properties"]
    if feature["geometry"] is None:
        return []
    try:
        geometry = shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return [f"{label}: unreadable geometry ({error})"]
    coordinates = shapely.get_coordinates(geometry)
    if not np.isfinite(coordinates).all():
        return [f"{label}: geometry has non-finite coordinates"]
    problems = []
    if geometry.is_empty:
        problems.append(f"{label}: empty geometry")
    elif not geometry.is_valid:
        problems.append(f"{label}: invalid geometry ({shapely.is_valid_reason(geometry)})")
    west, south, east, north = MAP_FRAME
    outside = (
        (coordinates[:, 0] < west)
        | (coordinates[:, 0] > east)
        | (coordinates[:, 1] < south)
        | (coordinates[:, 1] > north)
    )
    if outside.any():
        lon, lat = coordinates[outside][0]
        problems.append(
            f"{label}: {int(outside.sum())} vertex/vertices outside {frame_text()}, "
            f"first at {lon:g}, {lat:g} (wrong CRS or lon/lat swapped?)"
        )
    if props.get("accuracy_m") is None:
        problems.append(f"{label}: has a geometry but no accuracy_m")
    return problems


def feature_problems(layer: str, feature: dict[str, Any]) -> list[str]:
    """Check one schema-valid feature: kind, numbers, geometry and frame.

    Parameters
    ----------
    layer
        Layer name.
    feature
        A GeoJSON feature that passed :func:`collection_problems`.

    Returns
    -------
    list of str
    """
    props = feature["properties"]
    label = f"{layer}/{props['id']}"
    return (
        _id_problems(label, props["id"])
        + _kind_problem(layer, label, props["kind"])
        + _number_problems(label, props)
        + _geometry_problems(label, feature)
    )


def duplicate_problems(collections: dict[str, Any]) -> list[str]:
    """Find ids used by more than one feature, in any layers.

    Parameters
    ----------
    collections
        Parsed, schema-valid layers by name.

    Returns
    -------
    list of str
    """
    owners: dict[str, list[str]] = {}
    for name, collection in collections.items():
        for feature in collection["features"]:
            owners.setdefault(feature["properties"]["id"], []).append(name)
    return [
        f"{layers[0]}/{feature_id}: duplicate id, used by {len(layers)} features "
        f"({', '.join(layers)}); every id must be unique"
        for feature_id, layers in owners.items()
        if len(layers) > 1
    ]


def _polygons_by_code(collections: dict[str, Any]) -> dict[str, BaseGeometry]:
    polygons = {}
    for feature in collections.get("district", {}).get("features", []):
        polygons[feature["properties"]["gso_district_code"]] = shape(feature["geometry"])
    for feature in collections.get("context", {}).get("features", []):
        polygons[feature["properties"]["gso_code"]] = shape(feature["geometry"])
    return polygons


def placement_problems(collections: dict[str, Any]) -> list[str]:
    """Check that each industrial area lies within its accuracy of its stated district.

    Parameters
    ----------
    collections
        Parsed layers by name.

    Returns
    -------
    list of str
    """
    polygons = _polygons_by_code(collections)
    problems = []
    for feature in collections.get("industrial_areas", {}).get("features", []):
        props = feature["properties"]
        code = props["district_2024_gso"]
        if code not in polygons:
            problems.append(f"industrial_areas/{props['id']}: unknown district {code}")
            continue
        gap = distance_m(shape(feature["geometry"]), polygons[code])
        if gap > props["accuracy_m"]:
            problems.append(
                f"industrial_areas/{props['id']}: {gap:.0f} m from district {code}, "
                f"more than its accuracy of {props['accuracy_m']:.0f} m"
            )
    return problems


def problems_in(collections: dict[str, Any]) -> list[str]:
    """Run every check on parsed layers.

    Parameters
    ----------
    collections
        Parsed layers by name.

    Returns
    -------
    list of str
        Readable problems; empty when all layers pass.
    """
    problems: list[str] = []
    conforming, clean = {}, set()
    for name, collection in collections.items():
        layer_problems = collection_problems(name, collection)
        if not layer_problems:
            conforming[name] = collection
            for feature in collection["features"]:
                layer_problems.extend(feature_problems(name, feature))
        if not layer_problems:
            clean.add(name)
        problems.extend(layer_problems)
    problems.extend(duplicate_problems(conforming))
    if {"district", "context", "industrial_areas"} <= clean:
        problems.extend(placement_problems(collections))
    return problems


def validate_folder(folder: Path) -> list[str]:
    """Validate the layer files of a folder.

    Parameters
    ----------
    folder
        Folder holding ``<layer>.geojson`` files.

    Returns
    -------
    list of str
        Readable problems; empty when every layer passes.
    """
    collections, problems = read_layers(folder)
    return problems + problems_in(collections)


def checked_layers(folder: Path) -> dict[str, Any]:
    """Read the layer files of a folder, refusing them unless every check passes.

    Parameters
    ----------
    folder
        Folder holding ``<layer>.geojson`` files.

    Returns
    -------
    dict
        The parsed layers by name.

    Raises
    ------
    ValidationError
        Listing every problem found.
    """
    collections, problems = read_layers(folder)
    problems += problems_in(collections)
    if problems:
        raise ValidationError(problems)
    return collections


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
    if not isinstance(collection.get("features"), list):
        return [f"{layer}: a FeatureCollection without a 'features' list"]
    problems = []
    if "crs" in collection:
        problems.append(f"{layer}: has a 'crs' member (RFC 7946 layers are WGS84 without it)")
    validator = jsonschema.Draft202012Validator(feature_schema(layer))
    for index, feature in enumerate(collection["features"]):
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
