"""Reading a contributed file: a GeoPackage edited in QGIS, or any OGR-readable file.

Every layer is read with pyogrio (GDAL) and reprojected to WGS 84 lon/lat. From the export's
GeoPackage only the tables open to contributions are read (``roads``, ``industrial_areas``
and their per-family tables, ``industrial_footprints``); from any other file (GeoJSON from
geojson.io or the map's layers, KML, a shapefile…) every layer is. Values are normalised
(missing → ``None``, text stripped) but not yet judged: :mod:`geo.edits.review` does that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from pyproj.transformer import AreaOfInterest
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError
from geo.metric import WGS84
from geo.upgrades.contributions import EDITABLE_LAYERS, FOOTPRINTS_TABLE

_FAMILY_TABLES: Final = ("points", "lines", "polygons")
"""Suffixes of the export's per-family tables (``industrial_areas_polygons``)."""


class EditFileError(AuthoredDataError):
    """A contributed file cannot be read: missing, not a format GDAL reads, or without CRS."""


@dataclass(frozen=True)
class EditRow:
    """One feature of a contributed file.

    Attributes
    ----------
    origin
        Where it is, for messages (``file.gpkg:roads feature 2``).
    table
        The layer or table it was read from.
    properties
        Its attributes, normalised.
    geometry
        Its geometry in WGS 84 lon/lat (2D, single part when it has one part), or ``None``.
    """

    origin: str
    table: str
    properties: dict[str, Any]
    geometry: BaseGeometry | None


def kit_layer(table: str) -> str | None:
    """Return the layer an editing-kit table belongs to, or ``None`` for any other table.

    ``industrial_areas_polygons`` and ``industrial_footprints`` belong to
    ``industrial_areas``, ``roads`` to ``roads``.

    Parameters
    ----------
    table
        Table or layer name.

    Returns
    -------
    str or None
    """
    if table == FOOTPRINTS_TABLE:
        return "industrial_areas"
    for layer in EDITABLE_LAYERS:
        if table == layer or table in {f"{layer}_{family}" for family in _FAMILY_TABLES}:
            return layer
    return None


def _value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.ndarray):  # a JSON array
        return value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def _simple(geometry: BaseGeometry | None) -> BaseGeometry | None:
    if geometry is None or geometry.is_empty:
        return None
    flat = shapely.force_2d(geometry)
    if flat.geom_type.startswith("Multi") and len(flat.geoms) == 1:
        return flat.geoms[0]
    return flat


def to_wgs84(frame: gpd.GeoDataFrame, origin: str) -> gpd.GeoDataFrame:
    """Reproject a frame to WGS 84 lon/lat with the best transformation for its area.

    PROJ is asked for the best operation over the data's own area (as the export does), so
    that a file exported in VN-2000 comes back to the same lon/lat.

    Parameters
    ----------
    frame
        Features in any CRS.
    origin
        File and layer, for messages.

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    EditFileError
        When the frame has geometries but no CRS.
    """
    present = frame.geometry.notna() & ~frame.geometry.is_empty
    if not present.any():
        return frame.set_crs(WGS84, allow_override=True)
    if frame.crs is None:
        msg = f"{origin} has no coordinate reference system: save it with one (e.g. EPSG:4326)"
        raise EditFileError(msg)
    source = CRS(frame.crs)
    if source.equals(CRS(WGS84), ignore_axis_order=True):
        return frame.set_crs(WGS84, allow_override=True)
    west, south, east, north = frame[present].to_crs(WGS84).total_bounds
    transform = Transformer.from_crs(
        source, WGS84, always_xy=True, area_of_interest=AreaOfInterest(west, south, east, north)
    )

    def apply(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x, y = transform.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    geometry = shapely.transform(np.asarray(frame.geometry.array, dtype=object), apply)
    return frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=WGS84))


def _layers(path: Path) -> tuple[list[str], list[str]]:
    try:
        listed = pyogrio.list_layers(path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        msg = f"cannot read {path}: {error}"
        raise EditFileError(msg) from error
    names = [str(name) for name, geometry_type in listed if geometry_type is not None]
    kit = [name for name in names if kit_layer(name)]
    if kit:  # the export's GeoPackage: only the tables open to contributions
        return kit, [str(name) for name, _ in listed if str(name) not in kit]
    return names, []


def _frame(path: Path, layer: str, origin: str) -> gpd.GeoDataFrame:
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        msg = f"cannot read {origin}: {error}"
        raise EditFileError(msg) from error
    except CRSError as error:
        msg = f"{origin}: unknown coordinate reference system ({error})"
        raise EditFileError(msg) from error
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
    return to_wgs84(frame, origin)


def read_edit_file(path: Path) -> tuple[list[EditRow], list[str]]:
    """Read every feature a contributed file may contribute.

    Parameters
    ----------
    path
        Any file GDAL reads (GeoPackage, GeoJSON, KML, shapefile…), in any CRS.

    Returns
    -------
    tuple
        The rows, and the names of the tables that were not read (a GeoPackage's tables that
        are not open to contributions).

    Raises
    ------
    EditFileError
        When the file is missing or unreadable, or a layer with geometries has no CRS.
    """
    if not path.is_file():
        msg = f"file not found: {path}"
        raise EditFileError(msg)
    names, skipped = _layers(path)
    rows = []
    for name in names:
        label = f"{path.name}:{name}" if len(names) > 1 else path.name
        frame = _frame(path, name, label)
        columns = [column for column in frame.columns if column != frame.geometry.name]
        for number, (_, row) in enumerate(frame.iterrows(), start=1):
            properties = {str(column): _value(row[column]) for column in columns}
            rows.append(
                EditRow(f"{label} feature {number}", name, properties, _simple(row.geometry))
            )
    return rows, skipped
