"""The upgrades stage: better positions applied to the built layers, by one precedence rule.

Per feature, the position with the highest precedence wins:

1. a contributor's edit (``contributions.geojson``, :mod:`geo.upgrades.contributions`);
2. an OpenStreetMap import (``osm_import.geojson``, :mod:`geo.upgrades.osm`);
3. the authored reference positions (``reference_points.csv``, ``roads.csv``), from which
   :func:`geo.layers.build_layers` builds the layers.

:func:`upgrade_layers` runs once in the build, right after the layers are built: it applies
the OpenStreetMap import, then the contributions, both by the one rule of
:func:`geo.upgrades.merge.apply_upgrades`. An upgraded feature keeps what it had before in
``previous_bases`` (oldest first), names its contributor and the date, and everything
downstream (the GeoJSON layers, the web map, the QGIS export, the notebooks) reads the
upgraded layers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

import geopandas as gpd

from geo.authored import default_dir
from geo.upgrades.contributions import read_contribution_upgrades
from geo.upgrades.merge import HISTORY_FIELDS, UPGRADABLE_LAYERS, Upgrade, apply_upgrades
from geo.upgrades.osm import read_osm_upgrades

PRECEDENCE: Final = (read_osm_upgrades, read_contribution_upgrades)
"""Readers of the upgrade files of an authored-data folder, lowest precedence first."""

__all__ = [
    "HISTORY_FIELDS",
    "PRECEDENCE",
    "UPGRADABLE_LAYERS",
    "Upgrade",
    "apply_upgrades",
    "upgrade_layers",
]


def upgrade_layers(
    layers: Mapping[str, gpd.GeoDataFrame],
    folder: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Apply an authored-data folder's upgrades to built layers (the upgrades stage).

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame in EPSG:4326, from :func:`geo.layers.build_layers`.
    folder
        Authored-data folder; defaults to the package's ``geo/data``. Its
        ``osm_import.geojson`` (``thanh-liem-map import-osm``) and ``contributions.geojson``
        (``thanh-liem-map import-edits``) are applied in :data:`PRECEDENCE` order, when
        present.
    progress
        Called with a short message before each file is applied.

    Returns
    -------
    dict
        The upgraded layers, in the same order.

    Raises
    ------
    AuthoredDataError
        When a file is malformed, or an upgrade does not fit the layers
        (:func:`geo.upgrades.merge.apply_upgrades`).
    """
    folder = folder or default_dir()
    say = progress or (lambda _message: None)
    upgraded = dict(layers)
    for read in PRECEDENCE:
        path, upgrades = read(folder)
        if upgrades:
            say(f"applying {len(upgrades)} upgrade(s) from {path.name}")
        upgraded = apply_upgrades(upgraded, upgrades, path)
    return upgraded
