"""Loading the authored, reviewed inputs in ``geo/data`` (positions, notes, attributes).

Every loader checks what it reads and raises :class:`AuthoredDataError` with a message that
names the file and the feature, so a bad edit is caught before any layer is written.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo._errors import AuthoredDataError as AuthoredDataError  # noqa: PLC0414 (re-exported)
from geo.io import reason
from geo.schema import ACCURACY_M, MAP_FRAME, Range, id_problem
from geo.text import safe_url, text_problem

AREA_OF_INTEREST: Final = MAP_FRAME
"""lon/lat box every authored position must fall in: :data:`geo.schema.MAP_FRAME`."""

COORDINATE: Final = Range(-180, 180)
"""Any longitude or latitude (the map frame is checked on the geometry)."""


def default_dir() -> Path:
    """Return the folder of the authored inputs shipped with the package.

    Returns
    -------
    Path
    """
    return Path(__file__).parent / "data"


def authored_folder(folder: Path | None) -> Path:
    """Return the authored-data folder to read, refusing one that does not exist.

    Parameters
    ----------
    folder
        A folder given by the user (``--authored-dir``), or ``None`` for the package's.

    Returns
    -------
    Path
    """
    if folder is None:
        return default_dir()
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        msg = f"authored-data folder {folder} {what}"
        raise AuthoredDataError(msg)
    return folder


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        msg = f"authored file missing: {path}"
        raise AuthoredDataError(msg) from error
    except IsADirectoryError as error:
        msg = f"{path} is a folder, not a file: put the file there"
        raise AuthoredDataError(msg) from error
    except OSError as error:
        msg = f"cannot read {path}: {reason(error)}"
        raise AuthoredDataError(msg) from error
    try:
        return data.decode("utf-8-sig")  # a byte order mark (Excel, Notepad) is accepted
    except UnicodeDecodeError as error:
        msg = f"{path} is not UTF-8 text (byte {error.start}): save it as UTF-8"
        raise AuthoredDataError(msg) from error


def _is_url_field(name: str) -> bool:
    return name == "url" or name.endswith("_url")


def check_field(value: str, where: str, name: str) -> str:
    """Refuse a field holding control characters; check it as a link if it is one.

    A field is a link when its name is ``url`` or ends in ``_url``; a non-empty link must be
    an http(s) address (:func:`geo.text.safe_url`).

    Parameters
    ----------
    value
        Text of the field.
    where
        File and line, for the message.
    name
        Field name.

    Returns
    -------
    str
        The value, unchanged.
    """
    problem = text_problem(value)
    if problem:
        msg = f"{where}, field {name}: {problem}"
        raise AuthoredDataError(msg)
    if _is_url_field(name) and value.strip():
        safe_url(value, f"{where}, field {name}")
    return value


class Row(dict[str, str]):
    """A CSV row (column → text) that knows its line in the file."""

    line: int = 0


def _records(path: Path) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(_read_text(path), newline=""), strict=True)
    records = []
    start = 1
    try:
        for record in reader:
            if record:
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        limit = csv.field_size_limit()
        hint = (
            f"a field is longer than {limit:,} characters: shorten it, or close a quote"
            if "field limit" in str(error)
            else f"{error}: check the quotes"
        )
        msg = f"{path} line {reader.line_num}: {hint}"
        raise AuthoredDataError(msg) from error
    if not records:
        msg = f"{path} is empty: it needs a header row"
        raise AuthoredDataError(msg)
    return records


def _header(path: Path, header: list[str], columns: tuple[str, ...]) -> None:
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        msg = f"{path}: column(s) {', '.join(repeated)} appear more than once in the header"
        raise AuthoredDataError(msg)
    missing = [name for name in columns if name not in header]
    if missing:
        msg = f"{path}: missing column(s) {', '.join(missing)}"
        raise AuthoredDataError(msg)


def read_csv(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file whose rows must each have the ``required`` fields filled.

    Rows are split by the CSV rules only (a line break, U+2028 or U+0085 inside a quoted
    field stays in the field); a byte order mark is accepted.

    Parameters
    ----------
    path
        CSV file with a header row and an ``id`` column.
    required
        Columns that must exist and be non-empty in every row.
    optional
        Columns that must exist but may be empty.

    Returns
    -------
    list of dict
        One :class:`Row` per record.

    Raises
    ------
    AuthoredDataError
        When the file is missing or unreadable, is not CSV, lacks a column, has a row with the
        wrong number of fields, an empty required field, a control character in a field, a
        link that is not http(s), or a repeated id; the message names the file and line.
    """
    (_, header), *records = _records(path)
    _header(path, header, required + optional)
    if not records:
        msg = f"{path} has no rows"
        raise AuthoredDataError(msg)
    rows: list[dict[str, str]] = []
    for line, record in records:
        where = f"{path} line {line}"
        if len(record) != len(header):
            msg = f"{where} ({record[0]!r}): {len(record)} fields, the header has {len(header)}"
            raise AuthoredDataError(msg)
        row = Row(zip(header, record, strict=True))
        row.line = line
        for name, value in row.items():
            check_field(value, f"{where} ({row.get('id')!r})", name)
        problem = id_problem(row["id"]) if "id" in row else None
        if problem:
            msg = f"{where}: {problem}"
            raise AuthoredDataError(msg)
        empty = [name for name in required if not row[name].strip()]
        if empty:
            msg = f"{path}: feature '{row.get('id')}' has no {', '.join(empty)}"
            raise AuthoredDataError(msg)
        rows.append(row)
    ids = [row["id"] for row in rows]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        msg = f"{path}: duplicate id(s) {', '.join(duplicates)}"
        raise AuthoredDataError(msg)
    return rows


