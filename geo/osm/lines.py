"""Joining the ways of one road or river into an ordered line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from geo.osm.targets import FRAME, Start

_SNAP_DEGREES: Final = 1e-7
"""Ends closer than this (about 1 cm) are the same node written twice."""


def _oriented(line: LineString, start: Start) -> LineString:
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    first_wins = (x0, -y0) <= (x1, -y1) if start == "west" else (-y0, x0) <= (-y1, x1)
    return line if first_wins else LineString(line.coords[::-1])


def _start_key(line: LineString, start: Start) -> tuple[float, float]:
    x, y = line.coords[0]
    return (x, -y) if start == "west" else (-y, x)


def merge_lines(
    lines: Sequence[LineString], start: Start = "west", *, clip: bool = False
) -> tuple[LineString | MultiLineString, int]:
    """Join ways into as few lines as their shared end nodes allow, in a fixed order.

    The result does not depend on the order or the direction of the ways in the file: the
    pieces are joined with :func:`shapely.line_merge`, each piece then runs from its western
    (or northern) end, and several pieces are sorted by where they start.

    Parameters
    ----------
    lines
        Way geometries, lon/lat, in any order and direction.
    start
        ``"west"``: lines run west → east; ``"north"``: north → south.
    clip
        Cut the lines to the map frame first (:data:`geo.osm.targets.FRAME`).

    Returns
    -------
    tuple
        The LineString (or MultiLineString when the ways do not join into one line) and the
        number of pieces.

    Raises
    ------
    ValueError
        When nothing is left (no lines, or none inside the frame).
    """
    merged: BaseGeometry = shapely.line_merge(
        shapely.set_precision(shapely.MultiLineString(list(lines)), _SNAP_DEGREES)
    )
    if clip:
        merged = shapely.line_merge(shapely.clip_by_rect(merged, *FRAME))
    parts = [
        part
        for part in shapely.get_parts(merged)
        if isinstance(part, LineString) and not part.is_empty and part.length > 0
    ]
    if not parts:
        msg = "no line left to merge"
        raise ValueError(msg)
    pieces = sorted((_oriented(part, start) for part in parts), key=lambda p: _start_key(p, start))
    if len(pieces) == 1:
        return pieces[0], 1
    return MultiLineString(pieces), len(pieces)
