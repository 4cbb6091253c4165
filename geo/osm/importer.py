"""``thanh-liem-map import-osm``: an OSM extract → the override file the build applies."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

from geo.authored import default_dir, load_reference_points, read_csv
from geo.layer_files import write_files
from geo.osm.match import match_industrial_areas, match_lines
from geo.osm.normalise import folded_tags
from geo.osm.reader import Extract, OsmFileError, read_extract
from geo.osm.report import REPORT_FILENAME, ImportReport
from geo.osm.targets import FRAME, LINE_TARGETS
from geo.upgrades.osm import OVERRIDE_FILENAME, dumps_override

AREA_COLUMNS: Final = ("id", "name_vi", "name_en", "kind", "reference_point")
"""Columns of ``industrial_areas.csv`` the matching reads (``area_ha`` too, when present);
the build checks the whole file."""
ROAD_COLUMNS: Final = ("id", "name_vi", "name_en", "ref")
"""Columns of ``roads.csv`` the matching reads (``via_points`` too, when present)."""

_TOKENS: Final = frozenset().union(*(target.refs | target.names for target in LINE_TARGETS))
_PARTS: Final = tuple(target.name_parts for target in LINE_TARGETS if target.name_parts)


def _wanted_way(tags: Mapping[str, str]) -> bool:
    if "highway" not in tags and "waterway" not in tags:
        return False
    folded = folded_tags(tags)
    values = set().union(*folded.values())
    if not values & _TOKENS and not any(
        all(part in value for part in parts) for parts in _PARTS for value in values
    ):
        return False  # the quick test: no target could match
    return any(target.matches(tags, folded) for target in LINE_TARGETS)


def _wanted_area(tags: Mapping[str, str]) -> bool:
    return tags.get("landuse") == "industrial"


def _box(bounds: tuple[float, float, float, float]) -> str:
    west, south, east, north = bounds
    return f"lon {west:.4f}–{east:.4f}, lat {south:.4f}–{north:.4f}"


def coverage(extract: Extract) -> str:
    """Describe what an extract covers, and check that it covers the map frame.

    An extract whose header declares a box must cover the whole frame
    (:data:`geo.osm.targets.FRAME`): a cut that misses part of it would silently drop what
    lies there. Without a declared box, its ``highway``/``waterway``/``landuse`` ways must
    reach into the frame.

    Parameters
    ----------
    extract
        What was read from the extract.

    Returns
    -------
    str
        E.g. ``lon 102.1440–109.4690, lat 8.1800–23.3930 (file header)``.

    Raises
    ------
    geo.osm.reader.OsmFileError
        When it does not cover the frame (naming both boxes).
    """
    west, south, east, north = FRAME
    bounds = extract.bounds
    if bounds is None:
        covered = False
    elif extract.bounds_origin == "file header":
        covered = bounds[0] <= west and bounds[1] <= south and bounds[2] >= east
        covered = covered and bounds[3] >= north
    else:
        covered = bounds[0] <= east and bounds[2] >= west and bounds[1] <= north
        covered = covered and bounds[3] >= south
    described = f"{_box(bounds)} ({extract.bounds_origin})" if bounds else "no located way"
    if not covered:
        msg = (
            f"{extract.name} covers {described}, not the map frame {_box(FRAME)}: "
            "nothing was imported; use an extract of Vietnam or of Hà Nam and its neighbours"
        )
        raise OsmFileError(msg)
    return described


def import_osm(extract_path: Path, folder: Path | None = None) -> tuple[ImportReport, list[Path]]:
    """Match an OpenStreetMap extract to the project's features and keep the result.

    Writes ``osm_import.geojson`` (the override the build applies) and
    ``osm_import_report.md`` into the authored-data folder, both or neither: a missing or
    malformed extract, or a problem in the authored data, raises before anything is written.

    Parameters
    ----------
    extract_path
        ``.osm.pbf`` or ``.osm`` file (e.g. a Geofabrik extract of Vietnam).
    folder
        Authored-data folder; defaults to the package's ``geo/data``.

    Returns
    -------
    tuple
        The report and the two files written.

    Raises
    ------
    geo.osm.reader.OsmFileError
        When the extract is missing, of an unknown format, empty or malformed, or does not
        cover the map frame (:func:`coverage`).
    geo.authored.AuthoredDataError
        When the authored data cannot be read.
    """
    folder = folder or default_dir()
    points = load_reference_points(folder)
    industrial_path = folder / "industrial_areas.csv"
    industrial_rows = read_csv(industrial_path, AREA_COLUMNS)
    road_rows = {row["id"]: row for row in read_csv(folder / "roads.csv", ROAD_COLUMNS)}
    extract = read_extract(extract_path, _wanted_way, _wanted_area)
    covered = coverage(extract)
    area_features, area_entries = match_industrial_areas(
        extract, industrial_rows, points, industrial_path
    )
    line_features, line_entries = match_lines(extract, road_rows, points, folder / "roads.csv")
    report = ImportReport(
        extract=extract.name,
        timestamp=extract.timestamp,
        timestamp_origin=extract.timestamp_origin,
        entries=tuple(area_entries + line_entries),
        skipped=tuple(extract.skipped),
        coverage=covered,
    )
    description = {
        "file": extract.name,
        "timestamp": extract.timestamp,
        "timestamp_origin": extract.timestamp_origin,
        "licence": "ODbL 1.0",
    }
    contents = {
        folder / OVERRIDE_FILENAME: dumps_override(area_features + line_features, description),
        folder / REPORT_FILENAME: report.to_markdown(),
    }
    write_files(contents)
    return report, list(contents)
