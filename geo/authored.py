"""Loading the authored, reviewed inputs in ``geo/data`` (positions, notes, attributes).

Every loader checks what it reads and raises :class:`AuthoredDataError` with a message that
names the file and the feature, so a bad edit is caught before any layer is written.
"""

from __future__ import annotations

import csv
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

AREA_OF_INTEREST: Final = (104.5, 19.5, 107.5, 21.5)
"""lon/lat box every authored position must fall in (around Hà Nam)."""


class AuthoredDataError(ValueError):
    """An authored input is missing, unreadable or inconsistent."""


def default_dir() -> Path:
    """Return the folder of the authored inputs shipped with the package.

    Returns
    -------
    Path
    """
    return Path(__file__).parent / "data"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        msg = f"authored file missing: {path}"
        raise AuthoredDataError(msg) from error
    except UnicodeDecodeError as error:
        msg = f"{path} is not UTF-8 text (byte {error.start}): save it as UTF-8"
        raise AuthoredDataError(msg) from error


def read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file whose rows must each have the ``required`` fields filled.

    Parameters
    ----------
    path
        CSV file with a header row and an ``id`` column.
    required
        Columns that must exist and be non-empty in every row.

    Returns
    -------
    list of dict
    """
    rows = list(csv.DictReader(_read_text(path).splitlines()))
    if not rows:
        msg = f"{path} has no rows"
        raise AuthoredDataError(msg)
    missing_columns = [name for name in required if name not in rows[0]]
    if missing_columns:
        msg = f"{path}: missing column(s) {', '.join(missing_columns)}"
        raise AuthoredDataError(msg)
    for number, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            msg = f"{path} line {number} ({row.get('id')}): wrong number of columns"
            raise AuthoredDataError(msg)
        empty = [name for name in required if not row[name].strip()]
        if empty:
            msg = f"{path}: feature '{row.get('id')}' has no {', '.join(empty)}"
            raise AuthoredDataError(msg)
    ids = [row["id"] for row in rows]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        msg = f"{path}: duplicate id(s) {', '.join(duplicates)}"
        raise AuthoredDataError(msg)
    return rows


def read_toml(path: Path) -> dict[str, Any]:
    """Read a UTF-8 TOML file.

    Parameters
    ----------
    path
        TOML file.

    Returns
    -------
    dict
    """
    try:
        return tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as error:
        msg = f"{path} is not valid TOML: {error}"
        raise AuthoredDataError(msg) from error


def number(row: dict[str, str], column: str, path: Path) -> float | None:
    """Parse an optional number from a CSV row.

    Parameters
    ----------
    row
        CSV row.
    column
        Column to parse.
    path
        File, for the message.

    Returns
    -------
    float or None
        ``None`` for an empty cell.
    """
    text = row[column].strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError as error:
        msg = f"{path}: feature '{row['id']}' has a non-numeric {column}: {text!r}"
        raise AuthoredDataError(msg) from error
    if not math.isfinite(value):
        msg = f"{path}: feature '{row['id']}' has a non-finite {column}: {text!r}"
        raise AuthoredDataError(msg)
    return value


def check_geometry(feature_id: str, geometry: BaseGeometry | None, origin: Path) -> BaseGeometry:
    """Refuse an empty, invalid or misplaced authored geometry.

    Parameters
    ----------
    feature_id
        Feature the geometry belongs to, for the message.
    geometry
        Geometry in lon/lat.
    origin
        File it came from, for the message.

    Returns
    -------
    BaseGeometry
        The geometry, unchanged.
    """
    if geometry is None or geometry.is_empty:
        msg = f"{origin}: feature '{feature_id}' has an empty geometry"
        raise AuthoredDataError(msg)
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        msg = f"{origin}: feature '{feature_id}' has an invalid geometry ({reason})"
        raise AuthoredDataError(msg)
    west, south, east, north = AREA_OF_INTEREST
    minx, miny, maxx, maxy = geometry.bounds
    if minx < west or maxx > east or miny < south or maxy > north:
        msg = (
            f"{origin}: feature '{feature_id}' lies outside the area of interest "
            f"(lon {west}–{east}, lat {south}–{north}); are lon and lat swapped?"
        )
        raise AuthoredDataError(msg)
    return geometry


def point_from(row: dict[str, str], path: Path) -> Point:
    """Return the checked point of a row with ``lon`` and ``lat`` columns.

    Parameters
    ----------
    row
        CSV row.
    path
        File, for the message.

    Returns
    -------
    shapely.Point
    """
    lon, lat = number(row, "lon", path), number(row, "lat", path)
    if lon is None or lat is None:
        msg = f"{path}: feature '{row['id']}' has an empty geometry (no lon or lat)"
        raise AuthoredDataError(msg)
    point = Point(lon, lat)
    check_geometry(row["id"], point, path)
    return point


@dataclass(frozen=True)
class ReferencePoint:
    """A published or derived position with its uncertainty.

    Attributes
    ----------
    id
        Row id in ``reference_points.csv``.
    name_vi
        What the point stands for.
    kind
        a key of :data:`geo.bases.BASES` (``published_point`` or ``commune_point``).
    point
        Position, lon/lat.
    radius_m
        Uncertainty radius in metres, or ``None`` for label points.
    basis
        How the point was obtained.
    source
        Where it comes from.
    """

    id: str
    name_vi: str
    kind: str
    point: Point
    radius_m: float | None
    basis: str
    source: str


REFERENCE_REQUIRED: Final = ("id", "name_vi", "kind", "lon", "lat", "basis", "source")


def load_reference_points(folder: Path | None = None) -> dict[str, ReferencePoint]:
    """Load ``reference_points.csv``.

    Parameters
    ----------
    folder
        Authored-data folder; defaults to the package's.

    Returns
    -------
    dict
        Reference points by id.
    """
    path = (folder or default_dir()) / "reference_points.csv"
    points = {}
    for row in read_csv(path, REFERENCE_REQUIRED):
        points[row["id"]] = ReferencePoint(
            id=row["id"],
            name_vi=row["name_vi"],
            kind=row["kind"],
            point=point_from(row, path),
            radius_m=number(row, "radius_m", path),
            basis=row["basis"],
            source=row["source"],
        )
    return points
