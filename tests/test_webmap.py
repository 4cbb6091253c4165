"""The standalone HTML map: self-contained, honest, tied to the records, safe, usable offline."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyproj
import pytest

from devtools.screenshot import take_screenshots
from geo.captions import feature_sources
from geo.facts import Fact, load_article, load_facts
from geo.layer_table import LAYER_INFO
from geo.sources import DVHCVN_CREDIT
from geo.style import STYLES
from geo.webmap import (
    BASEMAPS,
    build_map,
)
from geo.webmap.features import geometry_json, read_layers
from geo.webmap.panel import CHART_BARS, CHART_REFERENCE, KEY_FIGURES
from geo.webmap.render import CONTROL_TEXTS
from tests.browser import IMAGES_SETTLED, Opened, open_map
from tests.layer_edits import copy_layers, drawn, edit_feature, simulate_osm_import

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"


# --- building blocks --------------------------------------------------------------------


@pytest.fixture(scope="session")
def facts() -> dict[str, Fact]:
    return load_facts()


# --- in Chromium --------------------------------------------------------------------------


@pytest.fixture
def desktop(browser: Browser, map_html: Path) -> Iterator[Opened]:
    opened = open_map(browser, map_html)
    yield opened
    opened.page.context.close()


def _is_tile(url: str) -> bool:
    for basemap in BASEMAPS:
        pattern = re.escape(basemap.url)
        for key, value in {
            "s": f"[{basemap.subdomains}]",
            "z": r"\d+",
            "x": r"\d+",
            "y": r"\d+",
            "r": "(@2x)?",
        }.items():
            pattern = pattern.replace(re.escape("{" + key + "}"), value)
        if re.fullmatch(pattern, url):
            return True
    return False


def _number(text: str, lang: str) -> float:
    match = re.search(r"[\d.,]+", text)
    assert match, text
    digits = match.group(0)
    if lang == "vi":
        return float(digits.replace(".", "").replace(",", "."))
    return float(digits.replace(",", ""))


@pytest.mark.browser
def test_opens_offline_without_errors(desktop: Opened, map_html: Path) -> None:
    page = desktop.page
    assert desktop.page_errors == []
    assert desktop.dialogs == []
    assert desktop.blocked, "the basemap was requested"
    assert all(_is_tile(url) for url in desktop.blocked), desktop.blocked
    assert desktop.local == [map_html.resolve().as_uri()]
    unexpected = [(t, u) for t, u in desktop.console_errors if not _is_tile(u)]
    assert unexpected == []
    note = page.locator("#tl-offline-note")
    assert note.is_visible()
    assert "Không tải được nền bản đồ" in note.inner_text()
    assert "Basemap" not in note.inner_text()
    page.locator('.tl-lang button[data-lang="en"]').click()
    assert "Basemap tiles could not load" in note.inner_text()
    page.locator('.tl-lang button[data-lang="vi"]').click()
    # the no-basemap view is a base layer of its own, now chosen in the layer control
    assert page.locator(".leaflet-container.tl-nobase.tl-offline").count() == 1
    checked = page.locator(".leaflet-control-layers-base input:checked + span")
    assert "Không nền" in checked.inner_text()
    for control in (
        ".leaflet-control-zoom",
        ".leaflet-control-scale",
        ".leaflet-control-layers",
        ".tl-search.leaflet-control",
        ".leaflet-control-zoom-fullscreen",
        ".tl-measure a.tl-measure-button",
        "#tl-legend.leaflet-control",
    ):
        assert page.locator(control).count() == 1, control
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert DVHCVN_CREDIT in attribution
    # "retry" asks for the tiles again, and falls back again when they still fail
    requested = len(desktop.blocked)
    page.locator("#tl-offline-note .tl-retry").click()
    page.wait_for_selector("#tl-offline-note:not([hidden])")
    assert len(desktop.blocked) > requested
    assert "Không nền" in checked.inner_text()
    assert desktop.page_errors == []


@pytest.mark.browser
def test_every_layer_draws_its_features(desktop: Opened, collections: dict[str, Any]) -> None:
    page = desktop.page
    for name in ("district", "context", "industrial_areas", "roads"):
        assert page.locator(f".tl-f-{name}").count() == drawn(collections[name]), name
    industrial = collections["industrial_areas"]["features"]
    assert page.locator(".tl-unc-industrial_areas").count() == len(industrial)
    assert page.locator(".tl-f-industrial_areas.tl-k-kcn svg rect").count() == 1
    assert page.locator(".tl-f-industrial_areas.tl-k-ccn svg polygon").count() == 2
    dashed = page.locator(".tl-f-roads.tl-k-schematic_road")
    assert dashed.get_attribute("stroke-dasharray") == STYLES["schematic_road"].dash_css
    assert "ĐT495B (sơ đồ)" in page.locator(".tl-label-roads").inner_text()
    # the 2025 units are a layer to switch on
    assert page.locator(".tl-f-admin_2025").count() == 0
    page.locator(".leaflet-control-layers").hover()
    units = LAYER_INFO["admin_2025"].name_vi
    page.locator(".leaflet-control-layers-overlays label", has_text=units).click()
    assert page.locator(".tl-f-admin_2025").count() == drawn(collections["admin_2025"])
    # T1 and T4 have no geometry: named in the legend as route not published
    legend = page.locator("#tl-legend")
    assert "T1, T4 – chưa công bố tuyến" in legend.inner_text()
    swatch = legend.locator(".tl-legend-unmapped_road svg line")
    assert swatch.get_attribute("stroke-dasharray") == STYLES["unmapped_road"].dash_css
    legend.locator(".tl-unmapped-list > summary").click()
    for feature in collections["roads"]["features"]:
        if feature["geometry"] is None:
            card = legend.locator(f'.tl-unmapped[data-feature="{feature["id"]}"]')
            assert feature["properties"]["name_vi"] in card.inner_text()
            assert "bài báo (¶" in card.inner_text()  # its sources, in the reader's words
            card.locator(".tl-pop-details summary").click()  # and as recorded, one click away
            assert feature["properties"]["source"] in card.inner_text()


LATLNGS = """(key) => {
  const plain = (value) => Array.isArray(value) ? value.map(plain) : [value.lat, value.lng];
  return plain(window.thanhLiem.features[key].layer.getLatLngs());
}"""
"""The vertices Leaflet holds for a drawn feature, as nested ``[lat, lng]`` lists."""


def _leaflet_vertices(geometry: dict[str, Any]) -> Any:
    """Return GeoJSON coordinates as Leaflet holds them: ``[lat, lng]``, rings not closed."""
    depth = {"LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}
    rings = "Polygon" in geometry["type"]

    def convert(value: Any, level: int) -> Any:
        if level:
            return [convert(item, level - 1) for item in value]
        vertices = [[lat, lon] for lon, lat in value]
        return vertices[:-1] if rings and vertices[0] == vertices[-1] else vertices

    return convert(geometry["coordinates"], depth[geometry["type"]])


def _positions(geometry: dict[str, Any]) -> list[list[float]]:
    """Every ``[lon, lat]`` of a GeoJSON geometry."""
    found: list[list[float]] = []

    def walk(value: Any) -> None:
        if isinstance(value[0], (int, float)):
            found.append(value)
        else:
            for item in value:
                walk(item)

    walk(geometry["coordinates"])
    return found


def _flatten(vertices: Any) -> list[list[float]]:
    """Every ``[lat, lng]`` of nested Leaflet vertices."""
    if isinstance(vertices[0], (int, float)):
        return [vertices]
    return [vertex for item in vertices for vertex in _flatten(item)]


@pytest.mark.browser
def test_shapes_are_drawn_at_the_layers_coordinates(
    desktop: Opened, layers_dir: Path, collections: dict[str, Any]
) -> None:
    """The compact geometry in the page decodes to every vertex of the layers, exactly."""
    drawn_types = set()
    for name, features in read_layers(layers_dir).items():
        for feature in features:
            if feature.geometry is None or feature.geometry.geom_type == "Point":
                continue
            expected = geometry_json(feature.geometry)  # the layer's, at 5 decimals
            vertices = desktop.page.evaluate(LATLNGS, f"{name}/{feature.id}")
            assert vertices == _leaflet_vertices(expected), (name, feature.id)
            drawn_types.add((name, expected["type"]))
    assert {
        ("district", "MultiPolygon"),
        ("roads", "LineString"),
        ("context", "Polygon"),
        ("context", "MultiPolygon"),
    } <= drawn_types
    # and they are the layer files' vertices, each moved by the rounding to 5 decimals only
    # (at most 0.5e-5°), none lost or added
    for name, feature_id in (("district", "thanh_liem_district"), ("context", "gso_36")):
        (source,) = [f for f in collections[name]["features"] if f["id"] == feature_id]
        written = np.array([[lat, lon] for lon, lat in _positions(source["geometry"])])
        shown = np.array(_flatten(desktop.page.evaluate(LATLNGS, f"{name}/{feature_id}")))
        gaps = np.abs(shown[:, None, :] - written[None, :, :]).max(axis=2)
        assert gaps.min(axis=1).max() <= 0.5e-5 + 1e-9, (name, feature_id)
        assert gaps.min(axis=0).max() <= 0.5e-5 + 1e-9, (name, feature_id)
        assert len(shown) > 200
    assert desktop.page_errors == []


@pytest.mark.browser
def test_fact_panel_numbers_are_the_records(desktop: Opened, facts: dict[str, Fact]) -> None:
    page = desktop.page
    panel = page.locator("#tl-panel")
    article = load_article()
    assert panel.locator('[data-ref="outlet"]').get_attribute("href") == article.outlet_url
    assert panel.locator('[data-ref="outlet"]').inner_text() == article.outlet
    assert panel.locator('[data-ref="title"]').inner_text() == f"“{article.title}”"
    assert panel.locator('[data-ref="author"]').inner_text() == article.author
    assert panel.locator('[data-ref="year"]').inner_text() == str(article.year)
    required = {fact_id for fact_id, _ in CHART_BARS} | {CHART_REFERENCE, *KEY_FIGURES}
    for lang in ("vi", "en"):
        page.locator(f'.tl-lang button[data-lang="{lang}"]').click()
        seen = set()
        numbers = panel.locator(".tl-num[data-fact]")
        for index in range(numbers.count()):
            element = numbers.nth(index)
            fact = facts[element.get_attribute("data-fact") or ""]
            assert float(element.get_attribute("data-value") or "nan") == fact.number
            assert _number(element.inner_text(), lang) == fact.number, element.inner_text()
            seen.add(fact.id)
        assert required <= seen
    # the chart: one bar per growth figure, heights proportional to the records
    bars = panel.locator("svg.tl-chart rect.tl-col")
    heights = {}
    for index in range(bars.count()):
        bar = bars.nth(index)
        fact = facts[bar.get_attribute("data-fact") or ""]
        assert float(bar.get_attribute("data-value") or "nan") == fact.number
        heights[fact.id] = float(bar.get_attribute("height") or "nan")
    assert list(heights) == [fact_id for fact_id, _ in CHART_BARS]
    ratio = {fact_id: heights[fact_id] / facts[fact_id].number for fact_id in heights}
    assert max(ratio.values()) - min(ratio.values()) < 0.02
    page.locator('.tl-lang button[data-lang="vi"]').click()
    products = panel.locator('.tl-chips[data-fact="key_products"] li').all_inner_texts()
    assert products == facts["key_products"].items_vi
    plans = panel.inner_text()
    for fact in facts.values():
        if fact.kind == "plan":
            assert str(fact.value) in plans


@pytest.mark.browser
def test_context_popups_show_what_their_layer_shares(
    desktop: Opened, collections: dict[str, Any]
) -> None:
    """Properties and source words written once for the layer show in every unit's popup."""
    page = desktop.page
    for feature in collections["context"]["features"]:
        props = feature["properties"]
        page.evaluate(
            "(key) => window.thanhLiem.features[key].layer.openPopup()", f"context/{props['id']}"
        )
        popup = page.locator(f'.leaflet-popup .tl-pop[data-feature="{props["id"]}"]')
        popup.wait_for()
        assert popup.get_attribute("data-layer") == "context"
        assert props["name_vi"] in popup.locator(".tl-pop-title").inner_text()
        assert popup.locator('[data-field="source"]').text_content() == props["source"]
        basis = popup.locator('[data-field="location_basis"]').text_content()
        assert basis == props["location_basis"]
        sources = popup.locator(".tl-pop-sources .l-vi").nth(1).text_content()
        assert sources == feature_sources(props, "vi")
        assert "gis.chinhphu.vn" in (sources or "")
        level = popup.locator(".tl-pop-attrs dd .l-vi").text_content()
        assert (
            level
            == {"Thành phố": "thành phố", "Thị xã": "thị xã", "Huyện": "huyện", "Tỉnh": "tỉnh"}[
                props["unit_type"]
            ]
        )
        where = popup.locator(".tl-pop-where [data-accuracy]").get_attribute("data-accuracy")
        assert float(where or "nan") == props["accuracy_m"]
    assert desktop.page_errors == []


