"""Screenshots of the built map in Debian's Chromium, driven by Playwright.

``python -m devtools.screenshot`` writes ``output/screenshot_desktop.png`` (1280×800) and
``output/screenshot_phone.png`` (390×844); ``--docs docs/map_desktop.png`` also copies the
desktop one for the README. Without network (or with ``--offline``) the map shows its
no-basemap view and says so, which is what the committed screenshot shows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from playwright.sync_api import sync_playwright

from geo.io import atomic_writer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CHROMIUM: Final = Path("/usr/bin/chromium")
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
VIEWPORTS: Final = {"desktop": (1280, 800), "phone": (390, 844)}
SETTLE_MS: Final = 2500
"""Time for tiles to load or for the offline fallback to switch (it waits 1.5 s)."""


def launch(playwright: Any) -> Browser:
    """Launch Debian's Chromium headless.

    Parameters
    ----------
    playwright
        A started ``sync_playwright()`` instance.

    Returns
    -------
    Browser
    """
    browser: Browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
    )
    return browser


def block_network(route: Route) -> None:
    """Let ``file:`` and ``data:`` requests through; abort every other one.

    Parameters
    ----------
    route
        A Playwright route.
    """
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def open_map(browser: Browser, html: Path, viewport: str, *, offline: bool) -> Page:
    """Open the map in a new page and wait until it is drawn.

    Parameters
    ----------
    browser
        From :func:`launch`.
    html
        The map file.
    viewport
        A key of :data:`VIEWPORTS`.
    offline
        Block every request that is not ``file:`` or ``data:``.

    Returns
    -------
    Page
    """
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    if offline:
        page.route("**/*", block_network)
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_timeout(SETTLE_MS)
    return page


def take_screenshots(
    html: Path, output_dir: Path, *, offline: bool = False, browser: Browser | None = None
) -> list[Path]:
    """Write a desktop and a phone screenshot of the map.

    Parameters
    ----------
    html
        The map file.
    output_dir
        Where ``screenshot_desktop.png`` and ``screenshot_phone.png`` go.
    offline
        Block the basemap (and every other non-local request).
    browser
        A running browser to use; by default Chromium is launched (and closed).

    Returns
    -------
    list of Path
    """
    if browser is None:
        with sync_playwright() as playwright:
            launched = launch(playwright)
            try:
                return take_screenshots(html, output_dir, offline=offline, browser=launched)
            finally:
                launched.close()
    written = []
    for name in VIEWPORTS:
        page = open_map(browser, html, name, offline=offline)
        path = output_dir / f"screenshot_{name}.png"
        with atomic_writer(path, "wb") as out:
            out.write(page.screenshot())
        page.context.close()
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        Arguments without the program name.

    Returns
    -------
    int
        0 on success, 2 when Chromium or the map is missing.
    """
    parser = argparse.ArgumentParser(prog="python -m devtools.screenshot", description=__doc__)
    parser.add_argument("--html", type=Path, default=Path("output/thanh_liem_map.html"))
    parser.add_argument("--output-dir", type=Path, default=Path("output"))
    parser.add_argument("--docs", type=Path, help="also copy the desktop screenshot here")
    parser.add_argument("--offline", action="store_true", help="block the basemap tiles")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        sys.stderr.write(f"error: {CHROMIUM} not found (apt-get install chromium)\n")
        return 2
    if not args.html.is_file():
        sys.stderr.write(f"error: {args.html} not found (build it first: make map)\n")
        return 2
    written = take_screenshots(args.html, args.output_dir, offline=args.offline)
    if args.docs is not None:
        args.docs.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(written[0], args.docs)
        written.append(args.docs)
    for path in written:
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
