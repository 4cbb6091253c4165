"""Command line: argument parsing and exit codes only.

Only light modules are imported here; each command imports what it runs when it runs, so
that ``thanh-liem-map --help`` answers at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from geo import __version__
from geo._env import CACHE_ENV, DATA_DIR_ENV, DEBUG_ENV, OFFLINE_ENV
from geo._errors import (
    EXIT_AUTHORED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_SOFTWARE,
    EXIT_SOURCE,
    EXIT_USAGE,
    AuthoredDataError,
    GeoError,
    ValidationError,
)
from geo.bases import LANGS
from geo.edits.command import add_import_edits, run_import_edits
from geo.figure.options import DEFAULT_WIDTH_CM, WIDTH_RANGE_CM
from geo.osm.command import add_import_osm, run_import_osm

if TYPE_CHECKING:
    from geo.sources import SourceSettings

__all__ = [
    "EXIT_AUTHORED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_SOFTWARE",
    "EXIT_SOURCE",
    "EXIT_USAGE",
    "main",
]

EXPORT_CRS = {"wgs84": "EPSG:4326", "vn2000": "EPSG:3405"}
"""CRS of the GeoPackage layers by ``--crs`` name: WGS 84, or VN-2000 / UTM 48N."""

EPILOG = f"""\
examples:
  thanh-liem-map build                          download sources if needed, build everything
  thanh-liem-map build --data-dir ../shared/data --offline
  thanh-liem-map export --crs vn2000            GeoPackage + QGIS project in VN-2000 / UTM 48N
  thanh-liem-map figure --lang vi --width-cm 8  the locator figure for an 8 cm column
  thanh-liem-map validate                       check the layers in ./layers
  thanh-liem-map sources                        list sources, licences and availability
  thanh-liem-map import-edits output/thanh_liem.gpkg   contributions edited in QGIS

settings:
  {DATA_DIR_ENV}   offline folder laid out like upstream (same as --data-dir)
  {OFFLINE_ENV}    1 forbids any download (same as --offline)
  {CACHE_ENV}  download cache (default: the user cache)
  {DEBUG_ENV}      1 shows the traceback of an unexpected error

