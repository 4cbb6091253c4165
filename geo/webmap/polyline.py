r"""Geometry written compactly for the page: lines and rings as Encoded Polyline strings.

The Encoded Polyline Algorithm (Google's, https://developers.google.com/maps/documentation/
utilities/polylinealgorithm) writes a line as printable ASCII: each latitude and longitude, in
units of ``10**-precision`` degrees, as the difference from the previous point, five bits a
character. At precision 5 a point takes a few characters instead of the twenty of a GeoJSON
pair, and it is exact: coordinates with five decimals decode to the same numbers.

Its characters are ``?`` (63) to ``~`` (126): no ``<``, ``>``, ``&`` or ``"``; only ``\`` is
escaped in JSON (as ``\\``). The page's script (``assets/thanh_liem.js``,
``decodeGeometry``) reads them back into GeoJSON coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

PRECISION: Final = 5
"""Decimals kept: :data:`geo.webmap.features.DISPLAY_DECIMALS`, the page's coordinates."""

LINE_DEPTH: Final = {
    "MultiPoint": 0,
    "LineString": 0,
    "MultiLineString": 1,
    "Polygon": 1,
    "MultiPolygon": 2,
}
"""How many list levels of a geometry's GeoJSON coordinates lie above its lines and rings."""


def _encode_number(delta: int) -> str:
    value = ~(delta << 1) if delta < 0 else delta << 1
    chars = []
    while value >= 0x20:
        chars.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chars.append(chr(value + 63))
    return "".join(chars)


def encode(points: Iterable[Sequence[float]], precision: int = PRECISION) -> str:
    """Return a line as an Encoded Polyline string.

    Parameters
    ----------
    points
        ``(lat, lon)`` pairs, in the algorithm's order.
    precision
        Decimals kept.

    Returns
    -------
    str
        E.g. ``_p~iF~ps|U_ulLnnqC_mqNvxq`@`` for
        ``[(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]``.
    """
    scale = 10**precision
    chars = []
    last_lat = last_lon = 0
    for lat, lon in points:
        units_lat, units_lon = round(lat * scale), round(lon * scale)
        chars.append(_encode_number(units_lat - last_lat))
        chars.append(_encode_number(units_lon - last_lon))
        last_lat, last_lon = units_lat, units_lon
    return "".join(chars)


def decode(text: str, precision: int = PRECISION) -> list[tuple[float, float]]:
    """Return the points of an Encoded Polyline string.

    Parameters
    ----------
    text
        From :func:`encode`.
    precision
        Decimals it keeps.

    Returns
    -------
    list of tuple
        ``(lat, lon)`` pairs; each number is ``units / 10**precision``, as the page's script
        computes it.
    """
    scale = 10**precision
    numbers: list[int] = []
    value = shift = 0
    for char in text:
        chunk = ord(char) - 63
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            numbers.append(~(value >> 1) if value & 1 else value >> 1)
            value = shift = 0
    points = []
    lat = lon = 0
    for delta_lat, delta_lon in zip(numbers[::2], numbers[1::2], strict=True):
        lat, lon = lat + delta_lat, lon + delta_lon
        points.append((lat / scale, lon / scale))
    return points


def _map_lines(value: Any, depth: int, line: Any) -> Any:
    if depth == 0:
        return line(value)
    return [_map_lines(item, depth - 1, line) for item in value]


def encode_geometry(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """Return a GeoJSON geometry with each line and ring as an Encoded Polyline string.

    Parameters
    ----------
    geometry
        GeoJSON geometry of a type in :data:`LINE_DEPTH`, coordinates ``[lon, lat]`` with
        at most :data:`PRECISION` decimals.

    Returns
    -------
    dict
        ``type`` and ``polylines``: the ``coordinates`` nested as in GeoJSON, each list of
        positions replaced by its string (points as ``(lat, lon)``).

    Raises
    ------
    ValueError
        For a ``Point`` or a ``GeometryCollection``: they have no line to encode.
    """
    kind = str(geometry["type"])
    if kind not in LINE_DEPTH:
        msg = f"a {kind} has no line to encode"
        raise ValueError(msg)
    return {
        "type": kind,
        "polylines": _map_lines(
            geometry["coordinates"],
            LINE_DEPTH[kind],
            lambda positions: encode((lat, lon) for lon, lat in positions),
        ),
    }


def decode_geometry(encoded: Mapping[str, Any]) -> dict[str, Any]:
    """Return the GeoJSON geometry of :func:`encode_geometry`'s output.

    Parameters
    ----------
    encoded
        ``type`` and ``polylines``.

    Returns
    -------
    dict
        ``type`` and ``coordinates``, positions as ``[lon, lat]`` lists.
    """
    kind = str(encoded["type"])
    return {
        "type": kind,
        "coordinates": _map_lines(
            encoded["polylines"],
            LINE_DEPTH[kind],
            lambda text: [[lon, lat] for lat, lon in decode(text)],
        ),
    }
