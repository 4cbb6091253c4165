"""The standalone HTML map (folium), built from finished layers and the facts records.

One self-contained file: Leaflet, its plugins, the map's own script and styles are inlined
(:mod:`geo.webmap.bundle`); basemap tiles are the only network use, and when they cannot
load the page falls back to a view without basemap and says so. The page is assembled in
:mod:`geo.webmap.render`; its data is :mod:`geo.webmap.page_data`.
"""

from geo.webmap.page_data import layer_spec, search_keys
from geo.webmap.render import BASEMAPS, MAP_FILENAME, SIZE_GOAL_BYTES, build_map, render_map

__all__ = [
    "BASEMAPS",
    "MAP_FILENAME",
    "SIZE_GOAL_BYTES",
    "build_map",
    "layer_spec",
    "render_map",
    "search_keys",
]
