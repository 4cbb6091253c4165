"""The QGIS export: a styled GeoPackage and a project file (QGIS itself only in tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from geo.metric import WGS84

GPKG_FILENAME = "thanh_liem.gpkg"
PROJECT_FILENAME = "thanh_liem.qgz"


def export_qgis(
    layers_dir: Path,
    output_dir: Path,
    crs: str = WGS84,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the GeoPackage and the QGIS project from the layers in ``layers_dir``.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers.
    output_dir
        Output folder.
    crs
        CRS the GeoPackage layers are written in (EPSG:4326, or EPSG:3405 for VN-2000).
    progress
        Called with a short message before each step.

    Returns
    -------
    list of Path
        The files written.
    """
    del layers_dir, output_dir, crs, progress
    return []
