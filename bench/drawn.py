"""Time until a page's shapes are drawn, measured the same way for every page.

"Drawn" is the moment the browser has produced the first frame that holds the last SVG
``path`` added inside the map (``.leaflet-map-pane``: the layers' areas, lines, circles
and symbols; not the controls or the legend), counted from navigation start
(``performance.now()``). A script that runs before the page's own notes each path the first
time it enters the document (moving a drawn path to the front does not count) and, one
``requestAnimationFrame`` later, the time of a task queued after that frame; the page is
left alone until no path has arrived for :data:`QUIET_MS`, and the time noted after the
last path is the result. Every request that is not a local file is blocked (tiles fail, as
offline), except the CDN files of the plain folium baseline, served from local copies so
that it can draw at all.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from playwright.sync_api import Browser, Route, ViewportSize, sync_playwright

from devtools.screenshot import CHROMIUM, CHROMIUM_ARGS

QUIET_MS: Final = 1500
VIEWPORT: Final[ViewportSize] = {"width": 1280, "height": 800}

WATCH_PATHS: Final = """
(() => {
  const state = {paths: 0, lastPath: null, drawn: null};
  window.__drawn = state;
  const seen = new WeakSet();
  const inMap = (node) => node.isConnected && node.closest('.leaflet-map-pane') !== null;
  new MutationObserver((records) => {
    let added = 0;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1 || !inMap(node)) { continue; }
        const paths = node.localName === 'path' ? [node] : node.getElementsByTagName('path');
        for (const path of paths) {
          if (!seen.has(path)) { seen.add(path); added += 1; }
        }
      }
    }
    if (!added) { return; }
    state.paths += added;
    const stamp = performance.now();
    state.lastPath = stamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (state.lastPath === stamp) { state.drawn = performance.now(); }
      };
      channel.port2.postMessage(null);
    });
  }).observe(document, {childList: true, subtree: true});
})();
"""

SETTLED: Final = (
    "(quiet) => window.__drawn && window.__drawn.drawn !== null"
    " && performance.now() - window.__drawn.lastPath > quiet"
)


@dataclass
class Draws:
    """The measurements of one page.

    Attributes
    ----------
    seconds
        Time until drawn, one per kept run.
    paths
        SVG paths the page drew (the last run).
    errors
        Script errors the page raised.
    """

    seconds: list[float] = field(default_factory=list)
    paths: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median time until drawn, in seconds."""
        return statistics.median(self.seconds)


def _router(stand_ins: Mapping[str, Path]) -> Callable[[Route], None]:
    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
            return
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in stand_ins:
            route.fulfill(path=str(stand_ins[name]))
        elif name.endswith((".js", ".css")):
            route.fulfill(status=200, body="", content_type="text/plain")
        else:
            route.abort()

    return route


def _draw_once(browser: Browser, html: Path, stand_ins: Mapping[str, Path], into: Draws) -> float:
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.on("pageerror", lambda error: into.errors.append(str(error)))
        page.add_init_script(WATCH_PATHS)
        page.route("**/*", _router(stand_ins))
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_function(SETTLED, arg=QUIET_MS, polling=100, timeout=60_000)
        state = page.evaluate("window.__drawn")
        into.paths = int(state["paths"])
        return float(state["drawn"]) / 1000
    finally:
        page.context.close()


def draw_times(
    pages: Mapping[str, Path], stand_ins: Mapping[str, Path], runs: int
) -> tuple[dict[str, Draws], str]:
    """Open the pages in turn, ``runs + 1`` rounds, and time each; the first round is dropped.

    Parameters
    ----------
    pages
        Label → HTML file; opened in this order in every round (interleaved).
    stand_ins
        File name → local file served for a request of that name (the baseline's CDN).
    runs
        Rounds kept.

    Returns
    -------
    dict
        Label → :class:`Draws`.
    str
        Chromium's version.
    """
    results = {label: Draws() for label in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        version = str(browser.version)
        try:
            for round_ in range(runs + 1):
                for label, html in pages.items():
                    seconds = _draw_once(browser, html, stand_ins, results[label])
                    if round_ > 0:
                        results[label].seconds.append(seconds)
        finally:
            browser.close()
    return results, version


def spread(values: Sequence[float]) -> str:
    """Return ``min–max`` of a series, for the report."""
    return f"{min(values):.2f}–{max(values):.2f}"
