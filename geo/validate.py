"""Checks of finished layers: schema, geometry, CRS, provenance and placement."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.io import read_json
from geo.metric import distance_m
from geo.schema import LAYER_NAMES, collection_problems


class ValidationError(Exception):
    """Layers failed validation; ``problems`` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


LONLAT_BOUNDS: Final = (102.0, 8.0, 110.0, 24.0)
"""Every coordinate must fall in this lon/lat box (Vietnam), or the CRS is wrong."""


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
        if not path.is_file():
            problems.append(f"{name}: file missing ({path}); build it: thanh-liem-map build")
            continue
        try:
            collections[name] = read_json(path)
        except ValueError as error:
            problems.append(f"{name}: {error}")
    return collections, problems


def _geometry_problems(layer: str, feature: dict[str, Any]) -> list[str]:
    props = feature.get("properties") or {}
    label = f"{layer}/{props.get('id')}"
    if feature.get("geometry") is None:
        return []
    try:
        geometry = shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return [f"{label}: unreadable geometry ({error})"]
    problems = []
    if geometry.is_empty:
        problems.append(f"{label}: empty geometry")
    elif not geometry.is_valid:
        problems.append(f"{label}: invalid geometry ({shapely.is_valid_reason(geometry)})")
    west, south, east, north = LONLAT_BOUNDS
    minx, miny, maxx, maxy = geometry.bounds
    if minx < west or maxx > east or miny < south or maxy > north:
        problems.append(f"{label}: coordinates outside Vietnam in lon/lat (wrong CRS?)")
    if props.get("accuracy_m") is None:
        problems.append(f"{label}: has a geometry but no accuracy_m")
    return problems


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
    problems, clean = [], set()
    for name, collection in collections.items():
        layer_problems = collection_problems(name, collection)
        if not layer_problems:
            for feature in collection["features"]:
                layer_problems.extend(_geometry_problems(name, feature))
        problems.extend(layer_problems)
        if not layer_problems:
            clean.add(name)
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
