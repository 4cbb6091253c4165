"""Loading the finished layers for notebooks, and picking features from them.

Part of the query API: everything here is re-exported by :mod:`geo.query` (and ``geo``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import geopandas as gpd
import pandas as pd

from geo._env import LAYERS_DIR_ENV
from geo.metric import WGS84
from geo.schema import LAYER_NAMES

NOT_PUBLISHED: Final = "route not published"
"""What a feature without geometry is reported as."""

Layers = dict[str, gpd.GeoDataFrame]


class LayersNotFoundError(FileNotFoundError):
    """The layers folder or one of its GeoJSON files is missing."""


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
        Any CRS pyproj understands: ``"EPSG:4326"`` (default, lon/lat), or
        :data:`geo.metric.METRIC_CRS` (``geo.METRIC_CRS``, WGS 84 / UTM 48N) to measure.

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
    layers: Layers = {}
    for name in LAYER_NAMES:
        frame = gpd.read_file(folder / f"{name}.geojson")
        if frame.crs is None:
            frame = frame.set_crs(WGS84)
        layers[name] = frame.to_crs(crs)
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