@pytest.mark.browser
def test_industrial_area_popups_show_accuracy_and_source(
    desktop: Opened, collections: dict[str, Any], facts: dict[str, Fact]
) -> None:
    page = desktop.page
    for feature in collections["industrial_areas"]["features"]:
        props = feature["properties"]
        page.evaluate("window.thanhLiemMap.home()")
        page.locator(f'.tl-sym [data-id="{props["id"]}"]').click()
        popup = page.locator(f'.leaflet-popup .tl-pop[data-feature="{props["id"]}"]')
        popup.wait_for()
        assert props["name_vi"] in popup.locator(".tl-pop-title").inner_text()
        accuracy = popup.locator(".tl-pop-where [data-accuracy]")
        assert float(accuracy.get_attribute("data-accuracy") or "nan") == props["accuracy_m"]
        shown = accuracy.inner_text()  # "± 750 m", "± 3,3 km": to 100 m from 1 km
        metres = _number(shown, "vi") * (1000 if shown.endswith("km") else 1)
        assert abs(metres - props["accuracy_m"]) <= 50, shown
        explained = popup.locator(".tl-pop-basis")
        assert explained.get_attribute("data-basis") == props["location_basis"].split(":")[0]
        popup.locator(".tl-pop-details summary").click()  # the technical wording, one click away
        assert popup.locator('[data-field="source"]').inner_text() == props["source"]
        basis = popup.locator('[data-field="location_basis"]').inner_text()
        assert basis == props["location_basis"]
        for fact in facts.values():
            if props["id"] in fact.feature_ids:
                assert popup.locator(f'[data-fact="{fact.id}"]').count() == 1
        page.keyboard.press("Escape")
    assert desktop.page_errors == []


