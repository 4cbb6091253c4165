"""Measuring in a metric CRS (never in degrees)."""

from __future__ import annotations

from typing import Final

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

WGS84: Final = "EPSG:4326"
METRIC_CRS: Final = "EPSG:32648"
"""WGS 84 / UTM zone 48N: the projected CRS every length, area and distance is computed in."""
VN2000_UTM48: Final = "EPSG:3405"
"""VN-2000 / UTM zone 48N: the national datum used by Vietnamese planning offices."""


def to_metric(geometry: BaseGeometry) -> BaseGeometry:
    """Project a lon/lat geometry to UTM 48N.

    Parameters
    ----------
    geometry
        Geometry in EPSG:4326.

    Returns
    -------
    BaseGeometry
    """
    projected: BaseGeometry = gpd.GeoSeries([geometry], crs=WGS84).to_crs(METRIC_CRS).iloc[0]
    return projected


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """Project a UTM 48N geometry back to lon/lat.

    Parameters
    ----------
    geometry
        Geometry in EPSG:32648.

    Returns
    -------
    BaseGeometry
    """
    projected: BaseGeometry = gpd.GeoSeries([geometry], crs=METRIC_CRS).to_crs(WGS84).iloc[0]
    return projected


def area_km2(geometry: BaseGeometry) -> float:
    """Return the area of a lon/lat geometry in km², computed in UTM 48N.

    Parameters
    ----------
    geometry
        Polygon or MultiPolygon in EPSG:4326.

    Returns
    -------
    float
    """
    return float(to_metric(geometry).area) / 1e6


def length_km(geometry: BaseGeometry) -> float:
    """Return the length of a lon/lat line in km, computed in UTM 48N.

    Parameters
    ----------
    geometry
        LineString in EPSG:4326.

    Returns
    -------
    float
    """
    return float(to_metric(geometry).length) / 1e3


def distance_m(first: BaseGeometry, second: BaseGeometry) -> float:
    """Return the distance in metres between two lon/lat geometries, computed in UTM 48N.

    Parameters
    ----------
    first, second
        Geometries in EPSG:4326.

    Returns
    -------
    float
    """
    return float(to_metric(first).distance(to_metric(second)))
