"""One module per layer; :func:`build_layers` builds them all in memory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from geo.authored import default_dir, load_reference_points
from geo.boundaries import HA_NAM, NEIGHBOUR_PROVINCES, commune_names, read_province
from geo.layers.admin_2025 import build_admin_2025
from geo.layers.context import build_context
from geo.layers.district import DISTRICT_CODE, build_district
from geo.layers.industrial_areas import build_industrial_areas
from geo.layers.roads import build_roads
from geo.sources import SourceSettings

Progress = Callable[[str], None]


def build_layers(
    settings: SourceSettings | None = None,
    folder: Path | None = None,
    progress: Progress | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Build every layer from the sources and the authored inputs.

    Parameters
    ----------
    settings
        Where source files come from; defaults to the environment.
    folder
        Authored-data folder; defaults to the package's ``geo/data``. The upgrades it may
        hold (an OpenStreetMap import, contributions) are not applied here but by
        :func:`geo.upgrades.upgrade_layers`.
    progress
        Called with a short message before each step.

    Returns
    -------
    dict
        Layer name → GeoDataFrame in EPSG:4326, in :data:`geo.schema.LAYER_NAMES` order.
    """
    settings = settings or SourceSettings.from_env()
    folder = folder or default_dir()
    say = progress or (lambda _message: None)
    say("reading authored positions")
    points = load_reference_points(folder)
    industrial_areas = build_industrial_areas(points, folder)
    roads = build_roads(points, folder)
    admin_2025 = build_admin_2025(folder)
    say("reading Hà Nam boundaries")
    hanam = read_province(HA_NAM, settings)
    communes = commune_names(DISTRICT_CODE, settings)
    district = build_district(hanam, communes, folder)
    say("reading neighbouring provinces")
    neighbours = [read_province(code, settings)[0] for code in NEIGHBOUR_PROVINCES]
    context = build_context(hanam, neighbours, exclude=DISTRICT_CODE)
    return {
        "district": district,
        "context": context,
        "industrial_areas": industrial_areas,
        "roads": roads,
        "admin_2025": admin_2025,
    }
