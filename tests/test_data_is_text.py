"""Text from the data is shown as text: never run as a template, a script or markup.

Every text field of every authored file, the OSM tags of an import and the extract's file
name get template syntax (Jinja2 ``{{ }}``, ``{% %}``, ``{# #}``, JavaScript ``${}``) and
markup (``</script>``, a tag). The whole set is built and the page is read in Chromium.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from geo.osm.importer import import_osm
from geo.pipeline import BuildOptions, run_build
from geo.sources import SourceSettings
from tests.browser import open_map
from tests.osm.builder import OsmBuilder

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TEMPLATE = "{{ 7*7 }} {% if 1 %}yes{% endif %} {# c #} ${7*7} {{A-1}} {% 50"
"""Evaluated, this would read ``49 yes  …`` or stop the build (``{% 50``)."""
PAYLOAD = TEMPLATE + " </script><b>bold</b><script>window.__pwned=1</script>"
FILE_NAME_PAYLOAD = "{{ 7*7 }}{% if 1 %}yes{% endif %}{# c #}${7*7}"
"""For the extract's file name (no ``/``)."""

TEXT_COLUMNS: dict[str, set[str]] = {
    "admin_2025.csv": {"seat_vi", "flag_note_vi", "flag_note_en", "source"},
    "facts.csv": {"value", "value_en", "measure_vi", "measure_en", "note_vi", "note_en"},
    "industrial_areas.csv": {
        "name_vi",
        "name_en",
        "commune_2024_vi",
        "commune_2025_vi",
        "sources",
        "note_vi",
        "note_en",
    },
    "reference_points.csv": {"name_vi", "basis", "source", "note"},
    "roads.csv": {"name_vi", "name_en", "ref", "sources", "note_vi", "note_en"},
}
"""Free-text columns of each authored CSV."""

CODE_COLUMNS: dict[str, set[str]] = {
    "admin_2025.csv": {
        "id",
        "name_vi",
        "unit_type",
        "province_2025",
        "formed_from_2024",
        "from_thanh_liem",
        "area_km2_published",
        "population_published",
        "lon",
        "lat",
        "area_flag",
        "population_flag",
    },
    "facts.csv": {"id", "kind", "unit", "year", "feature_id", "paragraph"},
    "industrial_areas.csv": {
        "id",
        "kind",
        "reference_point",
        "district_2024_gso",
        "status",
        "area_ha",
    },
    "reference_points.csv": {"id", "kind", "lon", "lat", "radius_m", "area_km2"},
    "roads.csv": {"id", "via_points", "length_km_official", "status"},
}
"""Identifiers, codes, numbers and names that other records refer to (2025 unit names are
matched against the 2024 communes they were formed from): not free text."""

TOML_TEXT_KEYS: dict[str, set[str]] = {
    "district.toml": {
        "name_vi",
        "name_en",
        "province_vi",
        "area_official_source",
        "valid_from_note",
        "change_2013_vi",
        "change_2013_en",
        "change_2025_vi",
        "change_2025_en",
        "location_basis",
        "accuracy_note",
        "accuracy_note_vi",
    },
    "article.toml": {"outlet", "title", "title_en", "author", "photo", "date_note", "rights"},
}


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _poison_csv(path: Path, columns: set[str], marks: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = list(rows[0])
    assert set(header) == TEXT_COLUMNS[path.name] | CODE_COLUMNS[path.name], (
        f"classify every column of {path.name} as text or code"
    )
    for row in rows:
        for column in columns:
            if row[column] and not _is_number(row[column]):
                mark = f"«{len(marks)}»"
                marks[mark] = f"{path.name}:{row['id']}:{column}"
                row[column] = f"{row[column]} {mark}{PAYLOAD}"
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _poison_toml(path: Path, keys: set[str], marks: dict[str, str]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = re.fullmatch(r'(\w+) = "(.*)"', line)
        if match and match[1] in keys:
            mark = f"«{len(marks)}»"
            marks[mark] = f"{path.name}:{match[1]}"
            lines[number] = f'{match[1]} = "{match[2]} {mark}{PAYLOAD}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _hostile_extract(folder: Path) -> Path:
    """An extract whose every tag but the matching ones carries the payload."""
    osm = OsmBuilder()
    extra = {"description": PAYLOAD, "operator": PAYLOAD, "note": PAYLOAD, "name:en": PAYLOAD}
    osm.square(
        (105.9075142, 20.4977133), 0.003, {"landuse": "industrial", **extra}
    )  # contains the KCN's published point
    osm.way(
        [(105.925, 20.47), (105.94, 20.475), (105.95, 20.48)],
        {"highway": "secondary", "name": "Đường T1", **extra},
    )
    return osm.write_xml(folder / f"{FILE_NAME_PAYLOAD}.osm")


@pytest.fixture(scope="module")
def hostile_build(
    settings: SourceSettings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    from geo.authored import default_dir  # noqa: PLC0415

    root = tmp_path_factory.mktemp("hostile")
    authored = root / "authored"
    authored.mkdir()
    marks: dict[str, str] = {}
    for path in sorted(default_dir().iterdir()):
        if path.is_file():
            (authored / path.name).write_bytes(path.read_bytes())
    for name, columns in TEXT_COLUMNS.items():
        _poison_csv(authored / name, columns, marks)
    for name, keys in TOML_TEXT_KEYS.items():
        _poison_toml(authored / name, keys, marks)
    import_osm(_hostile_extract(root), authored)
    options = BuildOptions(
        sources=settings,
        layers_dir=root / "layers",
        output_dir=root / "output",
        authored_dir=authored,
    )
    run_build(options)
    return options.output_dir / "thanh_liem_map.html", marks


SHOWN_TEXT = """() => {
  const page = document.body.cloneNode(true);
  page.querySelectorAll('script, style').forEach((e) => e.remove());
  const texts = [page.textContent];
  const map = window.thanhLiemMap;
  Object.values(map.layers).forEach((group) => {
    if (!map.map.hasLayer(group)) { map.map.addLayer(group); }
    group.eachLayer((layer) => {
      if (layer.getPopup && layer.getPopup()) {
        layer.openPopup();
        const content = layer.getPopup().getElement().querySelector('.leaflet-popup-content');
        texts.push(content.textContent);
        layer.closePopup();
      }
    });
  });
  document.querySelectorAll('.leaflet-marker-icon').forEach((e) => {
    texts.push(e.textContent, e.getAttribute('title') || '');
  });
  texts.push(document.querySelector('.leaflet-control-attribution').textContent);
  return texts.join('\\n');
}"""


@pytest.mark.browser
def test_template_syntax_and_markup_show_as_written(
    hostile_build: tuple[Path, dict[str, str]], browser: Browser
) -> None:
    html, marks = hostile_build
    opened = open_map(browser, html)
    page = opened.page
    shown: str = page.evaluate(SHOWN_TEXT)
    found = {mark for mark in marks if mark in shown}
    # every occurrence of a mark is followed by the payload exactly as written
    for mark in found:
        for start in [m.end() for m in re.finditer(re.escape(mark), shown)]:
            assert shown[start : start + len(PAYLOAD)] == PAYLOAD, marks[mark]
    evaluated = re.sub(r"«\d+»|\d{3,}|\d+[.,]\d+", "", shown.replace(PAYLOAD, ""))
    assert "49" not in evaluated  # {{ 7*7 }} never became 49
    where = {marks[mark].rsplit(":", 1)[1] for mark in found}
    # what the page shows of each kind of record
    assert {"name_vi", "name_en", "note_vi", "note_en", "sources", "measure_vi"} <= where
    assert {"change_2013_vi", "title", "author", "seat_vi", "flag_note_vi"} <= where
    files = {marks[mark].split(":", 1)[0] for mark in found}
    assert files == {*TEXT_COLUMNS, *TOML_TEXT_KEYS}
    assert FILE_NAME_PAYLOAD + ".osm" in shown  # the extract's file name, in the credits
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("b", has_text="bold").count() == 0
    assert opened.page_errors == []
    assert opened.dialogs == []
    page.context.close()


@pytest.mark.browser
def test_search_finds_template_text_and_abbreviations(
    hostile_build: tuple[Path, dict[str, str]], browser: Browser
) -> None:
    html, _ = hostile_build
    opened = open_map(browser, html)
    page = opened.page
    page.locator(".tl-search .tl-search-button").click()
    search = page.locator(".tl-search input.tl-search-input")
    search.press_sequentially("{{ 7*7")
    tips = page.locator(".tl-search-list [role=option]")
    tips.first.wait_for()
    assert any(TEMPLATE in tip for tip in tips.all_inner_texts())
    search.fill("")
    search.press_sequentially("KCN")
    page.locator(".tl-search-list [role=option]", has_text="Khu công nghiệp Thanh Liêm").wait_for()
    assert opened.page_errors == []
    page.context.close()


def _edit_name(folder: Path, name: str, feature_id: str, value: str) -> None:
    path = folder / name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for row in rows:
        if row["id"] == feature_id:
            row["name_vi"] = value
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


OBJECT_PROPERTY_NAMES = {
    "kcn_thanh_liem": "hasOwnProperty",
    "ccn_thanh_hai": "__proto__",
    "ccn_thanh_luu": "constructor",
}
"""Names a JavaScript object already has as properties, given to the three industrial areas."""


@pytest.fixture(scope="module")
def object_property_map(settings: SourceSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the layers and the map once, each industrial area named like an object property."""
    from geo.authored import default_dir  # noqa: PLC0415
    from geo.webmap import build_map  # noqa: PLC0415

    root = tmp_path_factory.mktemp("object_property_names")
    authored = root / "authored"
    authored.mkdir()
    for path in sorted(default_dir().iterdir()):
        if path.is_file():
            (authored / path.name).write_bytes(path.read_bytes())
    for feature_id, name in OBJECT_PROPERTY_NAMES.items():
        _edit_name(authored, "industrial_areas.csv", feature_id, name)
    options = BuildOptions(
        sources=settings, layers_dir=root / "layers", authored_dir=authored, layers_only=True
    )
    run_build(options)
    (html,) = build_map(options.layers_dir, root / "output", authored_dir=authored)
    return html


@pytest.mark.browser
@pytest.mark.parametrize(("feature_id", "name"), OBJECT_PROPERTY_NAMES.items())
def test_search_finds_a_feature_named_like_an_object_property(
    feature_id: str, name: str, object_property_map: Path, browser: Browser
) -> None:
    opened = open_map(browser, object_property_map)
    page = opened.page
    page.locator(".tl-search .tl-search-button").click()
    search = page.locator(".tl-search input.tl-search-input")
    search.press_sequentially(name)
    page.locator(".tl-search-list [role=option]", has_text=name).first.click()
    popup = page.locator(f'.leaflet-popup .tl-pop[data-feature="{feature_id}"]')
    popup.wait_for()
    assert popup.locator(".tl-pop-title").inner_text() == name
    errors: list[Any] = opened.page_errors
    assert errors == []
    page.context.close()
