"""The ``import-edits`` subcommand: its arguments and its run (exit codes live in geo.cli)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Import contributions: a GeoPackage edited in QGIS (the export's editing kit), or any file GDAL
reads (GeoJSON from geojson.io or from the map's layers, KML…), in any CRS (VN-2000 included).
Each edit gives an existing feature a new geometry (T1's route, a moved point, the footprint
of an industrial area) or adds a feature, and must say where it comes from: source,
location_basis ('digitised: traced on imagery by …'), accuracy_m > 0, contributor, date.
The edits are checked (everything `validate` checks, plausibility bounds, same-id
conflicts); if any is refused, the command lists every problem, exits with 4 and changes
nothing. Otherwise they are added to contributions.geojson in the authored-data folder
(--authored-dir, else the checkout's geo/data; CC BY 4.0, reviewed and committed like the
other authored data), which every later `build` applies. Importing the same file again
changes nothing.
"""


def add_import_edits(
    commands: Any, epilog: str, parents: Sequence[argparse.ArgumentParser] = ()
) -> None:
    """Register ``import-edits`` with the CLI's subcommands.

    Parameters
    ----------
    commands
        The object returned by ``ArgumentParser.add_subparsers``.
    epilog
        The CLI's examples, settings and exit codes.
    parents
        Parsers of the options it shares with other commands (where sources come from).
    """
    parser = commands.add_parser(
        "import-edits",
        parents=list(parents),
        help="import contributed geometry with its provenance (QGIS, GeoJSON, KML…)",
        description=DESCRIPTION,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, help="edited GeoPackage, GeoJSON, KML… (any CRS)")
    parser.add_argument(
        "--authored-dir",
        type=Path,
        help="authored-data folder to compare with and to write contributions.geojson into "
        "(default: the checkout's geo/data)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the report, write nothing")


def _say(message: str) -> None:
    sys.stderr.write(f"· {message}\n")


def run_import_edits(args: argparse.Namespace) -> int:
    """Run ``import-edits``: print the report and say where it wrote.

    Parameters
    ----------
    args
        Parsed arguments.

    Returns
    -------
    int
        0; a refusal propagates as :class:`geo.edits.importer.RefusedEditsError` (an
        :class:`geo.authored.AuthoredDataError`, exit 4), a missing folder to write into as
        :class:`geo.io.OutputError`, which the CLI turns into exit codes.
    """
    from geo.authored import default_dir  # noqa: PLC0415 (imported when the command runs)
    from geo.edits.importer import import_edits  # noqa: PLC0415
    from geo.sources import SourceSettings  # noqa: PLC0415
    from geo.workspace import authored_dir_for_writing  # noqa: PLC0415

    if args.dry_run:
        folder = args.authored_dir or default_dir()
    else:
        folder = authored_dir_for_writing(args.authored_dir)
    settings = SourceSettings.from_env(
        data_dir=args.data_dir, offline=args.offline, cache_dir=args.cache_dir
    )
    sys.stderr.write(f"· authored-data folder: {folder}\n")
    outcome = import_edits(args.file, folder, settings, dry_run=args.dry_run, progress=_say)
    sys.stdout.write(outcome.report)
    for path in outcome.written:
        sys.stderr.write(f"· wrote {path}\n")
    return 0
