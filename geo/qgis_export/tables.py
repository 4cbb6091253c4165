"""The GeoPackage tables of the export: finished layers split by geometry family, reprojected.

A GeoPackage table has one geometry type, and QGIS styles a layer for one geometry family
(point, line or polygon). Each layer therefore becomes one table per family it holds:

- the family of its schema's first geometry type keeps the layer's name (``roads`` holds
  lines, ``industrial_areas`` points); features without geometry (T1 and T4) go there, with a
  NULL geometry that a user can digitise later;
- features of another family, if a layer ever gains them (e.g. an industrial-area footprint
  from OpenStreetMap replacing its point), go to ``<layer>_<family>s``
  (``industrial_areas_polygons``), styled the same way by ``kind``;
- lines and polygons are written as MultiLineString and MultiPolygon so that single and
  multi-part features share a table;
- any other geometry type (a GeometryCollection…) stops the export with a clear message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.transformer import AreaOfInterest

from geo.metric import METRIC_CRS, VN2000_UTM48, WGS84
from geo.qgis_export.text import nul_problems
from geo.schema import LAYER_FIELDS, LAYER_GEOMETRIES
from geo.style import STYLES
from geo.validate import ValidationError

FAMILIES: Final[dict[str, str]] = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}
"""Geometry type → the family QGIS styles it as."""

TABLE_TYPES: Final[dict[str, str]] = {
    "point": "Point",
    "line": "MultiLineString",
    "polygon": "MultiPolygon",
}
"""Family → the GeoPackage geometry type of its table (points stay single: every feature is
one position)."""

PROJECT_CRS: Final[dict[str, str]] = {
    WGS84: METRIC_CRS,
    METRIC_CRS: METRIC_CRS,
    VN2000_UTM48: VN2000_UTM48,
}
"""Export CRS → the project CRS (always metric, so that QGIS measures in metres)."""

_DTYPES: Final[dict[str, Any]] = {
    "string": "object",
    "number": "float64",
    "integer": "Int64",
    "boolean": "boolean",
    "array": "object",
}


@dataclass(frozen=True)
class Table:
    """One GeoPackage table.

    Attributes
    ----------
    name
        Table name in the GeoPackage.
    layer
        The layer it comes from.
    family
        ``point``, ``line`` or ``polygon``.
    frame
        Its features, in the export CRS, with the layer's fields in schema order.
    """

    name: str
    layer: str
    family: str
    frame: gpd.GeoDataFrame

    @property
    def geometry_type(self) -> str:
        """The GeoPackage geometry type of the table."""
        return TABLE_TYPES[self.family]

    @property
    def kinds(self) -> list[str]:
        """The feature kinds present, in the order of :data:`geo.style.STYLES`."""
        present = set(self.frame["kind"])
        return [kind for kind in STYLES if kind in present] + sorted(present - set(STYLES))


def transformer(crs: str, bounds: tuple[float, float, float, float]) -> Transformer:
    """Return the lon/lat → ``crs`` transformation used for the export.

    PROJ is asked for the best operation over ``bounds``, so that the choice is fixed and can
    be written into the QGIS project. For VN-2000 offline this is the 7-parameter Helmert
    EPSG:6960 ("VN-2000 to WGS 84 (2)", Vietnam onshore, ±1 m).

    Parameters
    ----------
    crs
        Target CRS.
    bounds
        lon/lat bounding box of the data (west, south, east, north).

    Returns
    -------
    Transformer
    """
    west, south, east, north = bounds
    return Transformer.from_crs(
        WGS84,
        crs,
        always_xy=True,
        area_of_interest=AreaOfInterest(west, south, east, north),
    )


def _reproject(frame: gpd.GeoDataFrame, transform: Transformer, crs: str) -> gpd.GeoDataFrame:
    def apply(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x, y = transform.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    geometry = shapely.transform(np.asarray(frame.geometry.array, dtype=object), apply)
    return frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=crs))


def _json_text(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else None


def _typed(frame: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    columns: dict[str, Any] = {}
    for field in LAYER_FIELDS[layer]:
        kinds = field.spec["type"]
        kind = next(k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null")
        values = frame[field.name] if field.name in frame else pd.Series(None, index=frame.index)
        if kind == "array":  # a GeoPackage column holds text: JSON
            values = values.map(_json_text)
        columns[field.name] = values.astype(_DTYPES[kind])
    return gpd.GeoDataFrame(columns, geometry=frame.geometry, crs=frame.crs)


def _family(layer: str, geometry: Any) -> str | None:
    if geometry is None or geometry.is_empty:
        return None
    try:
        return FAMILIES[geometry.geom_type]
    except KeyError:
        msg = (
            f"{layer}: geometry type {geometry.geom_type} cannot be exported to QGIS "
            f"(supported: {', '.join(FAMILIES)})"
        )
        raise ValidationError([msg]) from None


def main_family(layer: str) -> str:
    """Return the family of a layer's first schema geometry type (its main table).

    Parameters
    ----------
    layer
        Layer name.

    Returns
    -------
    str
    """
    first = next(kind for kind in LAYER_GEOMETRIES[layer] if kind is not None)
    return FAMILIES[first]


def split_layer(layer: str, frame: gpd.GeoDataFrame) -> list[Table]:
    """Split one layer (EPSG:4326) into its tables, keeping feature order.

    Parameters
    ----------
    layer
        Layer name.
    frame
        The layer's features.

    Returns
    -------
    list of Table
        The main table first (always present, possibly empty), then one per other family.

    Raises
    ------
    ValidationError
        When a geometry belongs to no exportable family.
    """
    main = main_family(layer)
    families = [_family(layer, geometry) or main for geometry in frame.geometry]
    tables = []
    for family in [main, *sorted(set(families) - {main})]:
        name = layer if family == main else f"{layer}_{family}s"
        part = frame[[item == family for item in families]]
        tables.append(Table(name, layer, family, part))
    return tables


def export_tables(
    collections: Mapping[str, Any], crs: str
) -> tuple[list[Table], Transformer | None]:
    """Turn parsed, validated layers into GeoPackage tables in ``crs``.

    Parameters
    ----------
    collections
        Layer name → RFC 7946 FeatureCollection.
    crs
        Export CRS (a key of :data:`PROJECT_CRS`).

    Returns
    -------
    tuple
        The tables in layer order, and the lon/lat → ``crs`` transformation (``None`` when
        ``crs`` is WGS 84).

    Raises
    ------
    ValueError
        When ``crs`` is not one the export supports.
    ValidationError
        When a text field holds a NUL character, which GeoPackage text cannot keep.
    """
    if crs not in PROJECT_CRS:
        msg = f"export CRS {crs!r} is not supported; use one of {', '.join(PROJECT_CRS)}"
        raise ValueError(msg)
    problems = [
        text for layer, c in collections.items() for text in nul_problems(layer, c["features"])
    ]
    if problems:
        raise ValidationError(problems)
    frames = {
        layer: _typed(gpd.GeoDataFrame.from_features(c["features"], crs=WGS84), layer)
        for layer, c in collections.items()
    }
    transform = None
    if CRS(crs) != CRS(WGS84):
        bounds = pd.concat(list(frames.values())).total_bounds
        transform = transformer(crs, (bounds[0], bounds[1], bounds[2], bounds[3]))
        frames = {layer: _reproject(frame, transform, crs) for layer, frame in frames.items()}
    tables = [table for layer, frame in frames.items() for table in split_layer(layer, frame)]
    return tables, transform
