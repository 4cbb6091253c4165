"""Every word a reader sees follows the data, in one language at a time."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest

from geo.bases import BASES, format_accuracy, split_basis
from geo.webmap import build_map
from tests.browser import open_map
from tests.layer_edits import copy_layers

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

VISIBLE_TEXT = """(lang) => {
  // Text a reader sees: rendered text nodes, minus what is marked as another language
  // on purpose (a quoted title, a proper name), plus the controls' titles and hints.
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, details:not([open]) > :not(summary)')) continue;
    if (!parent.checkVisibility()) continue;
    const marked = parent.closest('[lang]');
    if (marked && marked.lang !== lang) continue;
    parts.push(node.textContent);
  }
  document.querySelectorAll('.leaflet-control-container [title], .leaflet-control-container '
      + '[aria-label], input[placeholder], #tl-panel [title]').forEach((e) => {
    if (!e.checkVisibility()) return;
    parts.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || '',
               e.getAttribute('placeholder') || '');
  });
  return parts.join(' \\n ');
}"""

OPEN_EVERY_POPUP = """(lang) => {
  const map = window.thanhLiemMap;
  const texts = [];
  Object.values(map.layers).forEach((group) => {
    if (!map.map.hasLayer(group)) map.map.addLayer(group);
    const seen = new Set();
    group.eachLayer((layer) => {
      if (!layer.getPopup || !layer.getPopup() || seen.has(layer.tlFeature)) return;
      seen.add(layer.tlFeature);
      layer.openPopup();
      const content = layer.getPopup().getElement().querySelector('.leaflet-popup-content');
      texts.push([layer.tlFeature, content.innerText]);
      layer.closePopup();
    });
  });
  return texts;
}"""

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:Multi)?(?:Polygon|LineString|Point)\b")
"""Field codes (snake_case) and geometry types."""
ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "is",
        "are",
        "from",
        "a",
        "an",
        "in",
        "to",
        "not",
        "by",
        "with",
        "its",
        "it",
        "for",
        "on",
        "at",
        "as",
        "or",
        "be",
        "was",
        "this",
        "that",
        "only",
        "no",
        "which",
    ]
)
VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
    r"ùúủũụừứửữựỳýỷỹỵ]"
)


def _english_runs(text: str) -> list[str]:
    """Runs of 3+ lowercase ASCII words with an English function word: English prose."""
    runs = re.findall(r"(?:\b[a-z]+\b[ ,;]+){2,}\b[a-z]+\b", text)
    return [run for run in runs if ENGLISH_WORDS & set(re.findall(r"[a-z]+", run))]


def _vietnamese_runs(text: str) -> list[str]:
    """Runs of 3+ lowercase words with Vietnamese letters: Vietnamese prose."""
    words = r"\b[a-zăâđêôơưà-ỹ]+\b"
    runs = re.findall(rf"(?:{words}[ ,;]+){{2,}}{words}", text)
    return [run for run in runs if len(VIETNAMESE_LETTERS.findall(run)) >= 2]


def _problems(where: str, text: str, lang: str) -> list[str]:
    found = [f"{where}: code {code!r}" for code in CODE.findall(text)]
    other = _english_runs(text) if lang == "vi" else _vietnamese_runs(text)
    found += [f"{where}: {'English' if lang == 'vi' else 'Vietnamese'} {run!r}" for run in other]
    return found


def _read(page: Page, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """Return the page's visible text and each popup's, ``(layer/id, text)``, in ``lang``."""
    page.locator(f'.tl-lang button[data-lang="{lang}"]').click()
    if page.locator("#tl-legend.tl-collapsed").count():
        page.locator("#tl-legend .tl-legend-toggle").click()
    page.evaluate("document.querySelectorAll('.tl-unmapped-list').forEach((d) => d.open = true)")
    popups = [(str(key), str(text)) for key, text in page.evaluate(OPEN_EVERY_POPUP, lang)]
    return page.evaluate(VISIBLE_TEXT, lang), popups


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_language_is_whole(
    browser: Browser, layers_dir: Path, tmp_path: Path, lang: str
) -> None:
    opened = open_map(browser, build_map(layers_dir, tmp_path)[0])
    page, popups = _read(opened.page, lang)
    problems = _problems("page", page, lang)
    for feature, text in popups:
        problems += _problems(feature, text, lang)
    assert not problems, "\n".join(problems)
    assert len(popups) >= 20
    assert opened.page_errors == []
    opened.page.context.close()


def _upgrade_dt495b(folder: Path) -> None:
    """Give ĐT495B a route as ``import-osm`` does: the words about it must follow."""
    path = folder / "roads.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["id"] == "dt495b":
            feature["properties"].update(
                kind="mapped_road",
                status="mapped",
                schematic=False,
                location_basis="openstreetmap: ways 1, 2 (test)",
                accuracy_m=20.0,
                note_vi="Tuyến theo OpenStreetMap.",
                note_en="Route from OpenStreetMap.",
            )
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


def _reading_guide(page: Page) -> dict[str, str]:
    items = page.locator("#tl-panel li[data-basis]")
    return {
        items.nth(i).get_attribute("data-basis") or "": items.nth(i).inner_text()
        for i in range(items.count())
    }


def test_the_words_follow_an_upgrade(browser: Browser, layers_dir: Path, tmp_path: Path) -> None:
    before = open_map(browser, build_map(layers_dir, tmp_path / "before")[0]).page
    guide = _reading_guide(before)
    assert "ĐT495B" in guide["schematic"]
    assert "ĐT495B (sơ đồ)" in before.locator(".tl-label-roads").inner_text()
    before.context.close()

    folder = copy_layers(layers_dir, tmp_path / "layers")
    _upgrade_dt495b(folder)
    opened = open_map(browser, build_map(folder, tmp_path / "after")[0])
    page = opened.page
    guide = _reading_guide(page)
    assert "schematic" not in guide  # nothing is schematic any more
    assert "ĐT495B" in guide["openstreetmap"]
    assert "Theo OpenStreetMap" in guide["openstreetmap"]
    labels = page.locator(".tl-label-roads").inner_text()
    assert "ĐT495B" in labels
    assert "sơ đồ" not in labels
    page.locator('.tl-lang button[data-lang="en"]').click()
    assert "schematic" not in page.locator(".tl-label-roads").inner_text()
    text, popups = _read(page, "en")
    dt495b = dict(popups)["roads/dt495b"]
    assert BASES["openstreetmap"].explain_en in dt495b
    assert "schematic" not in (text + dt495b).lower()
    assert opened.page_errors == []
    page.context.close()


def test_popup_accuracy_reads_as_the_reading_guide(
    browser: Browser, layers_dir: Path, tmp_path: Path, collections: dict[str, Any]
) -> None:
    opened = open_map(browser, build_map(layers_dir, tmp_path)[0])
    _, popups = _read(opened.page, "vi")
    shown = dict(popups)
    for feature in collections["industrial_areas"]["features"]:
        props = feature["properties"]
        basis, _ = split_basis(props["location_basis"])
        body = shown[f"industrial_areas/{props['id']}"]
        assert format_accuracy(props["accuracy_m"], "vi") in body
        assert basis.explain_vi in body
    opened.page.context.close()


def test_point_symbols_are_named_in_the_readers_language(
    browser: Browser, layers_dir: Path, tmp_path: Path, collections: dict[str, Any]
) -> None:
    opened = open_map(browser, build_map(layers_dir, tmp_path)[0])
    page = opened.page
    names = {
        f["properties"]["id"]: f["properties"] for f in collections["industrial_areas"]["features"]
    }
    for lang in ("en", "vi"):
        page.locator(f'.tl-lang button[data-lang="{lang}"]').click()
        for feature_id, props in names.items():
            symbol = page.locator(f'.tl-sym [data-id="{feature_id}"]')
            expected = props["name_en" if lang == "en" else "name_vi"]
            assert symbol.get_attribute("aria-label") == expected
            icon = page.locator(".tl-sym", has=page.locator(f'[data-id="{feature_id}"]'))
            assert icon.get_attribute("title") == expected
    assert opened.page_errors == []
    opened.page.context.close()
