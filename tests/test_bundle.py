"""The inlined assets: minified builds, recorded in the manifest, equal in the browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from geo.webmap import MAP_FILENAME, build_map
from geo.webmap.bundle import (
    ASSETS,
    MINIFIED_AT_BUILD,
    SCRIPTS,
    SHARED_IMAGE_PREFIX,
    STYLESHEETS,
    inline_css,
    load_assets,
    manifest,
    script_text,
    share_repeated_images,
    stylesheet_text,
)
from tests.browser import open_map

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def map_html(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_map(layers_dir, tmp_path_factory.mktemp("bundle"))[0]


def _vendored(path: str) -> tuple[dict[str, Any], str] | None:
    """The manifest entry of a vendored asset path and its name in the package folder."""
    if not path.startswith("vendor/"):
        return None
    folder, name = path.removeprefix("vendor/").split("/", 1)
    packages = {p["folder"]: p for p in manifest()["packages"]}
    return packages[folder], name


def _lines(text: str) -> int:
    return text.count("\n") + 1


# --- vendored builds --------------------------------------------------------------------


def test_every_inlined_vendored_file_is_in_the_manifest() -> None:
    for path in (*SCRIPTS, *STYLESHEETS):
        found = _vendored(path)
        if found is not None:
            package, name = found
            assert name in package["files"], f"{path} is inlined but not in MANIFEST.json"


def test_every_library_script_is_a_minified_build_with_its_credit() -> None:
    for path in SCRIPTS:
        if _vendored(path) is None:
            continue
        text = script_text(path)
        # an unminified plugin averages about 50 characters a line, Leaflet's build 7,000
        assert len(text) / _lines(text) > 500, f"{path} is not a minified build"
        assert re.search(r"(?i)\(c\)|©|copyright", text[:600]), f"{path} lost its credit"
        assert "sourceMappingURL" not in text


def test_minified_by_terser_is_recorded_with_the_package_file_it_came_from() -> None:
    made = {
        (p["package"], name): (p, record)
        for p in manifest()["packages"]
        for name, record in p.get("minified", {}).items()
    }
    assert set(made) == {("leaflet.fullscreen", "Control.FullScreen.min.js")}
    for (name, file), (package, record) in made.items():
        assert file in package["files"]
        assert re.fullmatch(r"terser@\d+\.\d+\.\d+", record["by"])
        assert record["from"] == "Control.FullScreen.js"
        assert record["from"] in package["note"]
        assert record["by"].replace("@", " ") in package["note"]
        vendored = ASSETS / "vendor" / package["folder"] / file
        assert vendored.read_text(encoding="utf-8").startswith(
            f"/*! {name} {package['version']} (npm) | "
        )
    update = (ASSETS / "vendor" / "update.sh").read_text(encoding="utf-8")
    pinned = {record["by"] for _, record in made.values()}
    assert pinned == set(re.findall(r'TERSER="(terser@[\d.]+)"', update))


# --- built at page time -----------------------------------------------------------------


def test_own_script_and_stylesheets_are_minified_when_the_page_is_built() -> None:
    for path in MINIFIED_AT_BUILD:
        source = (ASSETS / path).read_text(encoding="utf-8")
        minified = script_text(path)
        assert len(minified) < 0.85 * len(source)
        assert "\n  " not in minified  # no indentation left
    for path in STYLESHEETS:
        assert len(stylesheet_text(path)) <= len(inline_css(path))
    own_css = "thanh_liem.css"
    assert len(stylesheet_text(own_css)) < 0.9 * len(inline_css(own_css))
    assert "/*" not in stylesheet_text(own_css)


def test_an_image_shown_by_several_rules_is_written_once() -> None:
    icon = 'url("data:image/png;base64,AAAA")'
    other = 'url("data:image/svg+xml;base64,BBBB")'
    css = f".a{{background:{icon} 0 0}}.b:hover{{background:{icon} 0 -20px}}.c{{x:{other}}}"
    shared = share_repeated_images(css)
    assert shared.count("base64,AAAA") == 1
    assert shared.count("base64,BBBB") == 1
    name = f"{SHARED_IMAGE_PREFIX}1"
    assert shared.startswith(f":root{{{name}:{icon}}}")
    assert f".a{{background:var({name}) 0 0}}" in shared
    assert f".b:hover{{background:var({name}) 0 -20px}}" in shared
    assert f".c{{x:{other}}}" in shared
    assert share_repeated_images(".c{x:" + other + "}") == ".c{x:" + other + "}"


def test_the_page_holds_each_image_once(map_html: Path) -> None:
    html = map_html.read_text(encoding="utf-8")
    images = re.findall(r"data:image/[^\"')]+", html)
    assert len(images) >= 4  # layers, layers-2x, fullscreen, search icons
    assert len(images) == len(set(images))
    assert map_html.name == MAP_FILENAME


# --- in the browser ---------------------------------------------------------------------


def _rules(page: Page, css: str) -> list[str]:
    """The rules of a stylesheet as Chromium parses and writes them back.

    A custom property keeps its value's spaces as written: ``a, b`` and ``a,b`` are the
    same list, so space after a comma is not compared.
    """
    rules: list[str] = page.evaluate(
        """(css) => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync(css);
            return Array.from(sheet.cssRules, (rule) => rule.cssText);
        }""",
        css,
    )
    return [re.sub(r",\s+", ",", rule) for rule in rules]


@pytest.mark.browser
def test_minified_stylesheets_parse_to_the_same_rules(browser: Browser) -> None:
    page = browser.new_page()
    try:
        for path in STYLESHEETS:
            readable = _rules(page, inline_css(path))
            assert readable, path
            assert _rules(page, stylesheet_text(path)) == readable, path
    finally:
        page.close()


@pytest.mark.browser
def test_minified_own_script_defines_the_same_api(browser: Browser) -> None:
    page = browser.new_page()
    try:
        scripts = zip(SCRIPTS, load_assets().scripts, strict=True)
        for path, script in scripts:
            if path not in MINIFIED_AT_BUILD:  # Leaflet and its plugins
                page.add_script_tag(content=script)
        api_of = """(sources) => {
            Object.keys(window).filter((name) => name.startsWith('thanhLiem'))
              .forEach((name) => delete window[name]);
            sources.forEach((source) => (0, eval)(source));
            return Object.keys(window).filter((name) => name.startsWith('thanhLiem')).sort()
              .map((name) => [name, Object.keys(window[name]).sort()
                .map((key) => [key, typeof window[name][key], window[name][key].length])]);
        }"""
        own = [path for path in SCRIPTS if path in MINIFIED_AT_BUILD]  # in load order
        readable = page.evaluate(api_of, [(ASSETS / p).read_text(encoding="utf-8") for p in own])
        assert len(readable) == len(own)  # each script defines its part of the page's API
        assert page.evaluate(api_of, [script_text(path) for path in own]) == readable
    finally:
        page.close()


@pytest.mark.browser
def test_control_icons_show_their_images(browser: Browser, map_html: Path) -> None:
    opened = open_map(browser, map_html)
    page = opened.page
    try:
        icons = {
            "search": ".tl-search .tl-search-button",
            "layers": ".leaflet-control-layers-toggle",
            "fullscreen": ".leaflet-fullscreen-icon",
        }
        for name, selector in icons.items():
            size = page.evaluate(
                """async (selector) => {
                    const css = getComputedStyle(document.querySelector(selector));
                    const url = css.backgroundImage.match(/^url\\("(data:[^"]+)"\\)$/)[1];
                    const image = new Image();
                    image.src = url;
                    await image.decode();
                    return [image.naturalWidth, image.naturalHeight];
                }""",
                selector,
            )
            assert min(size) > 0, name
        assert opened.page_errors == []
    finally:
        page.context.close()
