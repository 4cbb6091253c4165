"""The standalone HTML map (folium), built from finished layers and the facts records.

One self-contained file: Leaflet, its plugins, the map's own script and styles are inlined
(:mod:`geo.webmap.bundle`); basemap tiles are the only network use, and when they cannot
load the page falls back to a view without basemap and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

import folium
import folium.plugins
import shapely
from branca.element import Element, Figure
from markupsafe import Markup, escape

from geo.facts import Article, Fact, load_article, load_facts
from geo.io import atomic_writer
from geo.sources import DVHCVN_CREDIT
from geo.style import FOOTPRINT_MAX_FILL as FOOTPRINT_MAX_FILL
from geo.style import LABEL_COLOUR, LABEL_HALO, STYLES, UNCERTAINTY_KIND, Style
from geo.style import UNCERTAINTY_LAYERS as UNCERTAINTY_LAYERS
from geo.validate import ValidationError
from geo.webmap import content
from geo.webmap.bundle import load_assets
from geo.webmap.elements import BlankBaseLayer, FeatureLayer, InlineAssetsElement, MapSetup
from geo.webmap.features import (
    MAX_ZOOM,
    MIN_ZOOM,
    MapFeature,
    context_label_point,
    focus_bounds,
    geometry_json,
    has_openstreetmap,
    line_label_point,
    read_layers,
)
from geo.webmap.panel import PageData, render_page

MAP_FILENAME: Final = "thanh_liem_map.html"
SIZE_GOAL_BYTES: Final = 1_000_000
"""The map should stay below this size with everything inlined."""

OSM_ATTRIBUTION: Final = Markup(
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL)'
)
"""Credit shown when a feature's position comes from OpenStreetMap."""


@dataclass(frozen=True)
class Basemap:
    """A tile base layer.

    Attributes
    ----------
    url
        Leaflet URL template.
    attribution
        Attribution HTML shown while the layer is on.
    name_vi, name_en
        Name in the layer control.
    subdomains
        Values of ``{s}``.
    """

    url: str
    attribution: str
    name_vi: str
    name_en: str
    subdomains: str = "abc"


BASEMAPS: Final = (
    Basemap(
        url="https://{s}.basemaps.cartocdn.com/rastertiles/voyager/{z}/{x}/{y}{r}.png",
        attribution=(
            '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
            ' © <a href="https://carto.com/attributions">CARTO</a>'
        ),
        name_vi="Bản đồ đường (OpenStreetMap, CARTO)",
        name_en="Street map (OpenStreetMap, CARTO)",
        subdomains="abcd",
    ),
    Basemap(
        url="https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        attribution=(
            "Tiles © Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community"
        ),
        name_vi="Ảnh vệ tinh (Esri)",
        name_en="Satellite imagery (Esri)",
    ),
)
"""Base layers: a street map and satellite imagery, neither needs an API key. (The
OpenStreetMap Foundation's own tile server refuses pages opened from a file, which send
no Referer; CARTO's OpenStreetMap-based tiles do not.)"""

BLANK_NAME: Final = ("Không nền", "No basemap")

LAYER_NAMES_UI: Final[dict[str, tuple[str, str]]] = {
    "context": ("Bối cảnh: huyện, tỉnh xung quanh", "Context: surrounding districts, provinces"),
    "district": ("Huyện Thanh Liêm (2013–2025)", "Thanh Liêm district (2013–2025)"),
    "roads": ("Đường", "Roads"),
    "industrial_areas": ("Khu, cụm công nghiệp", "Industrial park and clusters"),
    "admin_2025": ("Đơn vị 2025", "2025 units"),
}
"""Overlays in drawing order, with their names in the layer control."""

HIDDEN_AT_START: Final = frozenset({"admin_2025"})
"""Overlays the reader switches on."""

LAYER_PANES: Final = {
    "context": "tl-context",
    "district": "tl-district",
    "industrial_areas": "tl-unc",
    "roads": "tl-roads",
    "admin_2025": "tl-roads",
}

MEASURE_TEXTS: Final = {
    "measureControlTitleOn": "Đo khoảng cách / Measure distance",
    "measureControlTitleOff": "Tắt đo khoảng cách / Stop measuring",
    "tooltipTextFinish": "Bấm để <b>kết thúc</b> / Click to <b>finish</b><br>",
    "tooltipTextDelete": "SHIFT + bấm để <b>xoá điểm</b> / SHIFT-click to <b>delete</b>",
    "tooltipTextMove": "Kéo để <b>di chuyển</b> / Drag to <b>move</b><br>",
    "tooltipTextResume": "<br>CTRL + bấm để <b>nối tiếp</b> / CTRL-click to <b>resume</b>",
    "tooltipTextAdd": "CTRL + bấm để <b>thêm điểm</b> / CTRL-click to <b>add a point</b>",
}


