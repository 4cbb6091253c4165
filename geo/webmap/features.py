"""Read finished GeoJSON layers and reduce them to what the web map draws.

The map reads the layers a build wrote (``layers_dir``), never the layer builders: data
flows one way. Coordinates are rounded for display (:data:`DISPLAY_DECIMALS`) and every
feature gets an *anchor*, the point its symbol, uncertainty circle and label hang on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import shapely
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

from geo.bases import basis_key
from geo.style import STYLES
from geo.validate import ValidationError, checked_layers

DISPLAY_DECIMALS: Final = 5
"""Decimals kept in the HTML (1e-5° ≈ 1.1 m): finer than one pixel at the highest zoom."""

MIN_ZOOM: Final = 9
MAX_ZOOM: Final = 16
"""Zoom range of the map: the district's surroundings down to street level. The most exact
geometry (the boundary, ≈30 m median agreement) does not warrant more."""

LABEL_MARGIN_DEG: Final = 0.08
"""How far around the district (degrees) context labels are kept, so they stay in view."""


@dataclass(frozen=True)
class MapFeature:
    """One feature as the web map needs it.

    Attributes
    ----------
    layer
        Layer name.
    properties
        The feature's properties, as written by the build.
    geometry
        Shapely geometry (rounded for display), or ``None`` when there is none.
    """

    layer: str
    properties: Mapping[str, Any]
    geometry: BaseGeometry | None

    @property
    def id(self) -> str:
        """The feature's ``id``."""
        return str(self.properties["id"])

    @property
    def kind(self) -> str:
        """The feature's ``kind`` (symbology key)."""
        return str(self.properties["kind"])

    @property
    def accuracy_m(self) -> float | None:
        """Position uncertainty in metres, or ``None``."""
        value = self.properties.get("accuracy_m")
        return None if value is None else float(value)

    @property
    def anchor(self) -> tuple[float, float] | None:
        """``(lat, lon)`` of the point symbol, circle and label, or ``None``.

        The point itself for points; the middle of a line; a point inside a polygon.
        """
        if self.geometry is None:
            return None
        if self.geometry.geom_type == "Point":
            return _latlon(self.geometry)
        if self.geometry.geom_type in {"LineString", "MultiLineString"}:
            return self.point_along(0.5)
        return _latlon(self.geometry.representative_point())

    def point_along(self, fraction: float) -> tuple[float, float] | None:
        """Return ``(lat, lon)`` of the point at ``fraction`` of a line's length.

        Parameters
        ----------
        fraction
            0 (start) to 1 (end).

        Returns
        -------
        tuple of float or None
            ``None`` when the feature has no geometry. For a MultiLineString that does not
            join into one line, a point on it.
        """
        if self.geometry is None:
            return None
        line = shapely.line_merge(self.geometry) if "Line" in self.geometry.geom_type else None
        if line is None or line.geom_type != "LineString":
            return _latlon(self.geometry.representative_point())
        return _latlon(shapely.line_interpolate_point(line, fraction, normalized=True))


def _latlon(point: BaseGeometry) -> tuple[float, float]:
    return (round(point.y, DISPLAY_DECIMALS), round(point.x, DISPLAY_DECIMALS))


def _display_geometry(data: Mapping[str, Any] | None) -> BaseGeometry | None:
    if data is None:
        return None
    geometry = shapely.set_precision(shape(data), 10**-DISPLAY_DECIMALS)
    return None if geometry.is_empty else geometry


def read_layers(layers_dir: Path) -> dict[str, list[MapFeature]]:
    """Read and check every layer the map draws.

    Parameters
    ----------
    layers_dir
        Folder holding ``<layer>.geojson`` for every name in :data:`geo.schema.LAYER_NAMES`.

    Returns
    -------
    dict
        Layer name → features, in layer order.

    Raises
    ------
    ValidationError
        When a layer is missing, unreadable, fails the schema or has a kind without a style;
        the problems name the file and the feature.
    """
    collections = checked_layers(layers_dir)
    problems: list[str] = []
    layers: dict[str, list[MapFeature]] = {}
    for name, collection in collections.items():
        features = []
        for feature in collection["features"]:
            properties = feature["properties"]
            if properties["kind"] not in STYLES:
                problems.append(
                    f"{name}/{properties['id']}: kind {properties['kind']!r} has no "
                    "style in geo/style.py"
                )
                continue
            features.append(MapFeature(name, properties, _display_geometry(feature["geometry"])))
        layers[name] = features
    if problems:
        raise ValidationError(problems)
    return layers


