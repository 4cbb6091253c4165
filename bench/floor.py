"""The floor page: the map's layers drawn by Leaflet alone, the least a page can weigh.

The same layers' GeoJSON as the map (every feature with a geometry, coordinates at 6
decimals, all their properties) and Leaflet 1.9.4's published JS and CSS (the vendored
files), inlined in one HTML page that draws each layer with one ``L.geoJSON`` call and fits
the view to the district. Points are circle markers (SVG, like the lines and areas; Leaflet's
default marker would load images the page does not have). No tiles, no popups.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from geo.webmap.bundle import VENDOR

DECIMALS: Final = 6
LEAFLET: Final = VENDOR / "leaflet-1.9.4"
DATA_ID: Final = "floor-data"

_SCRIPT_UNSAFE: Final = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

_DRAW: Final = f"""
var data = JSON.parse(document.getElementById('{DATA_ID}').textContent);
var map = L.map('map');
var layers = {{}};
var point = function (feature, latlng) {{ return L.circleMarker(latlng); }};
Object.keys(data).forEach(function (name) {{
  layers[name] = L.geoJSON(data[name], {{pointToLayer: point}}).addTo(map);
}});
map.fitBounds(layers.district.getBounds());
"""


def _rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, float | int):
        return round(float(coordinates), DECIMALS)
    return [_rounded(part) for part in coordinates]


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    if geometry["type"] == "GeometryCollection":
        return {**geometry, "geometries": [_geometry(g) for g in geometry["geometries"]]}
    return {**geometry, "coordinates": _rounded(geometry["coordinates"])}


def floor_data(layers_dir: Path, names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return the layers as the floor page carries them.

    Parameters
    ----------
    layers_dir
        Folder of ``<name>.geojson``.
    names
        Layers in drawing order.

    Returns
    -------
    dict
        Layer name → FeatureCollection of the features with a geometry, coordinates rounded
        to :data:`DECIMALS` decimals, properties unchanged.
    """
    layers = {}
    for name in names:
        collection = json.loads((layers_dir / f"{name}.geojson").read_text(encoding="utf-8"))
        features = [
            {**feature, "geometry": _geometry(feature["geometry"])}
            for feature in collection["features"]
            if feature["geometry"] is not None
        ]
        layers[name] = {"type": "FeatureCollection", "features": features}
    return layers


def floor_page(layers_dir: Path, names: Sequence[str]) -> str:
    """Return the floor page's HTML.

    Parameters
    ----------
    layers_dir
        Folder of ``<name>.geojson``.
    names
        Layers in drawing order; one of them is ``district``, the first view.

    Returns
    -------
    str
    """
    data = json.dumps(floor_data(layers_dir, names), ensure_ascii=False, separators=(",", ":"))
    leaflet_js = (LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    leaflet_css = (LEAFLET / "leaflet.css").read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>floor: Leaflet + GeoJSON</title>\n"
        f"<style>\n{leaflet_css}\nhtml, body, #map {{ height: 100%; margin: 0; }}\n</style>\n"
        f"<script>\n{leaflet_js}\n</script>\n"
        '</head>\n<body>\n<div id="map"></div>\n'
        f'<script type="application/json" id="{DATA_ID}">'
        f"{data.translate(_SCRIPT_UNSAFE)}</script>\n"
        f"<script>{_DRAW}</script>\n</body>\n</html>\n"
    )