@pytest.mark.browser
def test_search_by_name_ignores_accents_and_opens_the_feature(desktop: Opened) -> None:
    page = desktop.page
    page.locator(".tl-search .tl-search-button").click()
    page.locator(".tl-search input.tl-search-input").press_sequentially("thanh hai")
    tip = page.locator(".tl-search-list [role=option]", has_text="Cụm công nghiệp Thanh Hải")
    tip.click()
    page.locator('.leaflet-popup .tl-pop[data-feature="ccn_thanh_hai"]').wait_for()
    # a feature of a layer that is off switches its layer on
    assert not page.locator(".tl-search input.tl-search-input").is_visible()  # picked: closed
    assert page.locator(".tl-f-admin_2025").count() == 0
    page.locator(".tl-search .tl-search-button").click()
    page.locator(".tl-search input.tl-search-input").press_sequentially("chau son")
    page.locator(".tl-search-list [role=option]", has_text="Phường Châu Sơn").click()
    page.locator('.leaflet-popup .tl-pop[data-feature="chau_son"]').wait_for()
    assert page.locator(".tl-f-admin_2025").count() == 6


IN_VIEW = """(key) => {
    const map = window.thanhLiemMap.map;
    const layer = window.thanhLiem.features[key].layer;
    return [map.getZoom(), map.getBounds().contains(layer.getLatLng())];
}"""


