"""Links that reopen what the reader saw, and the map inside an ``<iframe>``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.webmap import MAP_FILENAME, build_map
from tests.browser import open_map

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def map_html(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_map(layers_dir, tmp_path_factory.mktemp("links"))[0]


def _hash(page: Page) -> dict[str, str]:
    fragment = urlsplit(page.url).fragment
    return {key: values[0] for key, values in parse_qs(fragment).items()}


def _visible_layers(page: Page) -> set[str]:
    return set(
        page.evaluate(
            "Object.entries(thanhLiemMap.layers)"
            ".filter(([, group]) => thanhLiemMap.map.hasLayer(group)).map(([name]) => name)"
        )
    )


def test_the_hash_follows_what_the_reader_does(browser: Browser, map_html: Path) -> None:
    opened = open_map(browser, map_html)
    page = opened.page
    page.locator('.tl-lang button[data-lang="en"]').click()
    page.wait_for_function("location.hash.includes('lang=en')")
    page.locator('.tl-sym [data-id="ccn_thanh_hai"]').click()
    page.wait_for_function("location.hash.includes('feature=industrial_areas/ccn_thanh_hai')")
    state = _hash(page)
    assert state["lang"] == "en"
    assert set(state["layers"].split(",")) == _visible_layers(page)
    assert "admin_2025" not in state["layers"]  # off at first
    lat, lon, zoom = map(float, state["view"].split(","))
    centre = page.evaluate(
        "(() => { const c = thanhLiemMap.map.getCenter(); return [c.lat, c.lng]; })()"
    )
    assert (lat, lon) == pytest.approx(centre, abs=1e-4)
    assert zoom == pytest.approx(page.evaluate("thanhLiemMap.map.getZoom()"))
    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("!location.hash.includes('feature=')")
    assert opened.page_errors == []
    page.context.close()


def test_a_link_restores_feature_language_layers_and_view(browser: Browser, map_html: Path) -> None:
    first = open_map(browser, map_html)
    page = first.page
    page.evaluate("thanhLiemMap.map.addLayer(thanhLiemMap.layers.admin_2025)")
    page.evaluate("thanhLiemMap.map.removeLayer(thanhLiemMap.layers.context)")
    page.locator('.tl-lang button[data-lang="en"]').click()
    page.locator('.tl-sym [data-id="kcn_thanh_liem"]').click()
    page.wait_for_function("location.hash.includes('feature=industrial_areas/kcn_thanh_liem')")
    link = page.url
    layers = _visible_layers(page)
    zoom = page.evaluate("thanhLiemMap.map.getZoom()")
    page.context.close()

    again = open_map(browser, map_html, fragment=urlsplit(link).fragment)
    page = again.page
    popup = page.locator('.leaflet-popup .tl-pop[data-feature="kcn_thanh_liem"]')
    popup.wait_for()
    assert popup.locator(".tl-pop-title .l-en").inner_text() == "Thanh Liêm Industrial Park"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert (
        _visible_layers(page) == layers == {"district", "roads", "industrial_areas", "admin_2025"}
    )
    assert page.evaluate("thanhLiemMap.map.getZoom()") == pytest.approx(zoom)
    assert again.page_errors == []
    page.context.close()


def test_a_link_to_a_feature_alone_zooms_to_it(browser: Browser, map_html: Path) -> None:
    opened = open_map(browser, map_html, fragment="feature=admin_2025/liem_ha")
    page = opened.page
    page.locator('.leaflet-popup .tl-pop[data-feature="liem_ha"]').wait_for()
    assert "admin_2025" in _visible_layers(page)  # switched on to show the feature
    assert opened.page_errors == []
    page.context.close()


@pytest.mark.parametrize(
    "fragment",
    ["en", "feature=roads/nowhere&layers=bogus&view=a,b,c", "view=1e999,0,4&lang=xx", "%%%"],
)
def test_a_broken_or_old_link_still_opens_the_map(
    browser: Browser, map_html: Path, fragment: str
) -> None:
    opened = open_map(browser, map_html, fragment=fragment)
    page = opened.page
    assert page.locator(".leaflet-popup").count() == 0
    expected = "en" if fragment == "en" else "vi"
    assert page.evaluate("document.documentElement.lang") == expected
    assert {"district", "roads", "industrial_areas"} <= _visible_layers(page)
    assert opened.page_errors == []
    page.context.close()


def test_copy_link_gives_the_current_link(browser: Browser, map_html: Path) -> None:
    opened = open_map(browser, map_html)
    page = opened.page
    page.locator('.tl-sym [data-id="ccn_thanh_luu"]').click()
    page.wait_for_function("location.hash.includes('ccn_thanh_luu')")
    page.locator(".leaflet-popup-close-button").click()
    page.locator(".tl-copy-button").click()
    field = page.locator(".tl-copy-url")
    field.wait_for()
    assert field.input_value() == page.url
    assert "feature=" not in page.url  # the popup was closed before copying
    assert page.locator(".tl-copy-said").inner_text().startswith(("Đã sao chép", "Sao chép"))
    assert opened.page_errors == []
    page.context.close()


def test_the_map_works_inside_an_iframe(browser: Browser, map_html: Path) -> None:
    host = map_html.parent / "embed.html"
    host.write_text(
        "<!doctype html><title>Embed</title><h1>A story</h1>"
        f'<iframe src="{MAP_FILENAME}#lang=en&amp;feature=industrial_areas/ccn_thanh_hai" '
        'width="900" height="600" title="Map"></iframe>',
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("body[data-ready=true]").wait_for()
    popup = frame.locator('.leaflet-popup .tl-pop[data-feature="ccn_thanh_hai"]')
    popup.wait_for()
    assert popup.locator(".tl-pop-title .l-en").inner_text() == "Thanh Hải Industrial Cluster"
    frame.locator('.tl-lang button[data-lang="vi"]').click()
    assert page.url == host.as_uri()  # the host page's address is never touched
    inner = page.frames[1]
    inner.wait_for_function("location.hash.includes('lang=vi')")
    assert errors == []
    context.close()
