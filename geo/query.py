"""Spatial questions on the finished layers, for notebooks: metric and uncertainty-aware.

Every helper takes plain GeoDataFrames in any CRS (as returned by :func:`load_layers`),
measures in WGS 84 / UTM 48N (:data:`geo.metric.METRIC_CRS`), never in degrees, and carries
each feature's position uncertainty (its ``accuracy_m``) into the answer: a distance becomes
a range, "inside" becomes inside / outside / uncertain. Features without geometry (T1 and T4,
whose route is not published) are never measured; :func:`unmapped` lists them.

Helpers work on any geometry type: industrial areas are points today and may become
footprint polygons later.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.metric import METRIC_CRS, WGS84, to_wgs84
from geo.schema import LAYER_NAMES

LAYERS_DIR_ENV: Final = "THANH_LIEM_LAYERS_DIR"
"""Environment variable naming the layers folder read by :func:`load_layers`."""

NOT_PUBLISHED: Final = "route not published"
"""What a feature without geometry is reported as."""

SIDES: Final = ("west", "east", "south", "north")
"""Sides of a polygon's extent, as returned by :func:`boundary_crossings`."""

Layers = dict[str, gpd.GeoDataFrame]


class LayersNotFoundError(FileNotFoundError):
    """The layers folder or one of its GeoJSON files is missing."""


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