def path_options(style: Style, *, area: bool = False) -> dict[str, Any]:
    """Return Leaflet path options for a style.

    Parameters
    ----------
    style
        The style.
    area
        The feature is an area: its fill opacity is :attr:`geo.style.Style.area_fill_opacity`
        (capped for a point-symbol kind drawn as a footprint).

    Returns
    -------
    dict
    """
    return {
        "color": style.stroke,
        "weight": style.stroke_width,
        "opacity": 1.0,
        "fill": style.fill is not None,
        "fillColor": style.fill or style.stroke,
        "fillOpacity": style.area_fill_opacity if area else style.fill_opacity,
        "dashArray": style.dash_css,
    }


def _search_keys(layers: Mapping[str, Sequence[MapFeature]]) -> dict[tuple[str, str], str]:
    keys: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for layer, features in layers.items():
        for feature in features:
            if feature.geometry is None:
                continue
            key = str(feature.properties.get("name_vi") or feature.id)
            if key in used:
                key = f"{key} ({LAYER_NAMES_UI[layer][0]})"
            used.add(key)
            keys[(layer, feature.id)] = key
    return keys


def _feature_spec(
    feature: MapFeature,
    facts: Mapping[str, Fact],
    layers: Mapping[str, Sequence[MapFeature]],
    search_key: str,
) -> dict[str, Any]:
    style = STYLES[feature.kind]
    geometry = feature.geometry
    if geometry is not None and geometry.geom_type == "Point" and not style.marker:
        msg = f"{feature.layer}/{feature.id}: point of kind {feature.kind!r} has no marker style"
        raise ValidationError([msg])
    name_vi = str(feature.properties.get("name_vi") or feature.id)
    anchor = feature.anchor
    label_at: tuple[float, float] | None = anchor
    label_class = "tl-label-pt" if style.marker else ""
    if feature.layer == "context":
        label_at = context_label_point(feature, layers)
    elif geometry is not None and "Line" in geometry.geom_type:
        label_at = line_label_point(feature, layers)
    return {
        "id": feature.id,
        "kind": feature.kind,
        "name": name_vi,
        "search": search_key,
        "searchAlt": str(feature.properties.get("name_en") or ""),
        "geometry": (
            geometry_json(geometry)
            if geometry is not None and geometry.geom_type != "Point"
            else None
        ),
        "anchor": list(anchor) if anchor else None,
        "radius": feature.accuracy_m if feature.layer in UNCERTAINTY_LAYERS else None,
        "symbol": (
            {
                "html": str(content.symbol_svg(style, label=name_vi, data_id=feature.id)),
                "size": style.marker_size,
            }
            if style.marker
            else None
        ),
        "popup": str(content.feature_card(feature, facts)),
        "label": str(content.label_html(feature)),
        "labelAt": list(label_at) if label_at else None,
        "labelClass": label_class,
    }


def layer_spec(
    layer: str,
    layers: Mapping[str, Sequence[MapFeature]],
    facts: Mapping[str, Fact],
    search_keys: Mapping[tuple[str, str], str],
) -> dict[str, Any]:
    """Return what ``thanhLiem.featureLayer`` draws for one layer.

    Parameters
    ----------
    layer
        Layer name.
    layers
        Every layer's features.
    facts
        Fact records by id.
    search_keys
        Unique search name per ``(layer, id)``.

    Returns
    -------
    dict
        ``layer``, ``pane``, ``styles`` (by kind), ``uncertainty`` (path options or
        ``None``) and ``features``.
    """
    features = layers[layer]
    styles = {}
    for feature in features:
        area = feature.geometry is not None and "Polygon" in feature.geometry.geom_type
        styles[feature.kind] = path_options(STYLES[feature.kind], area=area)
    drawn = [
        _feature_spec(f, facts, layers, search_keys[(layer, f.id)])
        for f in features
        if f.geometry is not None
    ]
    return {
        "layer": layer,
        "pane": LAYER_PANES.get(layer, "overlayPane"),
        "styles": styles,
        "uncertainty": (
            path_options(STYLES[UNCERTAINTY_KIND]) if layer in UNCERTAINTY_LAYERS else None
        ),
        "features": drawn,
    }


def _bounds_of(features: Sequence[MapFeature]) -> list[list[float]]:
    shapes = [f.geometry for f in features if f.geometry is not None]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return [[south, west], [north, east]]


def _attribution(*, osm: bool) -> list[Markup]:
    """Credits of the data drawn: the boundaries, and OpenStreetMap when a feature uses it."""
    return [escape(DVHCVN_CREDIT), OSM_ATTRIBUTION] if osm else [escape(DVHCVN_CREDIT)]


