"""What a new reader hit: nothing covers a label, a control or a popup, on desktop and phone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from geo.schema import LAYER_NAMES
from geo.webmap import build_map
from tests.browser import open_map

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}

BOXES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const seen = (e) => e.checkVisibility({visibilityProperty: true});
  return {
    labels: [...document.querySelectorAll('.tl-label')].filter(seen)
      .map((e) => ({text: e.innerText, ...box(e.firstElementChild || e)})),
    controls: [...document.querySelectorAll('.leaflet-control, #tl-offline-note')].filter(seen)
      .map((e) => ({text: e.className, ...box(e)})),
  };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.fixture(scope="module")
def map_html(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_map(layers_dir, tmp_path_factory.mktemp("layout"))[0]


@pytest.mark.parametrize("screen", SCREENS)
def test_no_label_covers_another_or_a_control(
    browser: Browser, map_html: Path, screen: str
) -> None:
    width, height = SCREENS[screen]
    opened = open_map(browser, map_html, width, height, fragment="layers=" + ",".join(LAYER_NAMES))
    page = opened.page
    page.wait_for_function("!!document.querySelector('.tl-label-admin_2025')")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    boxes = page.evaluate(BOXES)
    labels, controls = boxes["labels"], boxes["controls"]
    assert all(b["right"] - b["left"] > 20 and b["bottom"] - b["top"] > 8 for b in labels)
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :] + controls
        if _overlap(a, b)
    ]
    assert clashes == []
    shown = {label["text"] for label in labels}
    # the article's places keep their labels at the first view
    assert {"KCN Thanh Liêm", "CCN Thanh Hải", "CCN Thanh Lưu", "ĐT495B (sơ đồ)"} <= shown
    assert opened.page_errors == []
    page.context.close()


def _expand_layer_control(page: Page) -> None:
    page.locator(".leaflet-control-layers").hover()  # a tap expands it the same way
    page.locator(".leaflet-control-layers-expanded").wait_for()


@pytest.mark.parametrize("screen", SCREENS)
def test_offline_note_leaves_the_basemap_choices_usable(
    browser: Browser, map_html: Path, screen: str
) -> None:
    opened = open_map(browser, map_html, *SCREENS[screen])
    page = opened.page
    assert page.locator("#tl-offline-note").is_visible()
    _expand_layer_control(page)
    radios = page.locator(".leaflet-control-layers-base input")
    assert radios.count() == 3
    for index in range(radios.count()):
        box = radios.nth(index).bounding_box()
        assert box is not None
        hit = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.leaflet-control-layers')",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert hit, f"radio {index} is covered"
    page.evaluate(
        "window.chosen = []; thanhLiemMap.map.on('baselayerchange', (e) => chosen.push(e.name))"
    )
    radios.nth(1).click()  # satellite imagery: the click arrives (then tiles fail again)
    page.wait_for_function("chosen.length > 0")
    assert "Esri" in page.evaluate("chosen[0]")
    assert opened.page_errors == []
    page.context.close()


def test_popups_on_a_phone_are_whole(browser: Browser, map_html: Path) -> None:
    width, height = SCREENS["phone"]
    opened = open_map(browser, map_html, width, height)
    page = opened.page
    page.evaluate("thanhLiemMap.map.addLayer(thanhLiemMap.layers.admin_2025)")
    symbols = page.locator(".tl-sym svg[data-id]")
    ids = [symbols.nth(i).get_attribute("data-id") for i in range(symbols.count())]
    assert len(ids) == 9  # the park, two clusters and six 2025 seats
    for feature_id in ids:
        page.evaluate("thanhLiemMap.home()")
        page.evaluate(
            """(id) => new Promise((done) => {
                 const map = thanhLiemMap.map;
                 map.once('popupopen', () => setTimeout(done, 0));
                 document.querySelector(`.tl-sym svg[data-id="${id}"]`)
                   .dispatchEvent(new MouseEvent('click', {bubbles: true}));
               })""",
            feature_id,
        )
        page.wait_for_function(  # the popup's pan into view has ended
            "!(thanhLiemMap.map._panAnim && thanhLiemMap.map._panAnim._inProgress)"
        )
        popup = page.locator(".leaflet-popup").last.bounding_box()
        assert popup is not None
        assert popup["x"] >= 0
        assert popup["x"] + popup["width"] <= width
        assert popup["y"] >= 0
        assert popup["y"] + popup["height"] <= height
        covering = page.evaluate(BOXES)["controls"]
        box = {
            "left": popup["x"],
            "top": popup["y"],
            "right": popup["x"] + popup["width"],
            "bottom": popup["y"] + popup["height"],
        }
        assert [c["text"] for c in covering if _overlap(box, c)] == [], feature_id
    assert opened.page_errors == []
    page.context.close()


def test_the_page_can_be_pinch_zoomed(browser: Browser, map_html: Path) -> None:
    opened = open_map(browser, map_html, *SCREENS["phone"])
    viewports = opened.page.evaluate(
        "[...document.querySelectorAll('meta[name=viewport]')].map((m) => m.content)"
    )
    assert len(viewports) == 1
    assert "user-scalable=no" not in viewports[0].replace(" ", "")
    assert "maximum-scale" not in viewports[0]
    opened.page.context.close()


def test_industrial_area_popups_need_no_inner_scrolling(
    browser: Browser, map_html: Path, collections: dict[str, Any]
) -> None:
    opened = open_map(browser, map_html, *SCREENS["desktop"])
    page = opened.page
    for feature in collections["industrial_areas"]["features"]:
        for lang in ("vi", "en"):
            page.evaluate(  # a link to the feature opens its popup where the map puts it
                "(hash) => { location.hash = hash; }",
                f"lang={lang}&feature=industrial_areas/{feature['id']}",
            )
            content = page.locator(f'.leaflet-popup-content:has([data-feature="{feature["id"]}"])')
            content.wait_for()
            page.wait_for_function(f"document.documentElement.lang === '{lang}'")
            scroll, client = content.evaluate("(c) => [c.scrollHeight, c.clientHeight]")
            assert scroll <= client, (feature["id"], lang)
            page.evaluate("thanhLiemMap.map.closePopup()")
    assert opened.page_errors == []
    page.context.close()