@pytest.mark.browser
def test_search_by_keyboard(desktop: Opened) -> None:
    page = desktop.page
    button = page.locator(".tl-search .tl-search-button")
    field = page.locator(".tl-search input.tl-search-input")
    options = page.locator(".tl-search-list [role=option]")
    assert button.get_attribute("aria-label") == "Tìm theo tên"
    assert not field.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('tl-search-input')")
    assert field.get_attribute("placeholder") == "Tìm theo tên"
    page.keyboard.type("ccn")
    assert options.all_inner_texts() == ["Cụm công nghiệp Thanh Hải", "Cụm công nghiệp Thanh Lưu"]
    selected = page.locator('.tl-search-list [aria-selected="true"]')
    assert selected.count() == 0
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert selected.inner_text() == "Cụm công nghiệp Thanh Lưu"
    assert field.get_attribute("aria-activedescendant") == selected.get_attribute("id")
    page.keyboard.press("ArrowDown")  # past the last, back to the first
    assert selected.inner_text() == "Cụm công nghiệp Thanh Hải"
    page.keyboard.press("ArrowUp")
    assert selected.inner_text() == "Cụm công nghiệp Thanh Lưu"
    page.keyboard.press("Enter")
    page.locator('.leaflet-popup .tl-pop[data-feature="ccn_thanh_luu"]').wait_for()
    assert not field.is_visible()
    zoom, shown = page.evaluate(IN_VIEW, "industrial_areas/ccn_thanh_luu")
    assert zoom >= 13
    assert shown
    assert desktop.page_errors == []


