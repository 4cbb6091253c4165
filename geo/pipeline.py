"""The whole build: sources → layers → renderers and exporters.

Everything is first written into hidden staging folders beside the targets; only when every
step has succeeded are the files moved into place, so a failure at any step leaves the
previous outputs intact and no half-written file behind.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.build import write_layers
from geo.io import OutputError
from geo.layers import build_layers
from geo.metric import WGS84
from geo.qgis_export import export_qgis
from geo.sources import SourceSettings
from geo.upgrades import upgrade_layers
from geo.webmap import build_map

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where.

    Attributes
    ----------
    sources
        Where source files come from.
    layers_dir
        Folder for the GeoJSON layers.
    output_dir
        Folder for the map and the exports.
    authored_dir
        Authored-data folder, or ``None`` for the package's.
    layers_only
        Stop after writing the layers.
    export_crs
        CRS of the GeoPackage layers (EPSG:4326, or EPSG:3405 for VN-2000).
    """

    sources: SourceSettings = field(default_factory=SourceSettings.from_env)
    layers_dir: Path = Path("layers")
    output_dir: Path = Path("output")
    authored_dir: Path | None = None
    layers_only: bool = False
    export_crs: str = WGS84


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    try:
        target.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=target))
    except OSError as error:
        msg = f"cannot write to {target}: {error.strerror or error}"
        raise OutputError(msg) from error
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _publish(stage: Path, target: Path, written: list[Path]) -> list[Path]:
    published = []
    for path in written:
        final = target / path.relative_to(stage)
        final.parent.mkdir(parents=True, exist_ok=True)
        path.replace(final)
        published.append(final)
    return published


def run_build(options: BuildOptions, progress: Progress | None = None) -> list[Path]:
    """Build the layers, then every product made from them, and publish them together.

    Parameters
    ----------
    options
        What to build and where.
    progress
        Called with a short message before each step.

    Returns
    -------
    list of Path
        Every file written, at its final location.
    """
    say = progress or (lambda _message: None)
    built = build_layers(options.sources, options.authored_dir, say)
    layers = upgrade_layers(built, options.authored_dir, say)
    with _staging(options.layers_dir) as layer_stage:
        say(f"writing layers to {options.layers_dir}")
        layer_files = write_layers(layers, layer_stage)
        if options.layers_only:
            return _publish(layer_stage, options.layers_dir, layer_files)
        with _staging(options.output_dir) as out_stage:
            say(f"rendering the HTML map into {options.output_dir}")
            out_files = build_map(layer_stage, out_stage, say)
            say(f"exporting for QGIS into {options.output_dir}")
            out_files += export_qgis(layer_stage, out_stage, options.export_crs, say)
            return _publish(layer_stage, options.layers_dir, layer_files) + _publish(
                out_stage, options.output_dir, out_files
            )
