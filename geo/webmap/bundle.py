"""Browser assets inlined into the map: vendored Leaflet and plugins, and the map's own code.

The vendored files (``assets/vendor/<package>-<version>/``) come from the npm registry via
``assets/vendor/update.sh``; ``MANIFEST.json`` records package, version, npm integrity and
the SHA-256 of every file. Each library's script is its minified build (the package's own,
or terser's at vendoring time where the package has none). The map's own script and every
stylesheet are minified here, when the page is built (rJSmin, rCSSmin). Images a
stylesheet refers to are inlined as ``data:`` URIs, so the page makes no request for them;
an image named by several rules is written once, as a custom property on ``:root``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Final

import rcssmin
import rjsmin

ASSETS: Final = resources.files("geo.webmap") / "assets"
VENDOR: Final = ASSETS / "vendor"

SCRIPTS: Final = (
    "vendor/leaflet-1.9.4/leaflet.js",
    "vendor/leaflet.fullscreen-4.0.0/Control.FullScreen.min.js",
    "cards.js",
    "thanh_liem.js",
    "controls.js",
    "search.js",
    "measure.js",
    "view.js",
)
"""Scripts in load order (Leaflet first, the map's own code last)."""

MINIFIED_AT_BUILD: Final = frozenset(
    {"cards.js", "thanh_liem.js", "controls.js", "search.js", "measure.js", "view.js"}
)
"""Scripts kept readable in the source and minified when the page is built."""

STYLESHEETS: Final = (
    "vendor/leaflet-1.9.4/leaflet.css",
    "vendor/leaflet.fullscreen-4.0.0/Control.FullScreen.css",
    "thanh_liem.css",
)
"""Stylesheets in cascade order (the map's own last, so it can override)."""

UNUSED_URLS: Final = frozenset({"images/marker-icon.png"})
"""Images the stylesheets name that the map never shows (Leaflet's default marker): replaced
by ``none`` instead of being inlined."""

_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_DATA_URL = re.compile(r'url\("data:[^"]*"\)')
_SOURCE_MAP = re.compile(r"\s*//# sourceMappingURL=\S*\s*$")
SHARED_IMAGE_PREFIX: Final = "--tl-image-"
"""Custom properties that hold an image several rules show."""


class AssetError(Exception):
    """A vendored asset is missing or differs from its manifest."""


@dataclass(frozen=True)
class InlineAssets:
    """The text to inline.

    Attributes
    ----------
    css
        Stylesheets, concatenated, with images as ``data:`` URIs.
    scripts
        Script texts, in load order.
    """

    css: str
    scripts: tuple[str, ...]


def _resolve(base: Traversable, relative: str) -> Traversable:
    node = base
    for part in relative.split("/"):
        if part in {"", "."}:
            continue
        if part == "..":
            msg = "'..' is resolved by the caller"
            raise ValueError(msg)
        node = node / part
    return node


def _parent_and_path(stylesheet: str, url: str) -> str:
    folder = stylesheet.rsplit("/", 1)[0].split("/")
    for part in url.split("/"):
        if part == "..":
            folder.pop()
        elif part not in {"", "."}:
            folder.append(part)
    return "/".join(folder)


def data_uri(path: str) -> str:
    """Return an asset file as a ``data:`` URI.

    Parameters
    ----------
    path
        Path below ``geo/webmap/assets``.

    Returns
    -------
    str
    """
    node = _resolve(ASSETS, path)
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".svg"):
        mime = "image/svg+xml"
    payload = base64.b64encode(node.read_bytes()).decode("ascii")
    return f"data:{mime};base64,{payload}"


def inline_css(stylesheet: str, *, minify: bool = False) -> str:
    """Return a stylesheet with every image it refers to inlined.

    Parameters
    ----------
    stylesheet
        Path below ``geo/webmap/assets``.
    minify
        Minify the stylesheet with rCSSmin first (``/*!`` comments kept).

    Returns
    -------
    str

    Raises
    ------
    AssetError
        When the stylesheet refers to a file that is neither vendored nor known unused.
    """
    text = _resolve(ASSETS, stylesheet).read_text(encoding="utf-8")
    if minify:
        text = str(rcssmin.cssmin(text, keep_bang_comments=True))

    def replace(match: re.Match[str]) -> str:
        url = match.group(2).strip()
        if url.startswith(("data:", "#")):
            return match.group(0)
        if url in UNUSED_URLS:
            return "none"
        path = _parent_and_path(stylesheet, url)
        if not _resolve(ASSETS, path).is_file():
            msg = f"{stylesheet} refers to {url}, which is not vendored ({path})"
            raise AssetError(msg)
        return f'url("{data_uri(path)}")'

    return _URL.sub(replace, text)