@pytest.mark.browser
def test_search_says_not_found_and_speaks_either_language(desktop: Opened) -> None:
    page = desktop.page
    button = page.locator(".tl-search .tl-search-button")
    field = page.locator(".tl-search input.tl-search-input")
    options = page.locator(".tl-search-list [role=option]")
    # nothing found: said so; Escape closes the field and gives the focus back to its button
    button.click()
    page.keyboard.type("zzz")
    assert options.count() == 0
    assert page.locator(".tl-search-none").inner_text() == "Không tìm thấy"
    page.keyboard.press("Enter")
    assert field.is_visible()
    page.keyboard.press("Escape")
    assert not field.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('tl-search-button')")
    # in English; Enter picks the first name found
    page.locator('.tl-lang button[data-lang="en"]').click()
    assert button.get_attribute("title") == "Search by name"
    button.click()
    assert field.get_attribute("placeholder") == "Search by name"
    assert page.locator(".tl-search-clear").get_attribute("title") == "Clear"
    page.keyboard.type("qq")
    assert page.locator(".tl-search-none").inner_text() == "Not found"
    page.locator(".tl-search-clear").focus()
    page.keyboard.press("Enter")
    assert field.input_value() == ""
    assert page.evaluate("document.activeElement.classList.contains('tl-search-input')")
    assert not page.locator(".tl-search-none").is_visible()
    page.keyboard.type("kcn")
    page.keyboard.press("Enter")
    page.locator('.leaflet-popup .tl-pop[data-feature="kcn_thanh_liem"]').wait_for()
    assert desktop.page_errors == []


def _seat(collections: dict[str, Any], unit_id: str) -> tuple[float, float]:
    """Return the (lon, lat) of a 2025 unit's seat, a place the map does not draw by default."""
    (feature,) = [f for f in collections["admin_2025"]["features"] if f["id"] == unit_id]
    lon, lat = feature["geometry"]["coordinates"]
    return float(lon), float(lat)


