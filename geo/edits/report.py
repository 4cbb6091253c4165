"""The report of ``import-edits``: what changed, measured in WGS 84 / UTM 48N (EPSG:32648).

For each accepted edit: the basis and accuracy before and after, the new geometry (its length
or area) and how far the feature moved: from the old point to the new point, or to the
footprint's centroid; for a line, the farthest the new line lies from the old one. Text from
the contributed file is printed with control characters escaped, so that it cannot drive the
terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.bases import format_accuracy, split_basis
from geo.edits.bounds import farthest_m
from geo.edits.review import Change, Review
from geo.metric import distance_m, to_metric


def printable(value: Any) -> str:
    r"""Return text with control characters (newlines, escapes) shown as escapes.

    Parameters
    ----------
    value
        Any value from a contributed file.

    Returns
    -------
    str

    Examples
    --------
    >>> printable("a\x1b[31mb")
    'a\\x1b[31mb'
    """
    text = str(value)
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _basis(location_basis: Any, accuracy: Any) -> str:
    if not isinstance(location_basis, str):
        return "none"
    label = split_basis(location_basis)[0].label_en
    missing = accuracy is None or (isinstance(accuracy, float) and math.isnan(accuracy))
    return f"{label}, {'no accuracy' if missing else format_accuracy(float(accuracy), 'en')}"


def describe_geometry(geometry: BaseGeometry | None) -> str:
    """Return a geometry's type and size (length or area, in UTM 48N).

    Parameters
    ----------
    geometry
        A lon/lat geometry, or ``None``.

    Returns
    -------
    str
    """
    if geometry is None:
        return "no geometry"
    metric = to_metric(geometry)
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        return f"{geometry.geom_type} of {metric.area / 1e4:.2f} ha"
    if geometry.geom_type in {"LineString", "MultiLineString"}:
        return f"{geometry.geom_type} of {metric.length / 1e3:.2f} km"
    return str(geometry.geom_type)


def movement(before: BaseGeometry | None, after: BaseGeometry) -> str:
    """Say how far a feature moved.

    Parameters
    ----------
    before, after
        lon/lat geometries (``before`` may be ``None``: newly drawn).

    Returns
    -------
    str
    """
    if before is None:
        return "newly drawn"
    if before.geom_type == "Point":
        target = after if after.geom_type == "Point" else after.centroid
        where = "the new point" if after.geom_type == "Point" else "the footprint's centroid"
        moved = f"moved {distance_m(before, target):.0f} m (from the old point to {where})"
        if after.geom_type != "Point":
            inside = after.buffer(0).covers(before)
            moved += "; the old point lies " + ("inside it" if inside else "outside it")
        return moved
    return f"lies at most {farthest_m(after, before):.0f} m from the previous geometry"


def _change_lines(change: Change) -> list[str]:
    contribution = change.contribution
    before = change.before
    kind = "new feature" if contribution.change == "new" else "new geometry"
    lines = [
        f"- {contribution.label} ({printable(change.name_vi)}): {kind}, "
        f"{describe_geometry(contribution.geometry)}",
        f"    basis:       {_basis(before.get('location_basis'), before.get('accuracy_m'))}"
        f" → {_basis(contribution.location_basis, contribution.accuracy_m)}",
        f"    position:    {movement(change.before_geometry, contribution.geometry)}",
        f"    source:      {printable(contribution.source)}",
        f"    contributor: {printable(contribution.contributor)}"
        + (f", {contribution.contribution_date}" if contribution.contribution_date else ""),
    ]
    if before.get("location_basis"):
        lines.append(f"    before:      {printable(before['location_basis'])}")
    lines.append(f"    after:       {printable(contribution.location_basis)}")
    return lines


def format_report(review: Review, file_name: str, unread: Sequence[str], outcome: str) -> str:
    """Return the report of an import.

    Parameters
    ----------
    review
        What the comparison found (without problems: those refuse the import).
    file_name
        Name of the contributed file.
    unread
        Tables of the file that were not read.
    outcome
        Last line: what was written where, or that nothing was.

    Returns
    -------
    str
    """
    lines = [
        f"# Contributions from {printable(file_name)}",
        "",
        f"{len(review.changes)} edit(s) accepted, {review.unchanged} feature(s) unchanged.",
    ]
    if unread:
        lines.append(f"Not read (not open to contributions): {', '.join(map(printable, unread))}.")
    if review.outdated:
        lines.append(
            f"Ignored, an earlier state of features upgraded since: {', '.join(review.outdated)}."
        )
    lines.append("")
    for change in review.changes:
        lines.extend(_change_lines(change))
    if review.changes:
        lines.append("")
    lines.append(outcome)
    return "\n".join(lines) + "\n"
