"""Command line: argument parsing and exit codes only."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.authored import AuthoredDataError
from geo.edits.command import add_import_edits, run_import_edits
from geo.io import OutputError
from geo.metric import VN2000_UTM48, WGS84
from geo.osm.command import add_import_osm, run_import_osm
from geo.pipeline import BuildOptions, run_build
from geo.qgis_export import export_qgis
from geo.sources import DATA_DIR_ENV, SOURCES, SourceError, SourceSettings, status
from geo.validate import ValidationError, validate_folder

EXPORT_CRS = {"wgs84": WGS84, "vn2000": VN2000_UTM48}

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_SOURCE = 3
EXIT_AUTHORED = 4
EXIT_OUTPUT = 5

EPILOG = f"""\
examples:
  thanh-liem-map build                          download sources if needed, build everything
  thanh-liem-map build --data-dir ../shared/data --offline
  thanh-liem-map export --crs vn2000            GeoPackage + QGIS project in VN-2000 / UTM 48N
  thanh-liem-map validate                       check the layers in ./layers
  thanh-liem-map sources                        list sources, licences and availability
  thanh-liem-map import-edits output/thanh_liem.gpkg   contributions edited in QGIS

settings:
  {DATA_DIR_ENV}   offline folder laid out like upstream (same as --data-dir)
  THANH_LIEM_OFFLINE    1 forbids any download (same as --offline)
  THANH_LIEM_CACHE_DIR  download cache (default: the user cache)

exit codes:
  {EXIT_OK} success   {EXIT_INVALID} validation problems   {EXIT_USAGE} usage error
  {EXIT_SOURCE} source file missing, unavailable, corrupt or with a wrong hash
  {EXIT_AUTHORED} authored data (geo/data) missing or invalid; import-edits refused the edits
  {EXIT_OUTPUT} an output cannot be written
"""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, help="offline source folder laid out like upstream"
    )
    common.add_argument("--offline", action="store_true", default=None, help="never download")
    common.add_argument("--cache-dir", type=Path, help="download cache folder")
    common.add_argument("--layers-dir", type=Path, default=Path("layers"), help="default: layers")
    common.add_argument("--output-dir", type=Path, default=Path("output"), help="default: output")
    parser = argparse.ArgumentParser(
        prog="thanh-liem-map",
        description="Build the Thanh Liêm industry map: GeoJSON layers, HTML map, QGIS export.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        parents=[common],
        help="build layers, map and exports",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("--layers-only", action="store_true", help="stop after the layers")
    build.add_argument(
        "--authored-dir", type=Path, help="authored inputs to use instead of the package's"
    )
    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the GeoPackage and QGIS project",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for command in (build, export):
        command.add_argument(
            "--crs",
            choices=sorted(EXPORT_CRS),
            default="wgs84",
            help="CRS of the GeoPackage layers: wgs84 (EPSG:4326) or vn2000 (EPSG:3405)",
        )
    commands.add_parser(
        "validate",
        parents=[common],
        help="check the layers",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands.add_parser(
        "sources",
        parents=[common],
        help="list sources and availability",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_import_osm(commands, EPILOG)
    add_import_edits(commands, EPILOG)
    return parser


def _settings(args: argparse.Namespace) -> SourceSettings:
    return SourceSettings.from_env(
        data_dir=args.data_dir, offline=args.offline, cache_dir=args.cache_dir
    )


def _progress(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    options = BuildOptions(
        sources=_settings(args),
        layers_dir=args.layers_dir,
        output_dir=args.output_dir,
        authored_dir=args.authored_dir,
        layers_only=args.layers_only,
        export_crs=EXPORT_CRS[args.crs],
    )
    for path in run_build(options, _progress):
        print(path)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    for path in export_qgis(args.layers_dir, args.output_dir, EXPORT_CRS[args.crs], _progress):
        print(path)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    problems = validate_folder(args.layers_dir)
    for problem in problems:
        print(f"✗ {problem}")
    if problems:
        print(f"{len(problems)} problem(s) in {args.layers_dir}", file=sys.stderr)
        return EXIT_INVALID
    print(f"✓ every layer in {args.layers_dir} passes")
    return EXIT_OK


def _sources(args: argparse.Namespace) -> int:
    settings = _settings(args)
    for source in SOURCES.values():
        print(f"{source.key}: {source.description}")
        print(f"  url:     {source.url}")
        print(f"  sha256:  {source.sha256}")
        print(f"  licence: {source.licence}; credit: {source.credit}")
        print(f"  status:  {status(source, settings)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit code (see ``--help``).
    """
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="· %(message)s", stream=sys.stderr)
    handlers = {"build": _build, "export": _export, "validate": _validate, "sources": _sources}
    handlers["import-osm"] = run_import_osm
    handlers["import-edits"] = run_import_edits
    try:
        return handlers[args.command](args)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_SOURCE
    except AuthoredDataError as error:
        print(f"error in authored data: {error}", file=sys.stderr)
        return EXIT_AUTHORED
    except ValidationError as error:
        print("error: the layers fail validation; nothing was written:", file=sys.stderr)
        for problem in error.problems:
            print(f"  ✗ {problem}", file=sys.stderr)
        return EXIT_INVALID
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_OUTPUT