def _seat_clicks(page: Page, collections: dict[str, Any]) -> list[tuple[float, float]]:
    """Where the seats of xã Thanh Liêm and xã Liêm Hà show on the page, in view."""
    places = [_seat(collections, "thanh_liem"), _seat(collections, "liem_ha")]
    clicks = page.evaluate(
        """(places) => {
            const map = window.thanhLiemMap.map;
            const box = map.getContainer().getBoundingClientRect();
            return places.map(([lon, lat]) => {
                const point = map.latLngToContainerPoint([lat, lon]);
                return [box.left + point.x, box.top + point.y];
            });
        }""",
        places,
    )
    box = page.locator(".leaflet-container").bounding_box()
    assert box is not None
    for x, y in clicks:  # both places are in view, away from the edges and controls
        assert box["x"] + 60 < x < box["x"] + box["width"] - 60
        assert box["y"] + 60 < y < box["y"] + box["height"] - 60
    return [(x, y) for x, y in clicks]


def _seats_apart(collections: dict[str, Any]) -> float:
    """The distance between the two seats on the ground (WGS 84 ellipsoid), in metres."""
    (lon1, lat1), (lon2, lat2) = (_seat(collections, "thanh_liem"), _seat(collections, "liem_ha"))
    return float(pyproj.Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2])


@pytest.mark.browser
def test_measure_a_distance(desktop: Opened, collections: dict[str, Any]) -> None:
    page = desktop.page
    page.locator("#tl-legend .tl-legend-toggle").click()
    button = page.locator(".tl-measure a.tl-measure-button")
    assert button.get_attribute("title") == CONTROL_TEXTS["measure"][0]
    assert button.get_attribute("aria-pressed") == "false"
    button.focus()
    page.keyboard.press("Enter")  # a button for the keyboard too
    assert button.get_attribute("aria-pressed") == "true"
    assert button.get_attribute("aria-label") == CONTROL_TEXTS["measureStop"][0]
    hint = page.locator(".tl-measure-hint")
    assert hint.inner_text() == CONTROL_TEXTS["measureStart"][0]
    # measure from the seat of xã Thanh Liêm to that of xã Liêm Hà: click where the map
    # shows them, and the tool must give their distance on the ground
    start, end = _seat_clicks(page, collections)
    page.mouse.click(*start)
    assert hint.inner_text() == CONTROL_TEXTS["measureNext"][0]
    trail = page.locator("path.tl-measure-trail")
    page.mouse.move(*end)  # the dashed line follows the pointer
    assert re.fullmatch(r"M[\d.-]+ [\d.-]+L[\d.-]+ [\d.-]+", trail.get_attribute("d") or "")
    page.mouse.click(*end)
    page.mouse.click(*end)  # a second click on the last point ends the line
    assert trail.count() == 0
    assert hint.inner_text() == CONTROL_TEXTS["measureDone"][0]
    total = page.locator(".tl-measure-total")
    assert total.count() == 1
    metres = _seats_apart(collections)
    # 1 %: Leaflet measures on a sphere (within 0.5 % of the ellipsoid) and a click lands on
    # the nearest pixel (about 20 m at the opening zoom, on a distance of several km)
    shown = {}
    for lang in ("vi", "en"):
        page.locator(f'.tl-lang button[data-lang="{lang}"]').click()
        text = total.inner_text()
        assert re.fullmatch(r"\d+[,.]\d\d\s?km", text), text
        assert ("," in text) == (lang == "vi"), text
        shown[lang] = _number(text, lang)
        assert shown[lang] == pytest.approx(metres / 1000, rel=0.01)
    assert shown["vi"] == shown["en"]
    assert button.get_attribute("title") == CONTROL_TEXTS["measureStop"][1]
    assert hint.inner_text() == CONTROL_TEXTS["measureDone"][1]
    assert page.locator(".leaflet-popup").count() == 0
    assert desktop.page_errors == []


