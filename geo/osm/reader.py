"""Reading an OpenStreetMap extract (``.osm`` or ``.osm.pbf``) with pyosmium."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import osmium
import shapely
from shapely.geometry.base import BaseGeometry

from geo.sources import SourceError

SUFFIXES: Final = (".osm.pbf", ".pbf", ".osm")
"""File names the import accepts (pyosmium picks the format from the suffix)."""
HEADER_TIMESTAMP_KEYS: Final = ("osmosis_replication_timestamp", "timestamp")
"""Header entries holding the time the extract was cut (Geofabrik and osmium write them)."""

Predicate = Callable[[Mapping[str, str]], bool]


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
    incomplete
        Kept ways or areas that could not be built (nodes missing from the extract,
        broken rings), as ``way/<id>`` or ``relation/<id>``.
    """

    name: str
    timestamp: str | None
    timestamp_origin: str
    ways: list[OsmObject] = field(default_factory=list)
    areas: list[OsmObject] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)


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


class _Collector:
    """Keeps the wanted ways and areas of a pass over the extract, with their geometry."""

    def __init__(self, keep_way: Predicate, keep_area: Predicate) -> None:
        self.keep_way, self.keep_area = keep_way, keep_area
        self.factory = osmium.geom.WKBFactory()
        self.ways: list[OsmObject] = []
        self.areas: list[OsmObject] = []
        self.incomplete: set[str] = set()

    def area(self, obj: osmium.osm.Area) -> None:
        tags = dict(obj.tags)
        if not self.keep_area(tags):
            return
        label = f"{'way' if obj.from_way() else 'relation'}/{obj.orig_id()}"
        try:
            geometry = shapely.from_wkb(self.factory.create_multipolygon(obj))
        except (RuntimeError, osmium.InvalidLocationError):
            self.incomplete.add(label)
            return
        if len(geometry.geoms) == 1:
            geometry = geometry.geoms[0]
        self.areas.append(OsmObject(label, tags, geometry))

    def way(self, obj: osmium.osm.Way) -> None:
        tags = dict(obj.tags)
        if not self.keep_way(tags):
            return
        label = f"way/{obj.id}"
        try:
            line = shapely.from_wkb(self.factory.create_linestring(obj))
        except (RuntimeError, osmium.InvalidLocationError):
            self.incomplete.add(label)
            return
        self.ways.append(OsmObject(label, tags, line))


def read_extract(path: Path, keep_way: Predicate, keep_area: Predicate) -> Extract:
    """Read the ways and areas of interest from an OSM extract.

    Node locations are cached so ways get their lines; closed ways and multipolygon relations
    become areas (pyosmium's area assembler). Only objects with a ``highway``, ``waterway`` or
    ``landuse`` tag reach Python, so a country extract reads in minutes, not hours.

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
        When the file is missing, not an OSM extract, empty or malformed.
    """
    _check_path(path)
    collector = _Collector(keep_way, keep_area)
    newest = _NewestTimestamp()
    try:
        _first_object(path)
        with osmium.io.Reader(str(path), osmium.osm.NOTHING) as reader:
            header_timestamp = _header_timestamp(reader.header())
        processor = (
            osmium.FileProcessor(str(path))
            .with_areas()
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY | osmium.osm.AREA))
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
    except RuntimeError as error:
        msg = f"{path} is not a readable OpenStreetMap extract: {error}"
        raise OsmFileError(msg) from error
    if header_timestamp is not None:
        stamp, origin = header_timestamp, "file header"
    elif newest.newest is not None:
        stamp, origin = _iso(newest.newest), "newest object"
    else:
        stamp, origin = None, "unknown"
    return Extract(
        path.name, stamp, origin, collector.ways, collector.areas, sorted(collector.incomplete)
    )
