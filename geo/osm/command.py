"""The ``import-osm`` subcommand: its arguments and its run (exit codes live in geo.cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Match an OpenStreetMap extract (.osm.pbf or .osm, e.g. Geofabrik's Vietnam extract) to the
map's features: ĐT495B, T1, T4, the KCN/CCN, plus QL1A, the Cầu Giẽ–Ninh Bình expressway,
QL21A and the Đáy river. The result is kept as osm_import.geojson in the authored-data folder
(--authored-dir, else the checkout's geo/data; never an installed package) with
osm_import_report.md, and every later `build` with that folder uses it. Unmatched and
ambiguous features keep their previous geometry and are listed in the report. A malformed file
changes nothing.

A match must be plausible (geo/osm/plausible.py): an industrial outline of 10–1,000 ha (KCN)
or 5–150 ha (CCN), or within x2 of a known area_ha, whose centre lies within the position's
accuracy plus the outline's own radius; a road 0.3–2.2 times its published length and within
its schematic line's accuracy. Anything else is reported as unmatched with the reason and the
OSM id. Unusable objects (missing or out-of-range nodes, one-node ways, tags over 255
characters or holding control characters, multipolygons with missing members) are skipped
with a line in the report.

A malformed file, or one that does not cover the map frame (lon 105.75-106.20, lat
20.30-20.66), changes nothing and exits with 3 (source problem).
"""


def add_import_osm(commands: Any, epilog: str) -> None:
    """Register ``import-osm`` with the CLI's subcommands.

    Parameters
    ----------
    commands
        The object returned by ``ArgumentParser.add_subparsers``.
    epilog
        The CLI's examples, settings and exit codes.
    """
    parser = commands.add_parser(
        "import-osm",
        help="upgrade roads and industrial areas from an OpenStreetMap extract",
        description=DESCRIPTION,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, help="OpenStreetMap extract (.osm.pbf or .osm)")
    parser.add_argument(
        "--authored-dir",
        type=Path,
        help="authored-data folder to read and to write the import into "
        "(default: the checkout's geo/data)",
    )


def run_import_osm(args: argparse.Namespace) -> int:
    """Run ``import-osm``: print the report and the files written.

    Parameters
    ----------
    args
        Parsed arguments (``file``, ``authored_dir``).

    Returns
    -------
    int
        0; errors propagate as :class:`geo.sources.SourceError` (the extract),
        :class:`geo.authored.AuthoredDataError` or :class:`geo.io.OutputError` (no folder to
        write into), which the CLI turns into exit codes.
    """
    from geo.osm.importer import import_osm  # noqa: PLC0415 (imported when the command runs)
    from geo.workspace import authored_dir_for_writing  # noqa: PLC0415

    folder = authored_dir_for_writing(args.authored_dir)
    report, written = import_osm(args.file, folder)
    sys.stdout.write(report.to_markdown())
    for path in written:
        sys.stderr.write(f"· wrote {path}\n")
    return 0