@pytest.mark.browser
def test_measure_and_fullscreen(desktop: Opened, collections: dict[str, Any]) -> None:
    page = desktop.page
    page.locator("#tl-legend .tl-legend-toggle").click()
    button = page.locator(".tl-measure a.tl-measure-button")
    button.click()
    # a click on a feature adds a point instead of opening the feature's popup
    kcn = page.locator('.tl-sym [data-id="kcn_thanh_liem"]').bounding_box()
    assert kcn is not None
    on_kcn = (kcn["x"] + kcn["width"] / 2, kcn["y"] + kcn["height"] / 2)
    page.mouse.click(*on_kcn)
    assert page.locator(".leaflet-popup").count() == 0
    assert page.locator(".tl-measure-point").count() == 1
    # a double-click ends the line, without zooming (Leaflet starts a zoom on the next frame)
    page.evaluate("window.thanhLiemMap.map.once('zoomstart', () => { window.zoomed = true; })")
    start, _ = _seat_clicks(page, collections)
    page.mouse.dblclick(*start)
    assert page.locator(".tl-measure-point").count() == 2
    assert page.locator(".tl-measure-total").count() == 1
    assert page.locator(".tl-measure-hint").inner_text() == CONTROL_TEXTS["measureDone"][0]
    frames = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    page.evaluate(frames)
    assert page.evaluate("window.zoomed === undefined")
    # Escape turns measuring off and clears the lines (the total fades out): popups open again
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-pressed") == "false"
    assert button.get_attribute("title") == CONTROL_TEXTS["measure"][0]
    page.wait_for_function(
        "!document.querySelector('.tl-measure-total, .tl-measure-line, .tl-measure-point')"
    )
    assert not page.locator(".tl-measure-hint").is_visible()
    page.mouse.click(*on_kcn)
    page.locator('.leaflet-popup .tl-pop[data-feature="kcn_thanh_liem"]').wait_for()
    page.locator(".leaflet-control-zoom-fullscreen").click()
    assert page.evaluate("document.fullscreenElement.classList.contains('leaflet-container')")
    assert desktop.page_errors == []


@pytest.mark.browser
def test_measure_by_touch(browser: Browser, map_html: Path, collections: dict[str, Any]) -> None:
    # a phone, zoomed as the desktop opens: the seats are 8.4 km apart, north to south
    opened = open_map(browser, map_html, 390, 760, "view=20.467,105.9415,12", touch=True)
    page = opened.page
    try:
        page.locator(".tl-measure a.tl-measure-button").tap()
        start, end = _seat_clicks(page, collections)
        page.touchscreen.tap(*start)
        page.touchscreen.tap(*end)
        page.touchscreen.tap(*end)  # tapping the last point ends the line
        hint = page.locator(".tl-measure-hint").inner_text()
        assert hint == CONTROL_TEXTS["measureDone"][0]
        metres = _seats_apart(collections)
        # 1 % as on the desktop: the sphere, and a tap on the nearest pixel (36 m at zoom 12)
        total = page.locator(".tl-measure-total").inner_text()
        assert _number(total, "vi") == pytest.approx(metres / 1000, rel=0.01)
        assert page.locator(".leaflet-popup").count() == 0
        page.touchscreen.tap(*start)  # the next tap starts a new line
        assert page.locator(".tl-measure-point").count() == 3
        assert opened.page_errors == []
    finally:
        page.context.close()


@pytest.mark.browser
def test_language_switch(desktop: Opened) -> None:
    page = desktop.page
    title = page.locator("#tl-panel h1")
    assert title.inner_text() == "Công nghiệp ở Thanh Liêm"
    page.locator('.tl-lang button[data-lang="en"]').click()
    assert title.inner_text() == "Industry in Thanh Liêm"
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.browser
def test_hostile_names_show_as_text(browser: Browser, layers_dir: Path, tmp_path: Path) -> None:
    folder = copy_layers(layers_dir, tmp_path / "layers")
    edit_feature(folder, "industrial_areas", "kcn_thanh_liem", name_vi=HOSTILE, note_vi=HOSTILE)
    edit_feature(folder, "context", "gso_352", name_vi=HOSTILE + " 2")
    html = build_map(folder, tmp_path / "out")[0]
    opened = open_map(browser, html)
    page = opened.page
    labels = page.locator(".tl-label-industrial_areas").all_inner_texts()
    assert HOSTILE in labels
    assert HOSTILE + " 2" in page.locator(".tl-label-context").all_inner_texts()
    page.locator('.tl-sym [data-id="kcn_thanh_liem"]').click()
    popup = page.locator('.leaflet-popup .tl-pop[data-feature="kcn_thanh_liem"]')
    assert popup.locator(".tl-pop-title").inner_text() == HOSTILE
    assert HOSTILE in popup.locator(".tl-pop-note").inner_text()
    page.keyboard.press("Escape")
    page.locator(".tl-search .tl-search-button").click()
    page.locator(".tl-search input.tl-search-input").press_sequentially("onerror")
    tips = page.locator(".tl-search-list [role=option]")
    tips.first.wait_for()
    assert sorted(tips.all_inner_texts()) == [HOSTILE, HOSTILE + " 2"]
    page.evaluate(IMAGES_SETTLED)  # any onerror handler has run by now
    assert opened.dialogs == []
    assert opened.page_errors == []
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    assert not [url for url in opened.local if url.endswith("/x")]
    page.context.close()


