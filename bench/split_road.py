"""Benchmark part: a warm build after importing ĐT495B cut into 3,000 OpenStreetMap ways."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path

import osmium
from shapely.geometry import LineString

from geo.authored import default_dir
from geo.osm.importer import import_osm

SPLIT_WAYS = 3000
SPLIT_COURSE = [(105.905, 20.412), (105.932, 20.414), (105.936, 20.428), (105.964, 20.441),
                (106.006, 20.44), (106.043, 20.473)]  # fmt: skip
"""A synthetic course of ĐT495B (the tests' fixture), cut into SPLIT_WAYS ways."""


def split_road_build(work: Path, command: list[str], runs: int = 3) -> float:
    """Return the median warm build time with ĐT495B imported from 3,000 ways."""
    authored = work / "split-authored"
    shutil.copytree(default_dir(), authored)
    course, extract = LineString(SPLIT_COURSE), work / "split.osm.pbf"
    stops = [course.interpolate(i / SPLIT_WAYS, normalized=True) for i in range(SPLIT_WAYS + 1)]
    with osmium.SimpleWriter(str(extract)) as writer:
        for node, stop in enumerate(stops, start=1):
            writer.add_node(osmium.osm.mutable.Node(id=node, location=(stop.x, stop.y)))
        for way in range(1, SPLIT_WAYS + 1):  # numbered from the east end
            first = SPLIT_WAYS + 1 - way
            tags = {"highway": "primary", "ref": "ĐT495B"}
            writer.add_way(osmium.osm.mutable.Way(id=way, nodes=[first, first + 1], tags=tags))
    import_osm(extract, authored)
    build = [*command, "build", "--authored-dir", str(authored)]
    build += ["--layers-dir", str(work / "split-layers"), "--output-dir", str(work / "split-out")]
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(build, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])