def _key_line(text: str, key: str) -> str:
    """Return `` line N`` of the first line setting ``key``, or ``""`` when not found."""
    found = re.search(rf"^\s*{re.escape(key)}\s*=", text, flags=re.MULTILINE)
    if found is None:
        return ""
    line = text.count("\n", 0, found.start()) + 1
    return f" line {line}"


def _check_toml(data: dict[str, Any], text: str, path: Path, prefix: str = "") -> None:
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                _check_toml(item, text, path, f"{prefix}{key}.")
            elif isinstance(item, str):
                check_field(item, f"{path}{_key_line(text, key)}", prefix + key)


def read_toml(path: Path) -> dict[str, Any]:
    """Read a UTF-8 TOML file, refusing control characters and links that are not http(s).

    Parameters
    ----------
    path
        TOML file.

    Returns
    -------
    dict
    """
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = f"{path} is not valid TOML: {error}"
        raise AuthoredDataError(msg) from error
    _check_toml(data, text, path)
    return data


def toml_text(data: dict[str, Any], key: str, path: Path, *, required: bool = True) -> str:
    """Return a text value of a TOML file.

    Parameters
    ----------
    data
        The parsed file.
    key
        Key to read.
    path
        File, for the message.
    required
        Refuse a missing or empty value; otherwise it reads as ``""``.

    Returns
    -------
    str
    """
    value = data.get(key, "")
    if not isinstance(value, str):
        msg = f"{path}: {key} must be text in quotes, not {value!r}"
        raise AuthoredDataError(msg)
    if required and not value.strip():
        msg = f"{path}: missing {key}"
        raise AuthoredDataError(msg)
    return value


def toml_number(data: dict[str, Any], key: str, path: Path, *, within: Range) -> float:
    """Return a number of a TOML file, refusing text, NaN, infinity and implausible values.

    Parameters
    ----------
    data
        The parsed file.
    key
        Key to read.
    path
        File, for the message.
    within
        Plausible values.

    Returns
    -------
    float
    """
    value = data.get(key)
    if value is None:
        msg = f"{path}: missing {key}"
        raise AuthoredDataError(msg)
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{path}: {key} must be a number (without quotes), not {value!r}"
        raise AuthoredDataError(msg)
    problem = within.problem(value)
    if problem:
        msg = f"{path}: {key}: {problem}"
        raise AuthoredDataError(msg)
    return float(value)


def number(row: dict[str, str], column: str, path: Path, *, within: Range) -> float | None:
    """Parse an optional number from a CSV row.

    Parameters
    ----------
    row
        CSV row.
    column
        Column to parse.
    path
        File, for the message.
    within
        Plausible values; NaN and infinity are always refused.

    Returns
    -------
    float or None
        ``None`` for an empty cell.
    """
    text = row[column].strip()
    if not text:
        return None
    line = getattr(row, "line", 0)
    where = f"{path} line {line}" if line else str(path)
    try:
        value = float(text)
    except ValueError as error:
        msg = f"{where}: feature '{row['id']}' has a non-numeric {column}: {text!r}"
        raise AuthoredDataError(msg) from error
    problem = within.problem(value)
    if problem:
        msg = f"{where}: feature '{row['id']}', {column}: {problem}"
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
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        msg = f"{origin}: feature '{feature_id}' has non-finite coordinates"
        raise AuthoredDataError(msg)
    if not geometry.is_valid:
        why = shapely.is_valid_reason(geometry)
        msg = f"{origin}: feature '{feature_id}' has an invalid geometry ({why})"
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
    lon = number(row, "lon", path, within=COORDINATE)
    lat = number(row, "lat", path, within=COORDINATE)
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
    for row in read_csv(path, REFERENCE_REQUIRED, ("radius_m",)):
        points[row["id"]] = ReferencePoint(
            id=row["id"],
            name_vi=row["name_vi"],
            kind=row["kind"],
            point=point_from(row, path),
            radius_m=number(row, "radius_m", path, within=ACCURACY_M),
            basis=row["basis"],
            source=row["source"],
        )
    return points
