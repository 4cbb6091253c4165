"""A tiny writer of synthetic OSM files (XML by hand, PBF converted with pyosmium).

Coordinates are placed near the project's reference points so that matching can be tested;
they are test fixtures, not data, and are never shipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import osmium

Coordinate = tuple[float, float]


Bounds = tuple[float, float, float, float]


@dataclass
class OsmBuilder:
    """Nodes and ways of a synthetic extract; ways that share a coordinate share the node.

    ``bounds`` (west, south, east, north), when given, is written as the file's declared box
    (``<bounds>`` in XML, the header box in PBF).
    """

    object_timestamp: str | None = "2024-04-30T10:00:00Z"
    bounds: Bounds | None = None
    nodes: dict[Coordinate, int] = field(default_factory=dict)
    ways: list[tuple[int, list[int], dict[str, str]]] = field(default_factory=list)
    relations: list[tuple[int, list[int], dict[str, str]]] = field(default_factory=list)
    next_way: int = 1000

    def _node(self, coordinate: Coordinate) -> int:
        key = (round(coordinate[0], 7), round(coordinate[1], 7))
        if key not in self.nodes:
            self.nodes[key] = len(self.nodes) + 1
        return self.nodes[key]

    def way(self, coordinates: Sequence[Coordinate], tags: Mapping[str, str]) -> str:
        """Add a way through ``coordinates`` (lon, lat); return its ``way/<id>``."""
        self.next_way += 1
        self.ways.append((self.next_way, [self._node(c) for c in coordinates], dict(tags)))
        return f"way/{self.next_way}"

    def way_of_nodes(self, node_ids: Sequence[int], tags: Mapping[str, str]) -> str:
        """Add a way through nodes given by id (which may be missing from the file)."""
        self.next_way += 1
        self.ways.append((self.next_way, list(node_ids), dict(tags)))
        return f"way/{self.next_way}"

    def node(self, coordinate: Coordinate) -> int:
        """Return the id of the node at ``coordinate`` (lon, lat), adding it if needed."""
        return self._node(coordinate)

    def square(self, centre: Coordinate, half: float, tags: Mapping[str, str]) -> str:
        """Add a closed square way of half-width ``half`` degrees around ``centre``."""
        lon, lat = centre
        ring = [
            (lon - half, lat - half),
            (lon + half, lat - half),
            (lon + half, lat + half),
            (lon - half, lat + half),
            (lon - half, lat - half),
        ]
        return self.way(ring, tags)

    def multipolygon(self, outer_ways: Sequence[str], tags: Mapping[str, str]) -> str:
        """Add a multipolygon relation of untagged outer ways; return its ``relation/<id>``."""
        relation_id = 500 + len(self.relations)
        refs = [int(way.removeprefix("way/")) for way in outer_ways]
        self.relations.append((relation_id, refs, {"type": "multipolygon", **tags}))
        return f"relation/{relation_id}"

    def xml(self) -> str:
        """Return the extract as OSM XML (no header timestamp: osmium ignores it in XML)."""
        stamp = f" timestamp={quoteattr(self.object_timestamp)}" if self.object_timestamp else ""
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="tests">']
        if self.bounds:
            west, south, east, north = self.bounds
            lines.append(
                f'  <bounds minlat="{south}" minlon="{west}" maxlat="{north}" maxlon="{east}"/>'
            )
        for (lon, lat), node_id in sorted(self.nodes.items(), key=lambda item: item[1]):
            lines.append(f'  <node id="{node_id}" version="1"{stamp} lat="{lat}" lon="{lon}"/>')
        for way_id, refs, tags in self.ways:
            lines.append(f'  <way id="{way_id}" version="1"{stamp}>')
            lines.extend(f'    <nd ref="{ref}"/>' for ref in refs)
            lines.extend(
                f"    <tag k={quoteattr(key)} v={quoteattr(value)}/>" for key, value in tags.items()
            )
            lines.append("  </way>")
        for relation_id, refs, tags in self.relations:
            lines.append(f'  <relation id="{relation_id}" version="1"{stamp}>')
            lines.extend(f'    <member type="way" ref="{ref}" role="outer"/>' for ref in refs)
            lines.extend(
                f"    <tag k={quoteattr(key)} v={quoteattr(value)}/>" for key, value in tags.items()
            )
            lines.append("  </relation>")
        lines.append("</osm>")
        return "\n".join(lines) + "\n"

    def write_xml(self, path: Path) -> Path:
        path.write_text(self.xml(), encoding="utf-8")
        return path

    def write_pbf(self, path: Path, header_timestamp: str | None = None) -> Path:
        """Write the XML, then convert it to PBF with pyosmium (header timestamp optional)."""
        xml = self.write_xml(path.with_name(path.name.removesuffix(".osm.pbf") + ".src.osm"))
        header = osmium.io.Header()
        header.set("generator", "tests")
        if header_timestamp:
            header.set("osmosis_replication_timestamp", header_timestamp)
        if self.bounds:
            west, south, east, north = self.bounds
            header.add_box(osmium.osm.Box(west, south, east, north))
        writer = osmium.SimpleWriter(str(path), header=header, overwrite=True)
        try:
            for obj in osmium.FileProcessor(str(xml)):
                writer.add(obj)
        finally:
            writer.close()
        xml.unlink()
        return path