def script_text(path: str) -> str:
    """Return a script as it is inlined: minified, without a source-map comment.

    Parameters
    ----------
    path
        Path below ``geo/webmap/assets``.

    Returns
    -------
    str
        Scripts in :data:`MINIFIED_AT_BUILD` minified by rJSmin (``/*!`` comments kept);
        the vendored ones as vendored (already minified). A ``sourceMappingURL`` comment is
        dropped: the map ships no source map.
    """
    text = _resolve(ASSETS, path).read_text(encoding="utf-8")
    if path in MINIFIED_AT_BUILD:
        text = str(rjsmin.jsmin(text, keep_bang_comments=True))
    return _SOURCE_MAP.sub("", text)


def stylesheet_text(path: str) -> str:
    """Return a stylesheet as it is inlined: minified, with its images inlined.

    Parameters
    ----------
    path
        Path below ``geo/webmap/assets``.

    Returns
    -------
    str
        The stylesheet minified by rCSSmin (``/*!`` comments kept), images as ``data:`` URIs.

    Raises
    ------
    AssetError
        When the stylesheet refers to a file that is neither vendored nor known unused.
    """
    return inline_css(path, minify=True)


def share_repeated_images(css: str) -> str:
    """Write each ``data:`` image that several rules show once, as a custom property.

    Parameters
    ----------
    css
        Stylesheet text with images as ``url("data:…")`` (as :func:`inline_css` writes them).

    Returns
    -------
    str
        The same rules; an image named more than once is declared once on ``:root`` as
        ``--tl-image-<n>`` and each rule says ``var(--tl-image-<n>)`` instead.
    """
    counts: dict[str, int] = {}
    for match in _DATA_URL.finditer(css):
        counts[match.group(0)] = counts.get(match.group(0), 0) + 1
    shared = {
        url: f"{SHARED_IMAGE_PREFIX}{n}"
        for n, url in enumerate((url for url, count in counts.items() if count > 1), start=1)
    }
    if not shared:
        return css
    body = _DATA_URL.sub(
        lambda match: (
            f"var({shared[match.group(0)]})" if match.group(0) in shared else match.group(0)
        ),
        css,
    )
    root = ";".join(f"{name}:{url}" for url, name in shared.items())
    return f":root{{{root}}}\n{body}"


def manifest() -> dict[str, Any]:
    """Return the vendored-assets manifest.

    Returns
    -------
    dict
    """
    data: dict[str, Any] = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    return data


def check_vendored() -> list[str]:
    """Compare every vendored file with the SHA-256 in the manifest.

    Returns
    -------
    list of str
        Problems; empty when every file matches.
    """
    problems = []
    for package in manifest()["packages"]:
        folder = VENDOR / package["folder"]
        for name, expected in package["files"].items():
            node = _resolve(folder, name)
            if not node.is_file():
                problems.append(f"{package['folder']}/{name}: missing")
                continue
            actual = hashlib.sha256(node.read_bytes()).hexdigest()
            if actual != expected:
                problems.append(f"{package['folder']}/{name}: SHA-256 {actual} != {expected}")
    return problems


def load_assets() -> InlineAssets:
    """Read every stylesheet and script the map inlines.

    Returns
    -------
    InlineAssets

    Raises
    ------
    AssetError
        When a vendored file differs from the manifest, or a script could end the inline
        ``<script>`` element early.
    """
    problems = check_vendored()
    if problems:
        raise AssetError("vendored assets differ from MANIFEST.json: " + "; ".join(problems))
    scripts = tuple(script_text(path) for path in SCRIPTS)
    for path, text in zip(SCRIPTS, scripts, strict=True):
        if "</script" in text.lower() or "<!--" in text:
            msg = f"{path} contains '</script' or '<!--' and cannot be inlined as is"
            raise AssetError(msg)
    css = share_repeated_images("\n".join(stylesheet_text(path) for path in STYLESHEETS))
    if "</style" in css.lower():
        msg = "a stylesheet contains '</style' and cannot be inlined as is"
        raise AssetError(msg)
    return InlineAssets(css=css, scripts=scripts)