def geometry_json(geometry: BaseGeometry) -> dict[str, Any]:
    """Return a display geometry as GeoJSON with :data:`DISPLAY_DECIMALS` decimals.

    Parameters
    ----------
    geometry
        Geometry from :func:`read_layers`.

    Returns
    -------
    dict
    """
    data = dict(mapping(geometry))
    data["coordinates"] = _round(data["coordinates"])
    return data


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DISPLAY_DECIMALS)
    return [_round(item) for item in value]


def focus_bounds(layers: Mapping[str, Sequence[MapFeature]]) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of the district and its industrial areas.

    The industrial areas count with their uncertainty circles, so the first view shows
    every circle whole.

    Parameters
    ----------
    layers
        From :func:`read_layers`.

    Returns
    -------
    list
    """
    shapes = [f.geometry for f in layers["district"] if f.geometry is not None]
    for feature in layers["industrial_areas"]:
        if feature.geometry is None:
            continue
        shapes.append(feature.geometry)
        anchor, radius = feature.anchor, feature.accuracy_m
        if anchor is not None and radius:
            dlat = radius / 111_320
            dlon = dlat / max(0.2, math.cos(math.radians(anchor[0])))
            shapes.append(
                box(anchor[1] - dlon, anchor[0] - dlat, anchor[1] + dlon, anchor[0] + dlat)
            )
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return [[south, west], [north, east]]


def _district_bounds(
    layers: Mapping[str, Sequence[MapFeature]],
) -> tuple[float, float, float, float]:
    shapes = [f.geometry for f in layers["district"] if f.geometry is not None]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return west, south, east, north


def context_label_point(
    feature: MapFeature, layers: Mapping[str, Sequence[MapFeature]]
) -> tuple[float, float] | None:
    """Return where to write a context unit's name: inside it, near the district.

    A neighbouring province can reach far beyond the view; its label goes at a point of the
    part that lies within :data:`LABEL_MARGIN_DEG` of the district.

    Parameters
    ----------
    feature
        A context feature.
    layers
        From :func:`read_layers`.

    Returns
    -------
    tuple of float or None
        ``(lat, lon)``, or ``None`` when the unit does not come near the district.
    """
    if feature.geometry is None:
        return None
    west, south, east, north = _district_bounds(layers)
    window = box(
        west - LABEL_MARGIN_DEG,
        south - LABEL_MARGIN_DEG,
        east + LABEL_MARGIN_DEG,
        north + LABEL_MARGIN_DEG,
    )
    near = feature.geometry.intersection(window)
    if near.is_empty or near.area == 0:
        return None
    if near.geom_type == "MultiPolygon":
        near = max(near.geoms, key=lambda part: part.area)
    return _latlon(shapely.Point(near.representative_point()))


def line_label_point(
    feature: MapFeature, layers: Mapping[str, Sequence[MapFeature]]
) -> tuple[float, float] | None:
    """Return where to write a line's name: the middle of its longest part near the district.

    A road may run far out of the district (ĐT495B continues into Bình Lục); its label goes
    where the first view shows it.

    Parameters
    ----------
    feature
        A line feature.
    layers
        From :func:`read_layers`.

    Returns
    -------
    tuple of float or None
        ``(lat, lon)``, or the middle of the whole line when no part is near the district.
    """
    if feature.geometry is None:
        return None
    near = feature.geometry.intersection(box(*_district_bounds(layers)))
    parts = [part for part in getattr(near, "geoms", [near]) if part.geom_type == "LineString"]
    if not parts:
        return feature.anchor
    longest = max(parts, key=lambda part: part.length)
    return _latlon(shapely.line_interpolate_point(longest, 0.5, normalized=True))


def has_openstreetmap(layers: Mapping[str, Sequence[MapFeature]]) -> bool:
    """Tell whether any feature's position comes from OpenStreetMap.

    Parameters
    ----------
    layers
        From :func:`read_layers`.

    Returns
    -------
    bool
    """
    return any(
        basis_key(str(f.properties.get("location_basis") or "")) == "openstreetmap"
        for features in layers.values()
        for f in features
    )
