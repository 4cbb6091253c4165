"""Reading an OpenStreetMap extract (``.osm`` or ``.osm.pbf``) with pyosmium."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from unicodedata import category

import osmium
import shapely
from shapely.geometry.base import BaseGeometry

from geo.osm.report import Skipped
from geo.sources import SourceError

SUFFIXES: Final = (".osm.pbf", ".pbf", ".osm")
"""File names the import accepts (pyosmium picks the format from the suffix)."""
HEADER_TIMESTAMP_KEYS: Final = ("osmosis_replication_timestamp", "timestamp")
"""Header entries holding the time the extract was cut (Geofabrik and osmium write them)."""

MAX_TAG_LENGTH: Final = 255
"""Longest tag key or value OpenStreetMap accepts, in characters. An object with a longer one
was not made by OSM's editors; the import skips it (libosmium itself refuses a file with a
key or value over 1,024 bytes)."""
KEPT_CONTROLS: Final = frozenset("\t\n\r")
"""Control characters a tag may hold; an object with any other (NUL, escape, U+0085…) is
skipped: they mean nothing in a name and would be cut or refused by the products."""
MULTIPOLYGON_TYPES: Final = frozenset({"multipolygon", "boundary"})
"""Relation types pyosmium assembles into areas."""

_UNDEFINED: Final = osmium.osm.Location().x
"""Coordinate of a node location never set (the node is missing from the extract)."""

Predicate = Callable[[Mapping[str, str]], bool]
Bounds = tuple[float, float, float, float]


class OsmFileError(SourceError):
    """An OSM extract is missing, of an unknown format or malformed."""


@dataclass(frozen=True)
class OsmObject:
    """A way (as a line) or an area (as a polygon) read from the extract.

    Attributes
    ----------
    osm_id
        ``way/<id>`` or ``relation/<id>``.
    tags
        Its tags.
    geometry
        LineString for ways; Polygon or MultiPolygon for areas; lon/lat.
    """

    osm_id: str
    tags: dict[str, str]
    geometry: BaseGeometry


@dataclass(frozen=True)
class Extract:
    """What was read from an extract.

    Attributes
    ----------
    name
        File name of the extract.
    timestamp
        When the data was cut, ISO 8601 UTC (``2024-05-01T20:21:02Z``), or ``None``.
    timestamp_origin
        ``"file header"``, ``"newest object"`` or ``"unknown"``.
    ways
        Ways kept by the ``keep_way`` predicate, with their lines.
    areas
        Areas kept by the ``keep_area`` predicate, with their polygons.
    skipped
        Ways, areas and multipolygon relations the predicates wanted but that could not be
        built (nodes missing or out of range, a single node, an over-long tag, missing
        members, broken rings), with the reason.
    bounds
        lon/lat box (west, south, east, north) the extract covers, or ``None`` when it holds
        no located way.
    bounds_origin
        ``"file header"`` (the box the file declares) or ``"data"`` (the box of its
        ``highway``, ``waterway`` and ``landuse`` ways).
    """

    name: str
    timestamp: str | None
    timestamp_origin: str
    ways: list[OsmObject] = field(default_factory=list)
    areas: list[OsmObject] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    bounds: Bounds | None = None
    bounds_origin: str = "data"


class _NewestTimestamp:
    """A pyosmium handler remembering the newest object timestamp it sees."""

    def __init__(self) -> None:
        self.newest: datetime | None = None

    def see(self, obj: Any) -> None:
        stamp = obj.timestamp
        if stamp is not None and stamp.timestamp() > 0 and (not self.newest or stamp > self.newest):
            self.newest = stamp

    def node(self, obj: Any) -> None:
        self.see(obj)

    def way(self, obj: Any) -> None:
        self.see(obj)

    def relation(self, obj: Any) -> None:
        self.see(obj)


def _iso(stamp: datetime) -> str:
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _header_timestamp(header: osmium.io.Header) -> str | None:
    for key in HEADER_TIMESTAMP_KEYS:
        text = header.get(key, "").strip()
        if not text:
            continue
        try:
            return _iso(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            continue
    return None


def _header_bounds(header: osmium.io.Header) -> Bounds | None:
    box = header.box()
    if not box.valid():
        return None
    return (box.bottom_left.lon, box.bottom_left.lat, box.top_right.lon, box.top_right.lat)


def _check_path(path: Path) -> None:
    if not path.name.lower().endswith(SUFFIXES):
        msg = f"{path}: expected an OpenStreetMap extract ending in .osm.pbf or .osm"
        raise OsmFileError(msg)
    if not path.is_file():
        msg = f"OpenStreetMap extract not found: {path}"
        raise OsmFileError(msg)


def _first_object(path: Path) -> None:
    """Read the first object, so that an empty or foreign file fails before any work."""
    with osmium.io.Reader(str(path)) as reader:
        for _ in osmium.OsmFileIterator(reader):
            return
    msg = f"{path} holds no OpenStreetMap objects"
    raise OsmFileError(msg)


def _tag_problem(tags: Mapping[str, str]) -> str | None:
    texts = [text for item in tags.items() for text in item]
    longest = max(map(len, texts), default=0)
    if longest > MAX_TAG_LENGTH:
        return f"a tag key or value of {longest} characters (OpenStreetMap allows {MAX_TAG_LENGTH})"
    for text in texts:
        control = next((c for c in text if c not in KEPT_CONTROLS and category(c) == "Cc"), None)
        if control is not None:
            return f"a tag holds the invisible control character U+{ord(control):04X}"
    return None


def _node_problem(nodes: Any) -> str | None:
    if len(nodes) < 2:
        return f"a way of {len(nodes)} node(s); a line needs two"
    for node in nodes:
        location = node.location
        if location.valid():
            continue
        if location.x == _UNDEFINED:
            return f"node {node.ref} is missing from the extract"
        return f"node {node.ref} has coordinates out of range (lon ±180, lat ±90)"
    return None


class _Extent:
    """The lon/lat box of the located ways and areas seen (the ends of each way or ring)."""

    def __init__(self) -> None:
        self.west = self.south = math.inf
        self.east = self.north = -math.inf

    def add(self, nodes: Any) -> None:
        """Widen the box to the ends of a way or ring, where they have a location."""
        if not len(nodes):
            return
        for node in (nodes[0], nodes[-1]):
            location = node.location
            if location.valid():
                lon, lat = location.lon, location.lat
                self.west, self.east = min(self.west, lon), max(self.east, lon)
                self.south, self.north = min(self.south, lat), max(self.north, lat)

    def bounds(self) -> Bounds | None:
        if self.west > self.east:
            return None
        return (self.west, self.south, self.east, self.north)


class _Collector:
    """Keeps the wanted ways and areas of a pass over the extract, with their geometry."""

    def __init__(self, keep_way: Predicate, keep_area: Predicate) -> None:
        self.keep_way, self.keep_area = keep_way, keep_area
        self.factory = osmium.geom.WKBFactory()
        self.ways: list[OsmObject] = []
        self.areas: list[OsmObject] = []
        self.skipped: dict[str, str] = {}
        self.relations: dict[str, list[int]] = {}
        self.extent = _Extent()

    def area(self, obj: osmium.osm.Area) -> None:
        for ring in obj.outer_rings():
            self.extent.add(ring)
        tags = dict(obj.tags)
        if not self.keep_area(tags):
            return
        label = f"{'way' if obj.from_way() else 'relation'}/{obj.orig_id()}"
        problem = _tag_problem(tags)
        if problem:
            self.skipped[label] = problem
            return
        try:
            geometry = shapely.from_wkb(self.factory.create_multipolygon(obj))
        except (RuntimeError, osmium.InvalidLocationError) as error:
            self.skipped[label] = f"no outline could be built ({error})"
            return
        if len(geometry.geoms) == 1:
            geometry = geometry.geoms[0]
        self.areas.append(OsmObject(label, tags, geometry))

    def way(self, obj: osmium.osm.Way) -> None:
        self.extent.add(obj.nodes)
        tags = dict(obj.tags)
        if not self.keep_way(tags):
            return
        label = f"way/{obj.id}"
        problem = _tag_problem(tags) or _node_problem(obj.nodes)
        if problem:
            self.skipped[label] = problem
            return
        try:
            line = shapely.from_wkb(self.factory.create_linestring(obj))
        except (RuntimeError, osmium.InvalidLocationError) as error:
            self.skipped[label] = f"no line could be built ({error})"
            return
        self.ways.append(OsmObject(label, tags, line))

    def relation(self, obj: osmium.osm.Relation) -> None:
        tags = dict(obj.tags)
        if tags.get("type") in MULTIPOLYGON_TYPES and self.keep_area(tags):
            members = [member.ref for member in obj.members if member.type == "w"]
            self.relations[f"relation/{obj.id}"] = members

    def unassembled(self) -> None:
        """Note the wanted multipolygons pyosmium did not assemble (members missing)."""
        built = {area.osm_id for area in self.areas}
        for label, members in self.relations.items():
            if label in built or label in self.skipped:
                continue
            listed = ", ".join(map(str, members[:5])) + (", …" if len(members) > 5 else "")
            self.skipped[label] = (
                f"multipolygon not assembled: member ways missing from the extract "
                f"(it lists way(s) {listed or 'none'})"
            )

    def skipped_objects(self) -> list[Skipped]:
        def order(label: str) -> tuple[str, int]:
            kind, _, number = label.partition("/")
            return kind, int(number)

        return [Skipped(label, self.skipped[label]) for label in sorted(self.skipped, key=order)]


def read_extract(path: Path, keep_way: Predicate, keep_area: Predicate) -> Extract:
    """Read the ways and areas of interest from an OSM extract.

    Node locations are cached so ways get their lines; closed ways and multipolygon relations
    become areas (pyosmium's area assembler). Only objects with a ``highway``, ``waterway`` or
    ``landuse`` tag reach Python, so a country extract reads in minutes, not hours. A wanted
    object that cannot be used (see :attr:`Extract.skipped`) is skipped, never fatal.

    Parameters
    ----------
    path
        ``.osm.pbf`` or ``.osm`` file.
    keep_way
        Called with a way's tags; ways for which it is true are returned with their lines.
    keep_area
        Called with an area's tags; areas for which it is true are returned with polygons.

    Returns
    -------
    Extract

    Raises
    ------
    OsmFileError
        When the file is missing, not an OSM extract, empty or malformed (including
        coordinates that are not numbers and tags libosmium refuses to read).
    """
    _check_path(path)
    collector = _Collector(keep_way, keep_area)
    newest = _NewestTimestamp()
    try:
        _first_object(path)
        with osmium.io.Reader(str(path), osmium.osm.NOTHING) as reader:
            header_timestamp = _header_timestamp(reader.header())
            header_bounds = _header_bounds(reader.header())
        processor = (
            osmium.FileProcessor(str(path))
            .with_areas()
            .with_filter(
                osmium.filter.EntityFilter(osmium.osm.WAY | osmium.osm.AREA | osmium.osm.RELATION)
            )
            .with_filter(osmium.filter.KeyFilter("highway", "waterway", "landuse"))
        )
        if header_timestamp is None:
            processor.handler_for_filtered(newest)
        for obj in processor:
            newest.see(obj)
            if isinstance(obj, osmium.osm.Area):
                collector.area(obj)
            elif isinstance(obj, osmium.osm.Way):
                collector.way(obj)
            elif isinstance(obj, osmium.osm.Relation):
                collector.relation(obj)
    except (RuntimeError, ValueError, osmium.InvalidLocationError) as error:
        msg = f"{path} is not a readable OpenStreetMap extract: {error}"
        raise OsmFileError(msg) from error
    collector.unassembled()
    if header_timestamp is not None:
        stamp, origin = header_timestamp, "file header"
    elif newest.newest is not None:
        stamp, origin = _iso(newest.newest), "newest object"
    else:
        stamp, origin = None, "unknown"
    return Extract(
        name=path.name,
        timestamp=stamp,
        timestamp_origin=origin,
        ways=collector.ways,
        areas=collector.areas,
        skipped=collector.skipped_objects(),
        bounds=header_bounds or collector.extent.bounds(),
        bounds_origin="file header" if header_bounds else "data",
    )
