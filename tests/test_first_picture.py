"""The first picture: the map draws its shapes once, at the first view, before the rest.

The map is created without a view, so Leaflet draws the layers when the page sets one (the
district fitted, or a link's view or feature) instead of at a provisional view first; the
controls, labels and basemap are set up after the first frame that shows the shapes. How
fast that is, is measured by ``make bench``, not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser import open_map

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

WATCH = """
window.__picture = {rewrites: 0, shapes: 0, first: null};
new MutationObserver((records) => {
  const state = window.__picture;
  for (const record of records) {
    const path = record.type === 'attributes' && record.target.localName === 'path';
    if (path && record.target.isConnected && record.target.closest('.leaflet-map-pane')) {
      state.rewrites += 1;  // an outline drawn again (its first 'd' is set before it is added)
    }
  }
  const shapes = document.querySelectorAll('.leaflet-map-pane path').length;
  if (shapes && state.first === null) {
    state.first = {
      shapes: shapes,
      labels: document.querySelectorAll('.tl-label').length,
      scale: document.querySelectorAll('.leaflet-control-scale').length,
      chooser: document.querySelectorAll('.leaflet-control-layers').length,
      tiles: document.querySelectorAll('.leaflet-tile').length,
      legend: document.querySelectorAll('#tl-legend:not([hidden])').length,
    };
  }
  state.shapes = shapes;
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['d']});
"""


@pytest.mark.parametrize(
    "fragment",
    # (a linked feature is drawn once too, then its popup may pan the map to fit)
    ["", "view=20.43,105.93,13", "lang=en&layers=district,roads,industrial_areas"],
)
def test_each_shape_is_drawn_once(browser: Browser, map_html: Path, fragment: str) -> None:
    opened = open_map(browser, map_html, fragment=fragment, watch=WATCH)
    state = opened.page.evaluate("window.__picture")
    assert state["shapes"] > 0
    assert state["rewrites"] == 0  # no outline drawn at a provisional view and again
    assert opened.page_errors == []
    opened.page.context.close()


def test_the_shapes_and_legend_come_before_labels_controls_and_tiles(
    browser: Browser, map_html: Path
) -> None:
    opened = open_map(browser, map_html, watch=WATCH)
    page = opened.page
    first = page.evaluate("window.__picture.first")
    assert first["shapes"] == page.locator(".leaflet-map-pane path").count()
    assert first["legend"] == 1
    assert (first["labels"], first["scale"], first["chooser"], first["tiles"]) == (0, 0, 0, 0)
    # all of which the ready page has (the tiles tried, then replaced by the offline view)
    assert page.locator(".tl-label").count() > 0
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator("#tl-offline-note").is_visible()
    page.context.close()
