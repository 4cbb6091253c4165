"""The standalone HTML map (folium), built from finished layers and the facts records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MAP_FILENAME = "thanh_liem_map.html"


def build_map(
    layers_dir: Path, output_dir: Path, progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Write ``output_dir/thanh_liem_map.html`` from the layers in ``layers_dir``.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers.
    output_dir
        Output folder.
    progress
        Called with a short message before each step.

    Returns
    -------
    list of Path
        The files written.
    """
    del layers_dir, output_dir, progress
    return []
