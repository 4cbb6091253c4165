"""Text edge cases in the QGIS export: GeoPackage text, valid .qgs XML, map tips shown as text."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.parsers import expat

import pyogrio
import pytest

from geo.bases import BASES
from geo.cli import EXIT_INVALID, main
from geo.metric import WGS84
from geo.qgis_export import GPKG_FILENAME, PROJECT_FILENAME, export_qgis
from geo.qgis_export.project import ProjectInfo, project_document, qgz_bytes
from geo.qgis_export.tables import export_tables
from geo.qgis_export.text import map_tip
from geo.validate import ValidationError, checked_layers
from tests.qgis_shared import qgs as _qgs
from tests.qgis_shared import run_qgis as _run_qgis
from tests.qgis_shared import styles as _styles

HOSTILE_NAME = "<b>x</b> <img src=x onerror=alert(1)> [% 1+1 %] &amp; {{ 7*7 }}"
EDGE_NOTE = "a\u2028b\x85c\x01d\te\nf\rg\x1bh\x7fi"
"""Kept as written in the GeoPackage: line/paragraph separators, C1 and C0 controls but NUL."""
TITLE = "Tiêu đề\x00\x01\x1b\x7f\x85\u2028\ufffe\r\nend"
SHOWN_TITLE = "Tiêu đề␀␁␛\x7f\x85\u2028\ufffd\r\nend"
"""The title as the .qgs keeps it: C0 controls XML 1.0 forbids and U+FFFE become markers."""


class _Text(HTMLParser):
    """What a browser shows of an HTML fragment, and which elements it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.tags = "", set[str]()

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def _shown(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


def _edit_park(layers: Path, **values: str) -> None:
    path = layers / "industrial_areas.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    park = collection["features"][0]
    assert park["id"] == "kcn_thanh_liem"
    park["properties"].update(values)
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_dir(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export whose park has hostile and edge-case text, and whose project title too."""
    folder = tmp_path_factory.mktemp("qgis_text")
    layers = folder / "layers"
    shutil.copytree(layers_dir, layers)
    _edit_park(layers, name_vi=HOSTILE_NAME, note_vi=EDGE_NOTE)
    out = folder / "out"
    export_qgis(layers, out)
    tables, transform = export_tables(checked_layers(layers), WGS84)
    info = ProjectInfo(TITLE, f"abstract {EDGE_NOTE}", "https://example.org/")
    document = project_document(tables, WGS84, info, GPKG_FILENAME, transform)
    (out / PROJECT_FILENAME).write_bytes(qgz_bytes(document, "thanh_liem.qgs"))
    return out


def test_edge_case_text_survives_the_geopackage(hostile_dir: Path) -> None:
    frame = pyogrio.read_dataframe(hostile_dir / GPKG_FILENAME, layer="industrial_areas")
    park = frame.set_index("id").loc["kcn_thanh_liem"]
    assert park["note_vi"] == EDGE_NOTE
    assert park["name_vi"] == HOSTILE_NAME
    with closing(sqlite3.connect(hostile_dir / GPKG_FILENAME)) as db:
        query = "SELECT note_vi FROM industrial_areas WHERE id = 'kcn_thanh_liem'"
        (stored,) = db.execute(query).fetchone()
    assert stored == EDGE_NOTE


def test_the_project_stays_valid_xml_with_visible_markers(hostile_dir: Path) -> None:
    with zipfile.ZipFile(hostile_dir / PROJECT_FILENAME) as archive:
        raw = archive.read("thanh_liem.qgs")
    expat.ParserCreate().Parse(raw, True)  # strict XML 1.0: raises on any forbidden character
    root = _qgs(hostile_dir)
    assert root.findtext("title") == SHOWN_TITLE
    assert root.get("projectname") == SHOWN_TITLE
    assert root.findtext("projectMetadata/abstract") == f"abstract {EDGE_NOTE}".replace(
        "\x01", "␁"
    ).replace("\x1b", "␛")
    for qml in _styles(hostile_dir)["styleQML"]:
        expat.ParserCreate().Parse(qml.split("\n", 1)[1], True)


def test_every_text_field_of_the_map_tip_is_escaped() -> None:
    fields = ("name_vi", "name_en", "location_basis", "source", "note_vi")
    tip = map_tip(BASES)
    for field in fields:
        assert f'"{field}" %]' not in tip
        assert f"""replace(replace(replace("{field}", '&', '&amp;')""" in tip


def test_a_nul_character_is_refused_naming_feature_and_field(
    layers_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layers, out = tmp_path / "layers", tmp_path / "out"
    shutil.copytree(layers_dir, layers)
    _edit_park(layers, note_en="cut\x00here")
    with pytest.raises(ValidationError) as caught:
        export_qgis(layers, out)
    assert caught.value.problems == [
        "industrial_areas/kcn_thanh_liem: note_en holds a NUL character (U+0000) at position 4, "
        "which would cut the text in the GeoPackage; remove it from the source data"
    ]
    assert not out.exists() or list(out.iterdir()) == []
    code = main(["export", "--layers-dir", str(layers), "--output-dir", str(out)])
    assert code == EXIT_INVALID
    assert "note_en holds a NUL character (U+0000)" in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


@pytest.fixture(scope="module")
def qgis_text(hostile_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    work = tmp_path_factory.mktemp("qgis_run_text")
    return _run_qgis(hostile_dir, work / "render.png", [], work)


@pytest.mark.qgis
def test_qgis_reads_the_project_title_with_its_markers(qgis_text: Any) -> None:
    project = qgis_text["project"]
    assert project["read"]
    assert project["title"] == SHOWN_TITLE
    assert all(layer["valid"] for layer in project["layers"].values())


@pytest.mark.qgis
def test_qgis_reads_edge_case_text_from_the_geopackage(qgis_text: Any) -> None:
    park = qgis_text["gpkg"]["industrial_areas"]["texts"]["kcn_thanh_liem"]["attributes"]
    assert park["note_vi"] == EDGE_NOTE
    assert park["name_vi"] == HOSTILE_NAME


@pytest.mark.qgis
@pytest.mark.parametrize("where", ["project", "gpkg default style"])
def test_qgis_map_tips_show_field_values_as_text(qgis_text: Any, where: str) -> None:
    if where == "project":
        layer = qgis_text["project"]["layers"]["industrial_areas_thanh_liem"]
    else:
        layer = qgis_text["gpkg"]["industrial_areas"]
    tip = _shown(layer["texts"]["kcn_thanh_liem"]["map_tip"])
    assert tip.tags == {"b", "br"}  # the template's own markup, no <img> from the data
    assert tip.text.startswith(f"{HOSTILE_NAME} (Thanh Liêm Industrial Park)")
    assert "± 750 m" in tip.text
    assert tip.text.endswith(EDGE_NOTE)
    cluster = _shown(layer["texts"]["ccn_thanh_hai"]["map_tip"])
    assert cluster.text.startswith("Cụm công nghiệp Thanh Hải (Thanh Hải Industrial Cluster)")
