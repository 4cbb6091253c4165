"""Synthetic OpenStreetMap extracts shared by the import tests, and readers of their results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo.osm.report import ImportReport
from geo.upgrades.osm import OVERRIDE_FILENAME
from tests.osm.builder import OsmBuilder

KCN_POINT = (105.9075142, 20.4977133)  # kcn_thanh_liem_published in reference_points.csv
HEADER_TIMESTAMP = "2024-05-01T20:21:02Z"
OBJECT_TIMESTAMP = "2024-04-30T10:00:00Z"
# ĐT495B's synthetic course, west → east, cut into ways given out of order and direction
DT495B = [
    (105.905, 20.412),
    (105.932, 20.414),
    (105.936, 20.428),
    (105.964, 20.441),
    (106.006, 20.44),
    (106.043, 20.473),
]


def full_extract() -> tuple[OsmBuilder, dict[str, Any]]:
    """One of each kind: clean matches, an ambiguous road, an unmatched cluster."""
    osm = OsmBuilder(object_timestamp=OBJECT_TIMESTAMP)
    ids: dict[str, Any] = {}
    ids["kcn"] = osm.square(KCN_POINT, 0.003, {"landuse": "industrial"})
    ids["ccn_thanh_hai"] = osm.square(
        (105.912, 20.388), 0.002, {"landuse": "industrial", "name": "Cụm công nghiệp Thanh Hải"}
    )
    osm.square((105.95, 20.52), 0.001, {"landuse": "industrial", "name": "Công ty ABC"})
    p = DT495B
    primary = {"highway": "primary"}
    ids["dt495b"] = [
        osm.way(
            [p[4], p[5]], {"highway": "construction", "construction": "primary", "ref": "495B"}
        ),
        osm.way([p[2], p[3]], {**primary, "ref": "ĐT.495B"}),
        osm.way([p[1], p[2]], {**primary, "ref": "ĐT 495B"}),
        osm.way([p[1], p[0]], {**primary, "ref": "DT495B"}),
        osm.way([p[4], p[3]], {**primary, "ref": "ĐT495B"}),
    ]
    ids["proposed"] = osm.way(
        [(106.05, 20.48), (106.08, 20.52)], {"highway": "proposed", "ref": "ĐT495B"}
    )
    ids["t1"] = osm.way(
        [(105.925, 20.47), (105.94, 20.475), (105.95, 20.48)],
        {"highway": "secondary", "name": "Đường T1"},
    )
    ids["t4"] = [
        osm.way([(105.90, 20.45), (105.91, 20.455)], {"highway": "tertiary", "name": "Đường T4"}),
        osm.way([(105.97, 20.50), (105.98, 20.505)], {"highway": "tertiary", "name": "Đường T4"}),
    ]
    ids["ql1a"] = [
        osm.way([(105.915, 20.20), (105.912, 20.45)], {"highway": "trunk", "ref": "QL.1A"}),
        osm.way([(105.912, 20.45), (105.905, 20.75)], {"highway": "trunk", "ref": "QL1A;AH1"}),
    ]
    ids["expressway"] = [
        osm.way(
            [(105.96, 20.25), (105.955, 20.44)],
            {"highway": "motorway", "name": "Đường cao tốc Cầu Giẽ – Ninh Bình"},
        ),
        osm.way([(105.955, 20.44), (105.93, 20.70)], {"highway": "motorway", "ref": "CT.01"}),
    ]
    ids["ql21a"] = osm.way(
        [(105.90, 20.55), (106.0, 20.52), (106.10, 20.47)], {"highway": "trunk", "ref": "QL21A"}
    )
    ids["ql21b"] = osm.way([(106.0, 20.52), (106.1, 20.60)], {"highway": "trunk", "ref": "QL21B"})
    ids["day"] = [
        osm.way([(105.94, 20.35), (105.96, 20.20)], {"waterway": "river", "name": "Sông Đáy"}),
        osm.way(
            [(105.93, 20.70), (105.92, 20.50), (105.94, 20.35)],
            {"waterway": "river", "name": "Sông Đáy"},
        ),
    ]
    osm.way([(105.92, 20.40), (105.93, 20.41)], {"highway": "residential", "name": "Ngõ 5"})
    return osm, ids


def write_extract(osm: OsmBuilder, folder: Path, fmt: str) -> Path:
    if fmt == "osm":
        return osm.write_xml(folder / "extract.osm")
    return osm.write_pbf(folder / "extract.osm.pbf", HEADER_TIMESTAMP)


def override(folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((folder / OVERRIDE_FILENAME).read_text(encoding="utf-8"))
    return {feature["properties"]["id"]: feature for feature in data["features"]}


def outcomes(report: ImportReport) -> dict[str, str]:
    return {entry.id: entry.outcome for entry in report.entries}
