"""Spatial questions on the finished layers, for notebooks: metric and uncertainty-aware.

Every helper takes plain GeoDataFrames in any CRS (as returned by :func:`load_layers`),
measures in WGS 84 / UTM 48N (:data:`geo.metric.METRIC_CRS`), never in degrees, and carries
each feature's position uncertainty (its ``accuracy_m``) into the answer: a distance becomes
a range, "inside" becomes inside / outside / uncertain. Features without geometry (T1 and T4,
whose route is not published) are never measured; :func:`unmapped` lists them. Arguments are
checked first: a distance or an ``accuracy_m`` that is negative, NaN or infinite raises
:class:`ValueError` naming the argument (and the feature).

Helpers work on any geometry type: industrial areas are points today and may become
footprint polygons later. Loading and picking live in :mod:`geo.loading`, questions about one
outline in :mod:`geo.outline`; this module re-exports them, so ``geo.query`` (and ``geo``) is
the whole API.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo import _measure as measure
from geo._env import LAYERS_DIR_ENV
from geo.loading import (
    NOT_PUBLISHED,
    Layers,
    LayersNotFoundError,
    default_layers_dir,
    load_layers,
    mapped,
    pick,
    unmapped,
)
from geo.metric import METRIC_CRS
from geo.outline import SIDES, AreaCheck, area_check, boundary_crossings, exit_side

__all__ = [
    "LAYERS_DIR_ENV",
    "METRIC_CRS",
    "NOT_PUBLISHED",
    "SIDES",
    "AreaCheck",
    "Layers",
    "LayersNotFoundError",
    "area_check",
    "boundary_crossings",
    "commune_successors",
    "containment",
    "default_layers_dir",
    "distance_range",
    "exit_side",
    "load_layers",
    "mapped",
    "pick",
    "reorganisation",
    "successor_unit",
    "uncertainty_areas",
    "unmapped",
    "within_distance",
]


def distance_range(features: gpd.GeoDataFrame, target: gpd.GeoDataFrame) -> pd.DataFrame:
    """Distance from each feature to a target, as a range given both uncertainties.

    The nominal distance is between the geometries as drawn (nearest points), in UTM 48N.
    With ``a`` and ``b`` the two ``accuracy_m``: ``min_m = max(0, d - a - b)`` and
    ``max_m = d + a + b``.

    Parameters
    ----------
    features
        Features to measure from (any geometry type; those without geometry are left out).
    target
        One feature, e.g. ``pick(layers, "dt495b")``.

    Returns
    -------
    DataFrame
        Indexed by ``id``: ``name_vi``, ``distance_m``, ``accuracy_m``,
        ``target_accuracy_m``, ``min_m``, ``max_m``.

    Raises
    ------
    ValueError
        When an ``accuracy_m`` is missing, negative, NaN or infinite, naming the argument
        and the feature; or when ``target`` is not one feature with a geometry.
    """
    goal = measure.single(target, "target")
    return _ranges(measure.features(features, "features"), goal)


def _ranges(
    rows_in: list[tuple[pd.Series, BaseGeometry, float]], goal: measure.Feature
) -> pd.DataFrame:
    rows = []
    for row, geometry, accuracy in rows_in:
        distance = float(geometry.distance(goal.geometry))
        spread = accuracy + goal.accuracy_m
        rows.append(
            {
                "id": row["id"],
                "name_vi": row["name_vi"],
                "distance_m": distance,
                "accuracy_m": accuracy,
                "target_accuracy_m": goal.accuracy_m,
                "min_m": max(0.0, distance - spread),
                "max_m": distance + spread,
            }
        )
    columns = ["id", "name_vi", "distance_m", "accuracy_m", "target_accuracy_m", "min_m", "max_m"]
    return measure.table(rows, columns)


def _share_inside(geometry: BaseGeometry, polygon: BaseGeometry) -> float:
    if geometry.area > 0:
        return float(geometry.intersection(polygon).area / geometry.area)
    if geometry.length > 0:
        return float(geometry.intersection(polygon).length / geometry.length)
    return 1.0 if polygon.covers(geometry) else 0.0


def containment(features: gpd.GeoDataFrame, polygon: gpd.GeoDataFrame) -> pd.DataFrame:
    """Whether each feature lies in a polygon, given both uncertainties.

    ``signed_distance_m`` is the distance from the feature as drawn to the polygon's
    boundary: positive inside, negative outside, 0 when it straddles the boundary. The
    verdict is ``inside`` or ``outside`` only when that distance exceeds the margin
    ``accuracy_m + boundary_accuracy_m``; otherwise it is ``uncertain``.

    Parameters
    ----------
    features
        Features to test (any geometry type; those without geometry are left out).
    polygon
        One Polygon or MultiPolygon feature, e.g. the district.

    Returns
    -------
    DataFrame
        Indexed by ``id``: ``name_vi``, ``nominal`` (inside / outside / straddles, for the
        geometry as drawn), ``signed_distance_m``, ``share_inside`` (0–1, of the area,
        length or point), ``accuracy_m``, ``boundary_accuracy_m``, ``margin_m``, ``verdict``.

    Raises
    ------
    ValueError
        When ``polygon`` is not a polygon (a point, e.g. a seat, has no inside), or an
        ``accuracy_m`` is missing, negative, NaN or infinite (naming the argument and the
        feature).
    """
    return _inside(measure.features(features, "features"), _polygon(polygon, "polygon"))


def _polygon(frame: gpd.GeoDataFrame, argument: str) -> measure.Feature:
    area = measure.single(frame, argument)
    if area.geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        msg = (
            f"{argument}: {area.id!r} is a {area.geometry.geom_type}, not a polygon: "
            "a point or line has no inside to test against"
        )
        raise ValueError(msg)
    return area


def _inside(
    rows_in: list[tuple[pd.Series, BaseGeometry, float]], area: measure.Feature
) -> pd.DataFrame:
    boundary = area.geometry.boundary
    rows = []
    for row, geometry, accuracy in rows_in:
        if area.geometry.contains(geometry):
            nominal, signed = "inside", float(geometry.distance(boundary))
        elif not area.geometry.intersects(geometry):
            nominal, signed = "outside", -float(geometry.distance(area.geometry))
        else:
            nominal, signed = "straddles", 0.0
        margin = accuracy + area.accuracy_m
        verdict = "inside" if signed > margin else "outside" if signed < -margin else "uncertain"
        rows.append(
            {
                "id": row["id"],
                "name_vi": row["name_vi"],
                "nominal": nominal,
                "signed_distance_m": signed,
                "share_inside": _share_inside(geometry, area.geometry),
                "accuracy_m": accuracy,
                "boundary_accuracy_m": area.accuracy_m,
                "margin_m": margin,
                "verdict": verdict,
            }
        )
    columns = [
        "id",
        "name_vi",
        "nominal",
        "signed_distance_m",
        "share_inside",
        "accuracy_m",
        "boundary_accuracy_m",
        "margin_m",
        "verdict",
    ]
    return measure.table(rows, columns)


def within_distance(
    target: gpd.GeoDataFrame,
    layers: Mapping[str, gpd.GeoDataFrame],
    distance_m: float = 5000.0,
) -> pd.DataFrame:
    """List what lies within a distance of a feature, given the uncertainties.

    A feature is ``within`` when even its largest possible distance (see
    :func:`distance_range`) is at most ``distance_m``, ``beyond`` when even its smallest is
    more, and ``possibly`` otherwise. Features without geometry are listed as
    ``unknown: route not published``.

    Parameters
    ----------
    target
        One feature, e.g. ``pick(layers, "dt495b")``; it is left out of the answer.
    layers
        Layer name → GeoDataFrame.
    distance_m
        The distance, metres.

    Returns
    -------
    DataFrame
        Indexed by ``id``: ``layer``, ``name_vi``, ``distance_m``, ``min_m``, ``max_m``,
        ``verdict``; sorted by layer, then distance.

    Raises
    ------
    ValueError
        When ``distance_m`` is negative, NaN or infinite, or an ``accuracy_m`` is missing,
        negative, NaN or infinite (naming the argument, e.g. ``layers['roads']``, and the
        feature).
    """
    limit = measure.metres(distance_m, "distance_m")
    goal = measure.single(target, "target")
    parts = []
    for name, frame in layers.items():
        others = frame[frame["id"] != goal.id]
        rows = measure.features(others, f"layers[{name!r}]")
        ranges = _ranges(rows, goal).drop(columns=["accuracy_m", "target_accuracy_m"])
        ranges["verdict"] = [
            "within" if high <= limit else "beyond" if low > limit else "possibly"
            for low, high in zip(ranges["min_m"], ranges["max_m"], strict=True)
        ]
        missing = unmapped({name: others}).drop(columns=["layer", "source", "status"])
        missing["verdict"] = f"unknown: {NOT_PUBLISHED}"
        ranges = ranges.sort_values("distance_m", kind="stable")
        combined = pd.concat([ranges, missing]) if len(missing) else ranges
        combined.insert(0, "layer", name)
        parts.append(combined)
    columns = ["layer", "name_vi", "distance_m", "min_m", "max_m", "verdict"]
    result = pd.concat(parts)[columns] if parts else pd.DataFrame(columns=columns)
    result.index.name = "id"
    return result.astype(dict.fromkeys(["distance_m", "min_m", "max_m"], float))


def _names(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def _without_note(name: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip()


def successor_unit(features: gpd.GeoDataFrame, admin_2025: gpd.GeoDataFrame) -> pd.DataFrame:
    """Which 2025 unit each feature is in now, with two independent checks.

    The answer is the authored ``commune_2025_vi``. It is checked (1) by lineage: the
    feature's 2024 commune (``commune_2024_vi``) must be one of that unit's
    ``formed_from_2024``; and (2) spatially, against the nearest published seat. The 2025
    units have no published boundary, only a seat point, so no point-in-polygon test is
    possible: the nearest seat is a hint, not a containment. ``seat_check`` is ``agrees``
    when the nearest seat is the answer's, ``inconclusive`` when another seat is nearer by
    less than the uncertainties (feature + both seats), ``disagrees`` otherwise.

    Parameters
    ----------
    features
        Features with ``commune_2024_vi`` and ``commune_2025_vi`` (the industrial areas).
    admin_2025
        The ``admin_2025`` layer (seat points).

    Returns
    -------
    DataFrame
        Indexed by ``id``: ``name_vi``, ``commune_2024_vi``, ``unit_2025_vi``,
        ``unit_2025_id``, ``lineage_ok``, ``unit_seat_m``, ``nearest_seat_unit``,
        ``nearest_seat_m``, ``accuracy_m``, ``seat_check``.

    Raises
    ------
    ValueError
        When an ``accuracy_m`` is missing, negative, NaN or infinite, naming the argument
        and the feature.
    """
    seats = measure.features(admin_2025, "admin_2025")
    by_name = {str(row["name_vi"]): (row, geometry, accuracy) for row, geometry, accuracy in seats}
    rows = []
    for row, geometry, accuracy in measure.features(features, "features"):
        unit_name = str(row["commune_2025_vi"])
        distances = sorted(
            (
                (float(geometry.distance(seat)), seat_row, seat_acc)
                for seat_row, seat, seat_acc in seats
            ),
            key=lambda item: item[0],
        )
        nearest_m, nearest_row, nearest_acc = distances[0]
        unit = by_name.get(unit_name)
        if unit is None:
            unit_id, lineage_ok, unit_m, check = None, False, math.nan, "unit not in admin_2025"
        else:
            unit_row, unit_seat, unit_acc = unit
            unit_id = str(unit_row["id"])
            predecessor = _without_note(str(row["commune_2024_vi"]))
            lineage_ok = predecessor in _names(unit_row["formed_from_2024"])
            unit_m = float(geometry.distance(unit_seat))
            if str(nearest_row["id"]) == unit_id:
                check = "agrees"
            elif unit_m - nearest_m <= accuracy + unit_acc + nearest_acc:
                check = "inconclusive"
            else:
                check = "disagrees"
        rows.append(
            {
                "id": row["id"],
                "name_vi": row["name_vi"],
                "commune_2024_vi": row["commune_2024_vi"],
                "unit_2025_vi": unit_name,
                "unit_2025_id": unit_id,
                "lineage_ok": lineage_ok,
                "unit_seat_m": unit_m,
                "nearest_seat_unit": str(nearest_row["name_vi"]),
                "nearest_seat_m": nearest_m,
                "accuracy_m": accuracy,
                "seat_check": check,
            }
        )
    columns = [
        "id",
        "name_vi",
        "commune_2024_vi",
        "unit_2025_vi",
        "unit_2025_id",
        "lineage_ok",
        "unit_seat_m",
        "nearest_seat_unit",
        "nearest_seat_m",
        "accuracy_m",
        "seat_check",
    ]
    return measure.table(rows, columns)


def commune_successors(district: gpd.GeoDataFrame, admin_2025: gpd.GeoDataFrame) -> pd.DataFrame:
    """List the district's 2020–2025 communes and the 2025 unit each became part of.

    Parameters
    ----------
    district
        The district layer (its ``communes`` attribute: ``'GSO code name; …'``).
    admin_2025
        The ``admin_2025`` layer (``from_thanh_liem`` of each unit).

    Returns
    -------
    DataFrame
        Indexed by GSO code: ``commune_2024_vi``, ``unit_2025_id``, ``unit_2025_vi``,
        ``unit_type``; the unit columns are empty for a commune no unit names.
    """
    successor: dict[str, tuple[str, str, str]] = {}
    for _, unit in admin_2025.iterrows():
        for name in _names(unit["from_thanh_liem"]):
            successor[name] = (str(unit["id"]), str(unit["name_vi"]), str(unit["unit_type"]))
    rows = []
    for entry in _names(district["communes"].iloc[0]):
        code, _, name = entry.partition(" ")
        unit_id, unit_name, unit_type = successor.get(name, (None, None, None))
        rows.append(
            {
                "gso_code": code,
                "commune_2024_vi": name,
                "unit_2025_id": unit_id,
                "unit_2025_vi": unit_name,
                "unit_type": unit_type,
            }
        )
    columns = ["gso_code", "commune_2024_vi", "unit_2025_id", "unit_2025_vi", "unit_type"]
    return pd.DataFrame(rows, columns=columns).set_index("gso_code")


def reorganisation(district: gpd.GeoDataFrame, admin_2025: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each 2025 unit that took over part of the district, and what it is made of.

    Parameters
    ----------
    district
        The district layer.
    admin_2025
        The ``admin_2025`` layer.

    Returns
    -------
    DataFrame
        Indexed by unit ``id``: ``name_vi``, ``unit_type``, ``from_thanh_liem`` (count),
        ``from_elsewhere`` (names of predecessors outside the district, ``'; '``-joined),
        ``whole_from_thanh_liem``, ``area_km2_published``, ``area_flag``, and where its seat
        lies against the district (``seat_verdict``, ``seat_signed_distance_m``, see
        :func:`containment`).

    Raises
    ------
    ValueError
        When an ``accuracy_m`` is missing, negative, NaN or infinite, naming the argument
        and the feature.
    """
    seats = _inside(measure.features(admin_2025, "admin_2025"), _polygon(district, "district"))
    rows = []
    for _, unit in admin_2025.iterrows():
        ours = _names(unit["from_thanh_liem"])
        others = [name for name in _names(unit["formed_from_2024"]) if name not in ours]
        seat = seats.loc[unit["id"]] if unit["id"] in seats.index else None
        rows.append(
            {
                "id": unit["id"],
                "name_vi": unit["name_vi"],
                "unit_type": unit["unit_type"],
                "from_thanh_liem": len(ours),
                "from_elsewhere": "; ".join(others),
                "whole_from_thanh_liem": not others,
                "area_km2_published": float(unit["area_km2_published"]),
                "area_flag": bool(unit["area_flag"]),
                "seat_verdict": seat["verdict"] if seat is not None else None,
                "seat_signed_distance_m": (
                    float(seat["signed_distance_m"]) if seat is not None else math.nan
                ),
            }
        )
    columns = [
        "id",
        "name_vi",
        "unit_type",
        "from_thanh_liem",
        "from_elsewhere",
        "whole_from_thanh_liem",
        "area_km2_published",
        "area_flag",
        "seat_verdict",
        "seat_signed_distance_m",
    ]
    return measure.table(rows, columns)


def uncertainty_areas(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each feature grown by its ``accuracy_m``: where it may really be, for maps.

    Parameters
    ----------
    features
        Features with a CRS (those without geometry are left out).

    Returns
    -------
    GeoDataFrame
        The same features, geometry buffered in UTM 48N, back in the input CRS.

    Raises
    ------
    ValueError
        When an ``accuracy_m`` is missing, negative, NaN or infinite, naming the argument
        and the feature.
    """
    metric = measure.metric_frame(features, "features")
    accuracies = [measure.accuracy(row, "features") for _, row in metric.iterrows()]
    metric[metric.geometry.name] = metric.geometry.buffer(accuracies)
    return metric.to_crs(features.crs)
