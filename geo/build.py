"""Building the layers and writing them as a set, or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.io import atomic_writer, dumps_geojson, feature_collection
from geo.schema import LAYER_NAMES, field_names
from geo.validate import ValidationError, problems_in


def collections_of(layers: Mapping[str, gpd.GeoDataFrame]) -> dict[str, dict[str, Any]]:
    """Turn built layers into RFC 7946 FeatureCollections.

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame in EPSG:4326.

    Returns
    -------
    dict
    """
    return {name: feature_collection(layers[name], field_names(name), name) for name in LAYER_NAMES}


def write_files(contents: Mapping[Path, str]) -> None:
    """Write several text files so that either all are replaced or none is.

    Every file is first written in full beside its target; only then are they moved into place.

    Parameters
    ----------
    contents
        Target path → text.
    """
    with contextlib.ExitStack() as stack:
        for path, text in contents.items():
            stack.enter_context(atomic_writer(path)).write(text)


def write_layers(layers: Mapping[str, gpd.GeoDataFrame], folder: Path) -> list[Path]:
    """Validate every layer, then write them all to ``folder/<name>.geojson``.

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame in EPSG:4326.
    folder
        Output folder.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValidationError
        When any layer fails a check; nothing is written then.
    """
    collections = collections_of(layers)
    problems = problems_in(collections)
    if problems:
        raise ValidationError(problems)
    contents = {folder / f"{name}.geojson": dumps_geojson(c) for name, c in collections.items()}
    write_files(contents)
    return list(contents)
