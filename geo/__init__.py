"""thanh-liem-map: layers, a web map and a QGIS export of industry in Thanh Liêm (Hà Nam).

For notebooks, the package exposes the spatial query API of :mod:`geo.query`::

    import geo

    layers = geo.load_layers(crs=geo.METRIC_CRS)
    geo.containment(layers["industrial_areas"], layers["district"])

The query API is imported on first use, so that ``import geo.<module>`` stays light (and
works where geopandas is absent, e.g. QGIS's own Python).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.query import (
        LAYERS_DIR_ENV,
        METRIC_CRS,
        NOT_PUBLISHED,
        AreaCheck,
        LayersNotFoundError,
        area_check,
        boundary_crossings,
        commune_successors,
        containment,
        default_layers_dir,
        distance_range,
        exit_side,
        load_layers,
        mapped,
        pick,
        reorganisation,
        successor_unit,
        uncertainty_areas,
        unmapped,
        within_distance,
    )

try:
    __version__ = version("thanh-liem-map")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = [
    "LAYERS_DIR_ENV",
    "METRIC_CRS",
    "NOT_PUBLISHED",
    "AreaCheck",
    "LayersNotFoundError",
    "__version__",
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


def __getattr__(name: str) -> Any:
    """Import the query API lazily (PEP 562).

    Parameters
    ----------
    name
        Attribute asked for.

    Returns
    -------
    Any
    """
    if name in __all__ and name != "__version__":
        return getattr(importlib.import_module("geo.query"), name)
    msg = f"module 'geo' has no attribute {name!r}"
    raise AttributeError(msg)
