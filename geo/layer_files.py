"""Building the layers and writing them as a set, or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.io import atomic_writer, dumps_geojson, feature_collection
from geo.publish import publish, staging
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

    Every file is first written in full into a staging folder beside its target; only then are
    they moved into place together (:func:`geo.publish.publish`).

    Parameters
    ----------
    contents
        Target path → text.

    Raises
    ------
    OutputError
        When a file cannot be written or replaced; the previous files are then unchanged.
    """
    with contextlib.ExitStack() as stack:
        stages: dict[Path, Path] = {}
        staged = []
        for path, text in contents.items():
            if path.parent not in stages:
                stages[path.parent] = stack.enter_context(staging(path.parent))
            temporary = stages[path.parent] / path.name
            with atomic_writer(temporary) as out:
                out.write(text)
            staged.append((temporary, path))
        publish(staged)


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
