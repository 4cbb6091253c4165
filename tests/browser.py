"""Opening the HTML map in Debian's Chromium with every non-local request blocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

IMAGES_SETTLED = """async () => {
  const pending = [...document.images].filter((image) => !image.complete);
  await Promise.all(pending.map((image) => new Promise((done) => {
    image.addEventListener("load", done, {once: true});
    image.addEventListener("error", done, {once: true});
  })));
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
}"""
"""Resolves once every image has loaded or failed and the events queued with them have run."""


@dataclass
class Opened:
    """A page of the map with everything it did recorded."""

    page: Page
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_map(
    browser: Browser,
    html: Path,
    width: int = 1280,
    height: int = 800,
    fragment: str = "",
    *,
    watch: str = "",
    touch: bool = False,
) -> Opened:
    """Open the map and wait until it is ready (and, offline, has said so).

    ``watch`` is a script run in the page before the page's own.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
    )
    opened = Opened(context.new_page())
    page = opened.page
    if watch:
        page.add_init_script(watch)
    page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            opened.console_errors.append((message.text, message.location.get("url", "")))
            if message.type == "error"
            else None
        ),
    )

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(handler: Any) -> None:
        url = handler.request.url
        if url.startswith(("file:", "data:")):
            opened.local.append(url)
            handler.continue_()
        else:
            opened.blocked.append(url)
            handler.abort()

    page.route("**/*", route)
    page.goto(html.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#tl-offline-note:not([hidden])", timeout=10_000)
    return opened
