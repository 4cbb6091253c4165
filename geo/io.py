"""RFC 7946 GeoJSON writing and atomic file replacement."""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo._errors import OutputError as OutputError  # noqa: PLC0414 (re-exported)

PRECISION = 6
"""Decimals kept in lon/lat coordinates (about 0.1 m)."""

STAGING_PREFIX = ".staging-"
"""Name prefix of the hidden folders products are written into before publishing."""


def reason(error: OSError) -> str:
    """Return the short reason of an OS error (``No space left on device``).

    Parameters
    ----------
    error
        The error.

    Returns
    -------
    str
    """
    return error.strerror or str(error) or type(error).__name__


def shown(path: Path) -> Path:
    """Return ``path`` without its staging folders: where the file is meant to go.

    Parameters
    ----------
    path
        A path, perhaps inside a staging folder.

    Returns
    -------
    Path
    """
    return Path(*(part for part in path.parts if not part.startswith(STAGING_PREFIX)))


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` that replaces it only on success.

    Parameters
    ----------
    path
        Final location.
    mode
        ``"w"`` for UTF-8 text, ``"wb"`` for bytes.

    Yields
    ------
    IO
        The open temporary file. On any exception it is removed and ``path`` is untouched.

    Raises
    ------
    OutputError
        When the file cannot be created, written (a full disk) or put in place.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        msg = f"cannot write to {shown(path.parent)}: {reason(error)}"
        raise OutputError(msg) from error
    tmp = Path(tmp_name)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(handle, mode, encoding=encoding) as out:
            yield out
        tmp.chmod(0o644)
        tmp.replace(path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        msg = f"cannot write {shown(path)}: {reason(error)}"
        raise OutputError(msg) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, PRECISION)
    if isinstance(value, list | tuple):
        return [_round(item) for item in value]
    return value


def geometry_to_rfc7946(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """Return a GeoJSON geometry: 6 decimals, counter-clockwise exterior rings.

    Parameters
    ----------
    geometry
        A lon/lat geometry, or ``None`` for a feature without geometry.

    Returns
    -------
    dict or None
    """
    if geometry is None or geometry.is_empty:
        return None
    oriented = shapely.set_precision(geometry, 10**-PRECISION)
    if oriented.geom_type == "Polygon":
        oriented = orient(oriented, sign=1.0)
    elif oriented.geom_type == "MultiPolygon":
        oriented = shapely.MultiPolygon([orient(part, sign=1.0) for part in oriented.geoms])
    data = dict(mapping(oriented))
    data["coordinates"] = _round(data["coordinates"])
    return data


def _clean_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _clean_value(value.item())
    return value


def feature_collection(frame: gpd.GeoDataFrame, fields: list[str], name: str) -> dict[str, Any]:
    """Build an RFC 7946 FeatureCollection with properties in schema order.

    Parameters
    ----------
    frame
        Layer in EPSG:4326.
    fields
        Property names, in output order.
    name
        Layer name, stored as the collection's ``name`` member.

    Returns
    -------
    dict
    """
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        msg = f"layer '{name}' must be in EPSG:4326 to be written as GeoJSON, not {frame.crs}"
        raise ValueError(msg)
    features = []
    for _, row in frame.iterrows():
        properties = {field: _clean_value(row[field]) for field in fields}
        features.append(
            {
                "type": "Feature",
                "id": properties.get("id"),
                "properties": properties,
                "geometry": geometry_to_rfc7946(row.geometry),
            }
        )
    return {"type": "FeatureCollection", "name": name, "features": features}


def dumps_geojson(collection: Mapping[str, Any]) -> str:
    """Serialise a FeatureCollection deterministically, one feature per line.

    Parameters
    ----------
    collection
        The FeatureCollection.

    Returns
    -------
    str
    """
    head = {key: value for key, value in collection.items() if key != "features"}
    lines = [
        json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        for feature in collection["features"]
    ]
    head_text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return head_text + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def read_json(path: Path) -> Any:
    """Read a UTF-8 JSON file with a clear error.

    Parameters
    ----------
    path
        File to read.

    Returns
    -------
    Any

    Raises
    ------
    ValueError
        When the file cannot be read or is not UTF-8 JSON, naming it.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        msg = f"cannot read {path}: {reason(error)}"
        raise ValueError(msg) from error
    except UnicodeDecodeError as error:
        msg = f"{path} is not UTF-8 text: {error}"
        raise ValueError(msg) from error
    except json.JSONDecodeError as error:
        msg = f"{path} is not valid JSON: {error}"
        raise ValueError(msg) from error
