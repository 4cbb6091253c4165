"""The whole build: sources → layers → renderers and exporters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.build import write_layers
from geo.layers import build_layers
from geo.metric import WGS84
from geo.qgis_export import export_qgis
from geo.sources import SourceSettings
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


def run_build(options: BuildOptions, progress: Progress | None = None) -> list[Path]:
    """Build the layers, then every product made from them.

    Parameters
    ----------
    options
        What to build and where.
    progress
        Called with a short message before each step.

    Returns
    -------
    list of Path
        Every file written.
    """
    say = progress or (lambda _message: None)
    layers = build_layers(options.sources, options.authored_dir, say)
    say(f"writing layers to {options.layers_dir}")
    written = write_layers(layers, options.layers_dir)
    if options.layers_only:
        return written
    say(f"rendering the HTML map into {options.output_dir}")
    written += build_map(options.layers_dir, options.output_dir, say)
    say(f"exporting for QGIS into {options.output_dir}")
    written += export_qgis(options.layers_dir, options.output_dir, options.export_crs, say)
    return written