@pytest.mark.browser
def test_after_an_osm_import(browser: Browser, layers_dir: Path, tmp_path: Path) -> None:
    # An import replaces points with footprints and sketches with routes, and adds context
    # roads and the river: footprints keep their symbol and circle, the legend follows.
    folder = copy_layers(layers_dir, tmp_path / "layers")
    simulate_osm_import(folder)
    opened = open_map(browser, build_map(folder, tmp_path / "out")[0])
    page = opened.page
    area = page.locator("path.tl-f-industrial_areas.tl-k-ccn")
    assert area.count() == 1
    assert float(area.get_attribute("fill-opacity") or "nan") <= 0.35
    assert page.locator(".tl-f-industrial_areas").count() == 3
    assert page.locator(".tl-unc-industrial_areas").count() == 3
    assert page.locator('.tl-sym [data-id="ccn_thanh_luu"]').count() == 1
    assert page.locator(".tl-f-roads").count() == 3
    legend = page.locator("#tl-legend")
    assert "T1 – tuyến theo OpenStreetMap" in legend.locator(".tl-legend-mapped_road").inner_text()
    assert "T4 – chưa công bố tuyến" in legend.locator(".tl-legend-unmapped_road").inner_text()
    assert "Sông Đáy" in legend.locator(".tl-legend-river").inner_text()
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "© OpenStreetMap contributors (ODbL)" in attribution
    assert opened.page_errors == []
    page.context.close()


@pytest.mark.browser
def test_usable_on_a_phone(browser: Browser, map_html: Path, collections: dict[str, Any]) -> None:
    opened = open_map(browser, map_html, 390, 844)
    page = opened.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("#tl-panel h1").is_visible()
    assert not page.locator("#tl-body").is_visible()
    box = page.locator(".leaflet-container").bounding_box()
    assert box is not None
    assert box["width"] == 390
    assert box["height"] > 700
    assert page.locator(".tl-f-industrial_areas").count() == drawn(collections["industrial_areas"])
    assert page.locator("#tl-legend").evaluate("e => e.classList.contains('tl-collapsed')")
    page.locator("#tl-toggle").click()
    assert page.locator("#tl-body").is_visible()
    assert page.locator("svg.tl-chart").is_visible()
    page.locator("#tl-toggle").click()
    assert not page.locator("#tl-body").is_visible()
    # the district's popup leads to the fact panel
    page.evaluate("window.thanhLiemMap.layers.district.getLayers()[0].openPopup()")
    page.locator(".leaflet-popup .tl-open-panel").click()
    assert page.locator("#tl-body").is_visible()
    assert page.locator("#tl-figures-h").is_visible()
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert opened.page_errors == []
    page.context.close()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


@pytest.mark.browser
def test_screenshots_are_written(browser: Browser, map_html: Path, tmp_path: Path) -> None:
    written = take_screenshots(map_html, tmp_path, offline=True, browser=browser)
    assert [path.name for path in written] == ["screenshot_desktop.png", "screenshot_phone.png"]
    assert _png_size(written[0]) == (1280, 800)
    assert _png_size(written[1]) == (390, 844)
