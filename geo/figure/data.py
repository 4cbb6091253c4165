"""The finished layers as the figure draws them: checked, in a metric CRS, with the extents.

Like the web map and the QGIS export, the figure reads the layers a build wrote (through
:func:`geo.validate.checked_layers`), never the layer builders. Everything is drawn in
WGS 84 / UTM 48N (EPSG:32648), so that an uncertainty circle of ``accuracy_m`` metres and the
scale bar are true to the ground.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.bases import basis_key
from geo.facts import Article, load_article
from geo.layer_table import PRINTED
from geo.metric import METRIC_CRS, WGS84
from geo.validate import checked_layers

DRAWN_LAYERS: Final = PRINTED
"""Layers the figure draws, bottom to top (:mod:`geo.layer_table`)."""


Extent = tuple[float, float, float, float]
"""xmin, ymin, xmax, ymax in metres (EPSG:32648)."""


@dataclass(frozen=True)
class FigureData:
    """What the figure draws.

    Attributes
    ----------
    layers
        Layer name → its features with a geometry, in EPSG:32648, in file order.
    not_drawn
        Properties of the features of the drawn layers that have no geometry (T1, T4).
    article
        The cited article.
    """

    layers: Mapping[str, gpd.GeoDataFrame]
    not_drawn: tuple[dict[str, Any], ...]
    article: Article

    @property
    def district(self) -> dict[str, Any]:
        """Properties of the district feature."""
        row: dict[str, Any] = self.layers["district"].drop(columns="geometry").iloc[0].to_dict()
        return row

    @property
    def district_shape(self) -> BaseGeometry:
        """The district's outline (union of its features)."""
        return shapely.union_all(self.layers["district"].geometry.to_numpy())

    def drawn_properties(self) -> list[dict[str, Any]]:
        """Return the properties of every drawn feature, layer by layer.

        Returns
        -------
        list of dict
        """
        return [
            row
            for name in DRAWN_LAYERS
            for row in self.layers[name].drop(columns="geometry").to_dict("records")
        ]

    def uses_openstreetmap(self) -> bool:
        """Tell whether any drawn feature's geometry comes from OpenStreetMap.

        Returns
        -------
        bool
        """
        return any(
            basis_key(str(row.get("location_basis") or "")) == "openstreetmap"
            for row in self.drawn_properties()
        )


def _frame(collection: Mapping[str, Any]) -> tuple[gpd.GeoDataFrame, list[dict[str, Any]]]:
    features = collection["features"]
    with_geometry = [f for f in features if f.get("geometry") is not None]
    without = [dict(f["properties"]) for f in features if f.get("geometry") is None]
    columns = list(features[0]["properties"]) if features else ["id", "kind", "accuracy_m"]
    if not with_geometry:
        empty = gpd.GeoDataFrame(pd.DataFrame(columns=columns), geometry=[], crs=WGS84)
        return empty.to_crs(METRIC_CRS), without
    frame = gpd.GeoDataFrame.from_features(with_geometry, crs=WGS84, columns=[*columns, "geometry"])
    return frame.to_crs(METRIC_CRS), without


def load_figure_data(layers_dir: Path, authored_dir: Path | None = None) -> FigureData:
    """Read and check the layers, and project what the figure draws to EPSG:32648.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers.
    authored_dir
        Authored-data folder holding ``article.toml``; the package's by default.

    Returns
    -------
    FigureData

    Raises
    ------
    ValidationError
        When a layer is missing or fails a check.
    """
    collections = checked_layers(layers_dir)
    layers, not_drawn = {}, []
    for name in DRAWN_LAYERS:
        layers[name], without = _frame(collections[name])
        not_drawn.extend(without)
    return FigureData(layers, tuple(not_drawn), load_article(authored_dir))


def circles(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Return each point's uncertainty circle: radius ``accuracy_m`` metres.

    Parameters
    ----------
    frame
        Features in EPSG:32648 with ``accuracy_m``.

    Returns
    -------
    geopandas.GeoSeries
        One polygon per point with a positive ``accuracy_m``.
    """
    points = frame[(frame.geom_type == "Point") & (frame["accuracy_m"].fillna(0) > 0)]
    return points.geometry.buffer(points["accuracy_m"].astype(float), quad_segs=32)


def focus_extent(data: FigureData, margin: float) -> Extent:
    """Return the district and every industrial area's circle, plus a margin.

    Parameters
    ----------
    data
        The figure's data.
    margin
        Margin as a share of the larger side.

    Returns
    -------
    Extent
    """
    shapes = [data.district_shape, *circles(data.layers["industrial_areas"])]
    shapes += list(data.layers["industrial_areas"].geometry)
    xmin, ymin, xmax, ymax = shapely.GeometryCollection(shapes).bounds
    pad = max(xmax - xmin, ymax - ymin) * margin
    return (xmin - pad, ymin - pad, xmax + pad, ymax + pad)


def with_aspect(extent: Extent, aspect: float) -> Extent:
    """Widen or heighten an extent about its centre to a height/width ratio.

    Parameters
    ----------
    extent
        The extent.
    aspect
        Height / width wanted.

    Returns
    -------
    Extent
    """
    xmin, ymin, xmax, ymax = extent
    width, height = xmax - xmin, ymax - ymin
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    if height / width < aspect:
        height = width * aspect
    else:
        width = height / aspect
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def province_shape(data: FigureData) -> BaseGeometry:
    """Return the district's province: the district and the context units of its province.

    Parameters
    ----------
    data
        The figure's data.

    Returns
    -------
    BaseGeometry
    """
    code = str(data.district["gso_province_code"])
    context = data.layers["context"]
    members = context[
        (context["province_gso_code"] == code)
        & (context["gso_code"] != context["province_gso_code"])
    ]
    return shapely.union_all([data.district_shape, *members.geometry])


def visible_part(geometry: BaseGeometry, extent: Extent) -> BaseGeometry:
    """Return the part of a geometry inside an extent.

    Parameters
    ----------
    geometry
        Any geometry in EPSG:32648.
    extent
        The window.

    Returns
    -------
    BaseGeometry
    """
    return geometry.intersection(box(*extent))
