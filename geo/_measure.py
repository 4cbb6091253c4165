"""Steps shared by the query helpers: checked arguments, metric frames, result tables.

Every public helper checks its arguments first (as geopandas' ``_basic_checks`` does): a
distance or accuracy that is negative, NaN or infinite raises :class:`ValueError` naming the
argument (and the feature, for an ``accuracy_m`` in a GeoDataFrame).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo.loading import mapped
from geo.metric import METRIC_CRS


def _real(value: object, argument: str, expected: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        msg = f"{argument} must be {expected}, got {value!r}"
        raise ValueError(msg)
    return float(value)


def metres(value: object, argument: str) -> float:
    """Return a distance or accuracy, in metres, after checking it is finite and not negative.

    Parameters
    ----------
    value
        The value given.
    argument
        What it is, for the message (``"distance_m"``, ``"features: feature 'x' accuracy_m"``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When it is not a real number, or is negative, NaN or infinite.

    Examples
    --------
    >>> metres(5000, "distance_m")
    5000.0
    >>> metres(float("nan"), "distance_m")
    Traceback (most recent call last):
    ...
    ValueError: distance_m must be a finite number of metres ≥ 0, got nan
    """
    expected = "a finite number of metres ≥ 0"
    number = _real(value, argument, expected)
    if not math.isfinite(number) or number < 0:
        msg = f"{argument} must be {expected}, got {number!r}"
        raise ValueError(msg)
    return number


def positive(value: object, argument: str) -> float:
    """Return a figure that must be finite and greater than zero (an official area).

    Parameters
    ----------
    value
        The value given.
    argument
        What it is, for the message.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When it is not a finite number greater than zero.
    """
    expected = "a finite number > 0"
    number = _real(value, argument, expected)
    if not math.isfinite(number) or number <= 0:
        msg = f"{argument} must be {expected}, got {number!r}"
        raise ValueError(msg)
    return number


def metric_frame(frame: gpd.GeoDataFrame, argument: str) -> gpd.GeoDataFrame:
    """Return the features of ``frame`` that have a geometry, in UTM 48N.

    Parameters
    ----------
    frame
        A layer, in any CRS.
    argument
        Its argument name, for the message.

    Returns
    -------
    GeoDataFrame

    Raises
    ------
    ValueError
        When it has no CRS.
    """
    if frame.crs is None:
        msg = f"{argument} has no CRS; load it with geo.load_layers()"
        raise ValueError(msg)
    return mapped(frame).to_crs(METRIC_CRS)


def accuracy(row: pd.Series, argument: str) -> float:
    """Return a feature's checked ``accuracy_m``.

    Parameters
    ----------
    row
        A feature with a geometry.
    argument
        The argument it comes from, for the message.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        When it is missing, negative, NaN or infinite (naming the argument and the feature).
    """
    value = row.get("accuracy_m")
    label = f"{argument}: feature {row.get('id')!r}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        msg = f"{label} has a geometry but no accuracy_m"
        raise ValueError(msg)
    return metres(value, f"{label} accuracy_m")


@dataclass(frozen=True)
class Feature:
    """One feature in UTM 48N with its checked accuracy.

    Attributes
    ----------
    id
        Its ``id``.
    geometry
        Its geometry, UTM 48N.
    accuracy_m
        Its accuracy, metres.
    """

    id: str
    geometry: BaseGeometry
    accuracy_m: float


def single(frame: gpd.GeoDataFrame, argument: str) -> Feature:
    """Return the one feature with a geometry that an argument must hold.

    Parameters
    ----------
    frame
        The argument's value.
    argument
        Its name, for the message (``"target"``, ``"polygon"``…).

    Returns
    -------
    Feature

    Raises
    ------
    ValueError
        When it holds no or several features with a geometry, or a bad ``accuracy_m``.
    """
    metric = metric_frame(frame, argument)
    if len(metric) != 1:
        ids = list(frame["id"]) if "id" in frame else []
        msg = f"{argument} must be one feature with a geometry, got {len(metric)} (ids: {ids})"
        raise ValueError(msg)
    row = metric.iloc[0]
    return Feature(str(row["id"]), row.geometry, accuracy(row, argument))


def features(frame: gpd.GeoDataFrame, argument: str) -> list[tuple[pd.Series, BaseGeometry, float]]:
    """Return every feature with a geometry, in UTM 48N, with its checked accuracy.

    Every accuracy is checked before any is used, so a bad one fails the call at once.

    Parameters
    ----------
    frame
        A layer.
    argument
        Its argument name, for the message.

    Returns
    -------
    list of tuple
        ``(row, geometry, accuracy_m)``.
    """
    return [
        (row, row.geometry, accuracy(row, argument))
        for _, row in metric_frame(frame, argument).iterrows()
    ]


def table(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Build a result table indexed by ``id``, metre columns as floats even when empty.

    Parameters
    ----------
    rows
        One dict per feature.
    columns
        Column order, ``id`` first.

    Returns
    -------
    DataFrame
    """
    frame = pd.DataFrame(rows, columns=columns).set_index("id")
    metre_columns = [column for column in frame.columns if column.endswith("_m")]
    return frame.astype(dict.fromkeys(metre_columns, float))