def _credits(*, osm: bool) -> list[Markup]:
    return [
        *_attribution(osm=osm),
        content.bi(
            "Nền bản đồ: © OpenStreetMap contributors, © CARTO; ảnh vệ tinh: © Esri, Maxar, "
            "Earthstar Geographics",
            "Basemaps: © OpenStreetMap contributors, © CARTO; imagery: © Esri, Maxar, "
            "Earthstar Geographics",
        ),
    ]


def render_map(
    layers: Mapping[str, Sequence[MapFeature]], facts: Mapping[str, Fact], article: Article
) -> str:
    """Render the whole page.

    Parameters
    ----------
    layers
        Features by layer (:func:`geo.webmap.features.read_layers`).
    facts
        Fact records by id.
    article
        The cited article.

    Returns
    -------
    str
        The HTML document.
    """
    focus = focus_bounds(layers)
    centre = [(focus[0][0] + focus[1][0]) / 2, (focus[0][1] + focus[1][1]) / 2]
    fmap = folium.Map(
        location=centre,
        zoom_start=12,
        tiles=None,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        control_scale=False,
        zoom_snap=0.25,
    )
    fmap.default_js = []
    fmap.default_css = []
    figure = cast(Figure, fmap.get_root())
    figure.header.add_child(
        Element(
            "<title>Công nghiệp ở Thanh Liêm – bản đồ · Industry in Thanh Liêm – map</title>\n"
            '<meta name="description" content="Bản đồ các khu, cụm công nghiệp huyện Thanh Liêm '
            '(Hà Nam) · Map of industrial development in Thanh Liêm district">'
        ),
        name="page_title",
    )
    figure.header.add_child(
        InlineAssetsElement(
            load_assets(),
            {
                "--tl-label": LABEL_COLOUR,
                "--tl-halo": LABEL_HALO,
                "--tl-accent": STYLES["district"].stroke,
            },
        ),
        name="inline_assets",
    )
    osm = has_openstreetmap(layers)
    figure.html.add_child(
        Element(render_page(PageData(article, facts, layers, _credits(osm=osm)))), name="page"
    )

    tiles = []
    for index, basemap in enumerate(BASEMAPS):
        tile = folium.TileLayer(
            tiles=basemap.url,
            attr=basemap.attribution,
            name=str(content.bi(basemap.name_vi, basemap.name_en)),
            max_zoom=MAX_ZOOM,
            subdomains=basemap.subdomains,
            overlay=False,
            control=True,
            show=index == 0,
        )
        tile.add_to(fmap)
        tiles.append(tile)
    blank = BlankBaseLayer(str(content.bi(*BLANK_NAME)))
    blank.add_to(fmap)

    keys = _search_keys(layers)
    overlays = {}
    for layer, (name_vi, name_en) in LAYER_NAMES_UI.items():
        overlay = FeatureLayer(
            layer_spec(layer, layers, facts, keys),
            str(content.bi(name_vi, name_en)),
            show=layer not in HIDDEN_AT_START,
        )
        overlay.add_to(fmap)
        overlays[layer] = overlay

    folium.LayerControl(position="topright", collapsed=True).add_to(fmap)
    fullscreen = folium.plugins.Fullscreen(  # type: ignore[no-untyped-call]
        position="topleft",
        title="Toàn màn hình / Full screen",
        title_cancel="Thoát toàn màn hình / Exit full screen",
        force_separate_button=True,
    )
    fullscreen.default_js = []
    fullscreen.default_css = []
    fullscreen.add_to(fmap)

    config = {
        "bounds": focus,
        "maxBounds": _bounds_of([f for features in layers.values() for f in features]),
        "attributionHtml": [str(line) for line in _attribution(osm=osm)],
        "search": {
            "placeholder": "Tìm theo tên / Search by name",
            "cancel": "Xoá / Clear",
            "notFoundHtml": str(content.bi("Không tìm thấy", "Not found")),
        },
        "measure": MEASURE_TEXTS,
    }
    MapSetup(config, tiles, blank, overlays).add_to(fmap)
    html = figure.render()
    return html.replace("<html>", '<html lang="vi">', 1)


def build_map(
    layers_dir: Path,
    output_dir: Path,
    progress: Callable[[str], None] | None = None,
    *,
    authored_dir: Path | None = None,
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
    authored_dir
        Folder of ``facts.csv`` and ``article.toml``; defaults to the package's.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValidationError
        When a layer is missing or invalid; nothing is written.
    OutputError
        When the output folder is not writable.
    """
    say = progress or (lambda _message: None)
    say(f"reading layers from {layers_dir}")
    layers = read_layers(layers_dir)
    html = render_map(layers, load_facts(authored_dir), load_article(authored_dir))
    path = output_dir / MAP_FILENAME
    say(f"writing {path} ({len(html.encode('utf-8')) / 1000:.0f} kB)")
    with atomic_writer(path) as out:
        out.write(html)
    return [path]