def default_layers_dir() -> Path:
    """Return the folder :func:`load_layers` reads by default.

    ``$THANH_LIEM_LAYERS_DIR`` when set; otherwise ``./layers``, or ``../layers`` when only
    that one holds layers (a notebook runs in ``notebooks/``).

    Returns
    -------
    Path
    """
    configured = os.environ.get(LAYERS_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    here = Path.cwd() / "layers"
    parent = Path.cwd().parent / "layers"
    if not (here / "district.geojson").is_file() and (parent / "district.geojson").is_file():
        return parent
    return here


def load_layers(layers_dir: str | Path | None = None, crs: str = WGS84) -> Layers:
    """Read every layer as a GeoDataFrame.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers written by ``make map``; defaults to
        :func:`default_layers_dir`.
    crs
        ``"EPSG:4326"`` (default, lon/lat), ``"metric"`` for UTM 48N (EPSG:32648), or any
        CRS pyproj understands.

    Returns
    -------
    dict
        Layer name → GeoDataFrame, in :data:`geo.schema.LAYER_NAMES` order. Features without
        geometry (T1, T4) are kept with a null geometry.

    Raises
    ------
    LayersNotFoundError
        When the folder or a layer file is missing, saying how to build them.
    """
    folder = Path(layers_dir) if layers_dir is not None else default_layers_dir()
    missing = [name for name in LAYER_NAMES if not (folder / f"{name}.geojson").is_file()]
    if missing:
        msg = (
            f"no layers in {folder} (missing: {', '.join(f'{n}.geojson' for n in missing)}): "
            f"run `make map` (or `thanh-liem-map build --layers-only`) first, "
            f"or set {LAYERS_DIR_ENV} to the folder that holds them"
        )
        raise LayersNotFoundError(msg)
    target = METRIC_CRS if crs == "metric" else crs
    layers: Layers = {}
    for name in LAYER_NAMES:
        frame = gpd.read_file(folder / f"{name}.geojson")
        if frame.crs is None:
            frame = frame.set_crs(WGS84)
        layers[name] = frame.to_crs(target)
    return layers


def mapped(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the features that have a geometry.

    Parameters
    ----------
    frame
        A layer.

    Returns
    -------
    GeoDataFrame
    """
    has_geometry = frame.geometry.notna() & ~frame.geometry.is_empty
    return frame[has_geometry]


def unmapped(layers: Mapping[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """List the features without geometry, which no spatial question can answer.

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame.

    Returns
    -------
    DataFrame
        Indexed by ``id``: ``layer``, ``name_vi``, ``status`` (``"route not published"`` or
        the feature's own ``status``), ``source``.
    """
    rows = []
    for name, frame in layers.items():
        empty = frame[~frame.index.isin(mapped(frame).index)]
        for _, row in empty.iterrows():
            status = row.get("status")
            rows.append(
                {
                    "id": row["id"],
                    "layer": name,
                    "name_vi": row["name_vi"],
                    "status": status if isinstance(status, str) and status else NOT_PUBLISHED,
                    "source": row["source"],
                }
            )
    return pd.DataFrame(rows, columns=["id", "layer", "name_vi", "status", "source"]).set_index(
        "id"
    )


def pick(layers: Mapping[str, gpd.GeoDataFrame] | gpd.GeoDataFrame, *ids: str) -> gpd.GeoDataFrame:
    """Select features by ``id``, from one layer or from all of them.

    Parameters
    ----------
    layers
        A layer, or layer name → GeoDataFrame.
    *ids
        Feature ids, e.g. ``"dt495b"``.

    Returns
    -------
    GeoDataFrame
        The features in the order asked, with their layer's CRS.

    Raises
    ------
    KeyError
        When an id is in no layer.
    """
    frames = [layers] if isinstance(layers, gpd.GeoDataFrame) else list(layers.values())
    found = []
    for feature_id in ids:
        hits = [frame[frame["id"] == feature_id] for frame in frames]
        hits = [hit for hit in hits if len(hit)]
        if not hits:
            msg = f"no feature with id {feature_id!r}"
            raise KeyError(msg)
        found.append(hits[0])
    crs = found[0].crs
    return gpd.GeoDataFrame(pd.concat([f.to_crs(crs) if crs else f for f in found]), crs=crs)


def _metric(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        msg = "the GeoDataFrame has no CRS; load it with geo.load_layers()"
        raise ValueError(msg)
    return mapped(frame).to_crs(METRIC_CRS)


def _accuracy(row: pd.Series) -> float:
    value = row.get("accuracy_m")
    if value is None or pd.isna(value):
        msg = f"feature {row.get('id')!r} has a geometry but no accuracy_m"
        raise ValueError(msg)
    return float(value)


@dataclass(frozen=True)
class _Feature:
    id: str
    geometry: BaseGeometry
    accuracy_m: float


def _single(frame: gpd.GeoDataFrame, role: str) -> _Feature:
    metric = _metric(frame)
    if len(metric) != 1:
        ids = list(frame["id"]) if "id" in frame else []
        msg = f"{role} must be one feature with a geometry, got {len(metric)} (ids: {ids})"
        raise ValueError(msg)
    row = metric.iloc[0]
    return _Feature(str(row["id"]), row.geometry, _accuracy(row))


def _table(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Build a result table indexed by ``id``, metre columns as floats even when empty."""
    frame = pd.DataFrame(rows, columns=columns).set_index("id")
    metres = [column for column in frame.columns if column.endswith("_m")]
    return frame.astype(dict.fromkeys(metres, float))


def _features(frame: gpd.GeoDataFrame) -> list[tuple[pd.Series, BaseGeometry, float]]:
    return [(row, row.geometry, _accuracy(row)) for _, row in _metric(frame).iterrows()]


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
    """
    goal = _single(target, "target")
    rows = []
    for row, geometry, accuracy in _features(features):
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
    return _table(rows, columns)


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
        When ``polygon`` is not a polygon (a point, e.g. a seat, has no inside).
    """
    area = _single(polygon, "polygon")
    if area.geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        msg = (
            f"{area.id!r} is a {area.geometry.geom_type}, not a polygon: "
            "a point or line has no inside to test against"
        )
        raise ValueError(msg)
    boundary = area.geometry.boundary
    rows = []
    for row, geometry, accuracy in _features(features):
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
    return _table(rows, columns)


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
    """
    goal = _single(target, "target")
    parts = []
    for name, frame in layers.items():
        others = frame[frame["id"] != goal.id]
        ranges = distance_range(others, target).drop(columns=["accuracy_m", "target_accuracy_m"])
        ranges["verdict"] = [
            "within" if high <= distance_m else "beyond" if low > distance_m else "possibly"
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
    """
    path = _single(line, "line")
    area = _single(polygon, "polygon")
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
    """
    area = _single(district, "district")
    row = _metric(district).iloc[0]
    computed = float(area.geometry.area) / 1e6
    official = float(row["area_km2_official"])
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
    """
    seats = _features(admin_2025)
    by_name = {str(row["name_vi"]): (row, geometry, accuracy) for row, geometry, accuracy in seats}
    rows = []
    for row, geometry, accuracy in _features(features):
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
    return _table(rows, columns)


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
    """
    seats = containment(admin_2025, district)
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
    return _table(rows, columns)


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
    """
    metric = _metric(features)
    accuracies = [_accuracy(row) for _, row in metric.iterrows()]
    metric[metric.geometry.name] = metric.geometry.buffer(accuracies)
    return metric.to_crs(features.crs)