exit codes:
  {EXIT_OK} success   {EXIT_INVALID} validation problems   {EXIT_USAGE} usage error
  {EXIT_SOURCE} source file missing, unreadable, unavailable, corrupt or with a wrong hash
  {EXIT_AUTHORED} authored data (geo/data or --authored-dir) missing, unreadable or invalid;
        import-edits refused the edits
  {EXIT_OUTPUT} an output cannot be written or replaced (unwritable, full disk, locked file)
  {EXIT_SOFTWARE} unexpected error: a bug, please report it
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    sources = _Parser(add_help=False)  # where source files come from
    sources.add_argument(
        "--data-dir", type=Path, help="offline source folder laid out like upstream"
    )
    sources.add_argument("--offline", action="store_true", default=None, help="never download")
    sources.add_argument("--cache-dir", type=Path, help="download cache folder")
    common = _Parser(add_help=False, parents=[sources])
    common.add_argument("--layers-dir", type=Path, default=Path("layers"), help="default: layers")
    common.add_argument("--output-dir", type=Path, default=Path("output"), help="default: output")
    parser = _Parser(
        prog="thanh-liem-map",
        description="Build the Thanh Liêm industry map: GeoJSON layers, HTML map, QGIS export.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        parents=[common],
        help="build layers, map and exports",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("--layers-only", action="store_true", help="stop after the layers")
    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the GeoPackage and QGIS project",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for command in (build, export):
        command.add_argument(
            "--authored-dir",
            type=Path,
            help="folder of every authored input (positions, notes, facts, the article) "
            "to use instead of the package's geo/data",
        )
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
    figure = commands.add_parser(
        "figure",
        parents=[common],
        help="draw the locator figure (PNG, SVG, PDF) from the layers",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    figure.add_argument("--lang", choices=LANGS, help="one language (default: both)")
    figure.add_argument(
        "--width-cm",
        type=_width_cm,
        default=DEFAULT_WIDTH_CM,
        help=f"width in cm, {WIDTH_RANGE_CM[0]:g}–{WIDTH_RANGE_CM[1]:g} "
        f"(default {DEFAULT_WIDTH_CM:g}: a page's text width)",
    )
    add_import_osm(commands, EPILOG)
    add_import_edits(commands, EPILOG, [sources])
    return parser


def _width_cm(text: str) -> float:
    try:
        width = float(text)
    except ValueError:
        msg = f"not a number: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    low, high = WIDTH_RANGE_CM
    if not low <= width <= high:
        msg = f"{width:g} cm is outside {low:g}–{high:g} cm"
        raise argparse.ArgumentTypeError(msg)
    return width


def _settings(args: argparse.Namespace) -> SourceSettings:
    from geo.sources import SourceSettings  # noqa: PLC0415 (imported when a command runs)

    return SourceSettings.from_env(
        data_dir=args.data_dir, offline=args.offline, cache_dir=args.cache_dir
    )


def _progress(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from geo.pipeline import BuildOptions, run_build  # noqa: PLC0415

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
    from geo.pipeline import run_export  # noqa: PLC0415

    crs = EXPORT_CRS[args.crs]
    for path in run_export(args.layers_dir, args.output_dir, crs, args.authored_dir, _progress):
        print(path)
    return EXIT_OK


def _figure(args: argparse.Namespace) -> int:
    from geo.figure import build_figures  # noqa: PLC0415

    langs = [args.lang] if args.lang else list(LANGS)
    for path in build_figures(
        args.layers_dir, args.output_dir, langs, args.width_cm, progress=_progress
    ):
        print(path)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from geo.validate import validate_folder  # noqa: PLC0415

    problems = validate_folder(args.layers_dir)
    for problem in problems:
        print(f"✗ {_one_line(problem)}")
    if problems:
        print(f"{len(problems)} problem(s) in {args.layers_dir}", file=sys.stderr)
        return EXIT_INVALID
    print(f"✓ every layer in {args.layers_dir} passes")
    return EXIT_OK


def _sources(args: argparse.Namespace) -> int:
    from geo.sources import SOURCES, status  # noqa: PLC0415

    settings = _settings(args)
    problems = 0
    for source in SOURCES.values():
        text, problem = status(source, settings)
        problems += problem
        print(f"{source.key}: {source.description}")
        print(f"  url:     {source.url}")
        print(f"  sha256:  {source.sha256}")
        print(f"  licence: {source.licence}; credit: {source.credit}")
        print(f"  status:  {text}")
    if problems:
        print(f"error: {problems} of {len(SOURCES)} sources have a problem", file=sys.stderr)
        return EXIT_SOURCE
    return EXIT_OK


def _one_line(text: str) -> str:
    """Escape line breaks and other invisible characters so that a message stays one line."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _message(error: GeoError) -> str:
    if isinstance(error, ValidationError):
        problems = error.problems
        return (
            f"error: the layers fail validation ({len(problems)} problem(s)); nothing was "
            f"written: {' | '.join(problems)}"
        )
    if isinstance(error, AuthoredDataError):
        return f"error in authored data: {error}"
    return f"error: {error}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Every expected fault ends the run with its exit code (see ``--help``) and one line on
    standard error; anything else is reported as a bug with :data:`EXIT_SOFTWARE`, with its
    traceback only when ``THANH_LIEM_DEBUG=1``.

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
    handlers["figure"] = _figure
    handlers["import-edits"] = run_import_edits
    try:
        return handlers[args.command](args)
    except GeoError as error:
        print(_one_line(_message(error)), file=sys.stderr)
        return error.exit_code
    except Exception as error:
        if os.environ.get(DEBUG_ENV, "").strip() in {"1", "true", "yes"}:
            raise
        message = (
            f"internal error: {type(error).__name__}: {error}. This is a bug: please report "
            f"it with the command you ran (set {DEBUG_ENV}=1 to see the traceback)"
        )
        print(_one_line(message), file=sys.stderr)
        return EXIT_SOFTWARE
