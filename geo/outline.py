"""Questions about one polygon's outline: where a line crosses it, its area.

Part of the query API: everything here is re-exported by :mod:`geo.query` (and ``geo``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo._measure import metric_frame, positive, single
from geo.metric import to_wgs84

SIDES: Final = ("west", "east", "south", "north")
"""Sides of a polygon's extent, as returned by :func:`boundary_crossings`."""


@dataclass(frozen=True)
class AreaCheck:
    """A polygon's area computed in UTM 48N against its official figure.

    Attributes
    ----------
    feature_id
        The polygon's ``id``.
    computed_km2
        Area of the geometry in UTM 48N, km².
    attribute_km2
        The ``area_km2_computed`` the layer stores (rounded when it was built).
    official_km2
        The ``area_km2_official`` attribute.
    official_source
        The ``area_official_source`` attribute.
    difference_km2
        ``computed_km2 - official_km2``.
    difference_pct
        The difference as a percentage of the official area.
    accuracy_m
        The boundary's ``accuracy_m`` (largest known deviation of the outline).
    min_km2, max_km2
        Worst-case area range: the polygon shrunk or grown by ``accuracy_m`` everywhere.
    perimeter_km
        Length of the boundary, km.
    """

    feature_id: str
    computed_km2: float
    attribute_km2: float
    official_km2: float
    official_source: str
    difference_km2: float
    difference_pct: float
    accuracy_m: float
    min_km2: float
    max_km2: float
    perimeter_km: float

    @property
    def official_within_range(self) -> bool:
        """Whether the official figure lies in the worst-case range.

        Returns
        -------
        bool
        """
        return self.min_km2 <= self.official_km2 <= self.max_km2


def _side(x: float, y: float, bounds: tuple[float, float, float, float]) -> str:
    min_x, min_y, max_x, max_y = bounds
    gaps = (x - min_x, max_x - x, y - min_y, max_y - y)
    return SIDES[gaps.index(min(gaps))]


def _crossing_points(crossing: BaseGeometry) -> list[Point]:
    points: list[Point] = []
    for part in getattr(crossing, "geoms", [crossing]):
        if isinstance(part, Point):
            points.append(part)
        elif not part.is_empty:  # the line runs along the boundary: keep where it does
            points.extend(Point(xy) for xy in part.boundary.geoms)
    return points


def boundary_crossings(line: gpd.GeoDataFrame, polygon: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where a line crosses a polygon's boundary, and through which side.

    ``side`` is the edge of the polygon's extent (bounding box, in UTM 48N) nearest to the
    crossing; ``sides_within_uncertainty`` repeats the test for every boundary vertex within
    ``accuracy_m`` of both features from the crossing, so a single side there means the
    answer holds whatever the uncertainty.

    Parameters
    ----------
    line
        One line feature, e.g. ``pick(layers, "dt495b")``.
    polygon
        One Polygon or MultiPolygon feature, e.g. the district.

    Returns
    -------
    DataFrame
        One row per crossing in the line's order: ``along_m`` (distance from the line's
        start), ``lon``, ``lat``, ``direction`` (leaving / entering), ``side``,
        ``bearing_deg`` (from the polygon's centroid, clockwise from north),
        ``sides_within_uncertainty``.

    Raises
    ------
    ValueError
        When either holds no or several features with a geometry, or an ``accuracy_m`` that
        is missing, negative, NaN or infinite (naming the argument).
    """
    path = single(line, "line")
    area = single(polygon, "polygon")
    bounds = area.geometry.bounds
    centre = area.geometry.centroid
    reach = path.accuracy_m + area.accuracy_m
    boundary = area.geometry.boundary
    rows = []
    for point in _crossing_points(path.geometry.intersection(boundary)):
        along = float(path.geometry.project(point))
        step = 1.0 if along + 1.0 <= path.geometry.length else -1.0
        after = path.geometry.interpolate(along + step)
        goes_in = area.geometry.contains(after) == (step > 0)
        nearby = boundary.intersection(point.buffer(reach))
        vertices = [*shapely.get_coordinates(nearby).tolist(), [point.x, point.y]]
        sides = sorted({_side(x, y, bounds) for x, y in vertices}, key=SIDES.index)
        lon_lat = to_wgs84(point)
        bearing = math.degrees(math.atan2(point.x - centre.x, point.y - centre.y)) % 360
        rows.append(
            {
                "along_m": along,
                "lon": float(lon_lat.x),
                "lat": float(lon_lat.y),
                "direction": "entering" if goes_in else "leaving",
                "side": _side(point.x, point.y, bounds),
                "bearing_deg": bearing,
                "sides_within_uncertainty": ", ".join(sides),
            }
        )
    columns = [
        "along_m",
        "lon",
        "lat",
        "direction",
        "side",
        "bearing_deg",
        "sides_within_uncertainty",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("along_m", ignore_index=True)


def exit_side(line: gpd.GeoDataFrame, polygon: gpd.GeoDataFrame) -> str:
    """Return the side of a polygon through which a line last leaves it.

    Parameters
    ----------
    line
        One line feature.
    polygon
        One Polygon or MultiPolygon feature.

    Returns
    -------
    str
        ``"west"``, ``"east"``, ``"south"`` or ``"north"``; see :func:`boundary_crossings`.

    Raises
    ------
    ValueError
        When the line never leaves the polygon.
    """
    crossings = boundary_crossings(line, polygon)
    leaving = crossings[crossings["direction"] == "leaving"]
    if leaving.empty:
        msg = "the line does not leave the polygon"
        raise ValueError(msg)
    return str(leaving["side"].iloc[-1])


def area_check(district: gpd.GeoDataFrame) -> AreaCheck:
    """Compare a polygon's area, computed in UTM 48N, with its official figure.

    Parameters
    ----------
    district
        One polygon feature with ``area_km2_official``, ``area_km2_computed`` and
        ``area_official_source`` (the district layer).

    Returns
    -------
    AreaCheck

    Raises
    ------
    ValueError
        When its ``accuracy_m`` is missing, negative, NaN or infinite, or its
        ``area_km2_official`` is not a finite number greater than 0 (naming the argument).
    """
    area = single(district, "district")
    row = metric_frame(district, "district").iloc[0]
    computed = float(area.geometry.area) / 1e6
    official = positive(row["area_km2_official"], f"district: {area.id!r} area_km2_official")
    return AreaCheck(
        feature_id=area.id,
        computed_km2=computed,
        attribute_km2=float(row["area_km2_computed"]),
        official_km2=official,
        official_source=str(row["area_official_source"]),
        difference_km2=computed - official,
        difference_pct=(computed - official) / official * 100,
        accuracy_m=area.accuracy_m,
        min_km2=float(area.geometry.buffer(-area.accuracy_m).area) / 1e6,
        max_km2=float(area.geometry.buffer(area.accuracy_m).area) / 1e6,
        perimeter_km=float(area.geometry.length) / 1e3,
    )
