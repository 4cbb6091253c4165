"""Assembling the page with folium: map, base layers, overlays, controls, panel and data.

Data reaches the page only as the JSON document of :mod:`geo.webmap.page_data` and as the
panel's finished HTML (:mod:`geo.webmap.panel`); the folium elements carry names from the
code only (:mod:`geo.webmap.elements`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import folium
import shapely
from markupsafe import Markup

from geo.facts import Article, Fact, load_article, load_facts
from geo.io import atomic_writer
from geo.layer_table import LAYERS
from geo.sources import DVHCVN_CREDIT
from geo.style import LABEL_COLOUR, LABEL_HALO, STYLES
from geo.webmap import content
from geo.webmap.bundle import load_assets
from geo.webmap.elements import (
    BlankBaseLayer,
    FeatureLayer,
    InlineAssetsElement,
    InlineMap,
    LayerChooser,
    MapSetup,
    Page,
    PageDataElement,
    RawHtml,
)
from geo.webmap.features import (
    MAX_ZOOM,
    MIN_ZOOM,
    MapFeature,
    focus_bounds,
    has_openstreetmap,
    read_layers,
)
from geo.webmap.page_data import page_document
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

CONTROL_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "zoomIn": ("Phóng to", "Zoom in"),
    "zoomOut": ("Thu nhỏ", "Zoom out"),
    "layers": ("Chọn lớp bản đồ", "Choose layers"),
    "fullscreen": ("Toàn màn hình", "Full screen"),
    "fullscreenExit": ("Thoát toàn màn hình", "Exit full screen"),
    "about": ("Thông tin về bản đồ", "About this map"),
    "copyLink": ("Sao chép liên kết tới góc nhìn này", "Copy a link to this view"),
    "closePopup": ("Đóng", "Close"),
    "leaflet": (
        "Thư viện JavaScript cho bản đồ tương tác",
        "A JavaScript library for interactive maps",
    ),
    "searchPlaceholder": ("Tìm theo tên", "Search by name"),
    "searchCancel": ("Xoá", "Clear"),
    "searchNotFound": ("Không tìm thấy", "Not found"),
    "measure": ("Đo khoảng cách", "Measure a distance"),
    "measureStop": ("Tắt đo khoảng cách", "Stop measuring"),
    "measureStart": ("Bấm lên bản đồ để đặt điểm đầu", "Click on the map to set the first point"),
    "measureNext": (
        "Bấm để thêm điểm; bấm lại điểm cuối hoặc bấm đúp để kết thúc",
        "Click to add a point; click the last point again or double-click to finish",
    ),
    "measureDone": (
        "Bấm để đo đường mới; nút thước hoặc Esc để tắt",
        "Click to measure a new line; the ruler button or Esc to stop",
    ),
}
"""Titles of the map's controls and the measuring hints in each language (plain text: the
page sets them as text, never as HTML)."""


def _bounds_of(features: Sequence[MapFeature]) -> list[list[float]]:
    shapes = [f.geometry for f in features if f.geometry is not None]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return [[south, west], [north, east]]


DVHCVN_CREDIT_EN: Final = (
    "Administrative boundaries: Government web portal (gis.chinhphu.vn), via "
    "daohoangson/dvhcvn (GPL-3.0)"
)
"""The boundary credit (:data:`geo.sources.DVHCVN_CREDIT`) in English."""


def contributors(layers: Mapping[str, Sequence[MapFeature]]) -> list[str]:
    """Return the contributors whose positions the map draws, in order of appearance.

    Parameters
    ----------
    layers
        Features by layer.

    Returns
    -------
    list of str
    """
    names = (str(f.properties.get("contributor") or "") for found in layers.values() for f in found)
    return list(dict.fromkeys(name for name in names if name))


def _attribution(*, osm: bool, people: Sequence[str]) -> list[Markup]:
    """Credits of the data drawn: the boundaries, OpenStreetMap and contributors when used."""
    lines = [content.bi(DVHCVN_CREDIT, DVHCVN_CREDIT_EN)]
    if osm:
        lines.append(OSM_ATTRIBUTION)
    if people:
        names = ", ".join(people)
        lines.append(
            content.bi(f"Vị trí đóng góp: {names} (CC BY 4.0)", f"Positions by {names} (CC BY 4.0)")
        )
    return lines


def _credits(*, osm: bool, people: Sequence[str]) -> list[Markup]:
    return [
        *_attribution(osm=osm, people=people),
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
    figure = Page(title="Công nghiệp ở Thanh Liêm – bản đồ · Industry in Thanh Liêm – map")
    fmap = InlineMap(
        location=centre,
        zoom_start=12,
        tiles=None,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        control_scale=False,
        zoom_snap=0.25,
    )
    figure.add_child(fmap)
    figure.header.add_child(
        RawHtml(
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
    people = contributors(layers)
    figure.html.add_child(
        RawHtml(render_page(PageData(article, facts, layers, _credits(osm=osm, people=people)))),
        name="page",
    )

    tiles = []
    for basemap in BASEMAPS:
        tile = folium.TileLayer(
            tiles=basemap.url,
            attr=basemap.attribution,
            name=str(content.bi(basemap.name_vi, basemap.name_en)),
            max_zoom=MAX_ZOOM,
            subdomains=basemap.subdomains,
            overlay=False,
            control=True,
            show=False,  # the page's script adds the first basemap after the first picture
        )
        tile.add_to(fmap)
        tiles.append(tile)
    blank = BlankBaseLayer(str(content.bi(*BLANK_NAME)))
    blank.add_to(fmap)

    overlays = {}
    for info in LAYERS:
        overlay = FeatureLayer(
            info.name, str(content.bi(info.name_vi, info.name_en)), show=info.shown
        )
        overlay.add_to(fmap)
        overlays[info.name] = overlay

    chooser = LayerChooser(position="topright", collapsed=True)
    chooser.add_to(fmap)

    config = {
        "bounds": focus,
        "maxBounds": _bounds_of([f for features in layers.values() for f in features]),
        "attributionHtml": [str(line) for line in _attribution(osm=osm, people=people)],
        "texts": {key: list(texts) for key, texts in CONTROL_TEXTS.items()},
    }
    names = {info.name: info.name_vi for info in LAYERS}
    document = page_document(layers, facts, config, names)
    figure.html.add_child(PageDataElement(document), name="data")
    MapSetup(tiles, blank, overlays, chooser).add_to(fmap)
    return figure.render()


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
