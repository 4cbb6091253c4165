"""The whole build: sources → layers → renderers and exporters.

Everything is first written into hidden staging folders inside the target folders; only when
every step has succeeded is the whole set (layers, HTML map, GeoPackage, QGIS project) moved
into place by :func:`geo.publish.publish`, which puts everything back if any file cannot be
replaced. A failure at any step leaves the previous outputs intact and no half-written file
behind; staging folders of killed builds are removed by the next build.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.authored import authored_folder
from geo.figure import build_figures
from geo.layer_files import write_layers
from geo.layers import build_layers
from geo.metric import WGS84
from geo.publish import publish, staging
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
        Authored-data folder, or ``None`` for the package's. Every authored input (positions,
        attributes, facts, the article) is read from it.
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


def _pairs(stage: Path, target: Path, written: list[Path]) -> list[tuple[Path, Path]]:
    return [(path, target / path.relative_to(stage)) for path in written]


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

    Raises
    ------
    geo.sources.SourceError, geo.authored.AuthoredDataError, geo.validate.ValidationError
        Bad input; nothing is written.
    geo.io.OutputError
        When a file cannot be written or replaced; the previous files are left in place.
    """
    say = progress or (lambda _message: None)
    authored = authored_folder(options.authored_dir)
    built = build_layers(options.sources, authored, say)
    layers = upgrade_layers(built, authored, say)
    with contextlib.ExitStack() as stack:
        layer_stage = stack.enter_context(staging(options.layers_dir))
        say(f"writing layers to {options.layers_dir}")
        staged = _pairs(layer_stage, options.layers_dir, write_layers(layers, layer_stage))
        if not options.layers_only:
            out_stage = stack.enter_context(staging(options.output_dir))
            say(f"rendering the HTML map into {options.output_dir}")
            written = build_map(layer_stage, out_stage, say, authored_dir=authored)
            say(f"exporting for QGIS into {options.output_dir}")
            written += export_qgis(
                layer_stage, out_stage, options.export_crs, say, authored_dir=authored
            )
            say(f"drawing the locator figure into {options.output_dir}")
            written += build_figures(layer_stage, out_stage, progress=say, authored_dir=authored)
            staged += _pairs(out_stage, options.output_dir, written)
        say("publishing")
        return publish(staged)


def run_export(
    layers_dir: Path,
    output_dir: Path,
    crs: str = WGS84,
    authored_dir: Path | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the QGIS export of existing layers, publishing its files together.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers.
    output_dir
        Folder for the GeoPackage and the project.
    crs
        CRS of the GeoPackage layers.
    authored_dir
        Authored-data folder (the article cited in the project), or ``None`` for the package's.
    progress
        Called with a short message before each step.

    Returns
    -------
    list of Path
        The files written, at their final location.
    """
    authored = authored_folder(authored_dir)
    with staging(output_dir) as stage:
        written = export_qgis(layers_dir, stage, crs, progress, authored_dir=authored)
        return publish(_pairs(stage, output_dir, written))
