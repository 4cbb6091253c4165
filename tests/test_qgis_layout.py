"""The A4 print layout of the QGIS project: its XML, and a PDF exported by a real QGIS."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import geo.qgis_export
from geo.facts import load_article
from geo.figure.compose import north_angle
from geo.metric import METRIC_CRS, WGS84
from geo.qgis_export import PROJECT_FILENAME, export_qgis
from geo.qgis_export.layout import LAYOUT_NAME, layout_texts, print_layouts
from geo.qgis_export.tables import export_tables
from tests.qgis_shared import QGIS_TIMEOUT_S, SYSTEM_PYTHON
from tests.qgis_shared import qgis_env as _qgis_env
from tests.qgis_shared import qgis_missing as _qgis_missing
from tests.qgis_shared import qgs as _qgs

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "qgis" / "export_layout.py"
HOSTILE = "[% 6*7 %] <b>&amp;</b> {{ 7*7 }} @thanh_liem_title"
ITEMS = {
    "map": "65639",
    "inset": "65639",
    "legend": "65642",
    "scalebar": "65646",
    "north_arrow": "65640",
    "title": "65641",
    "subtitle": "65641",
    "credits": "65641",
    "not_drawn": "65641",
}


def _layout(folder: Path) -> ET.Element:
    layout = _qgs(folder).find("Layouts/Layout")
    assert layout is not None
    return layout


def _variables(layout: ET.Element) -> dict[str, str]:
    names = [
        o.get("value", "")
        for o in layout.findall("customproperties/Option/Option[@name='variableNames']/Option")
    ]
    values = [
        o.get("value", "")
        for o in layout.findall("customproperties/Option/Option[@name='variableValues']/Option")
    ]
    return dict(zip(names, values, strict=True))


@pytest.fixture(scope="module")
def project_dir(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layout")
    export_qgis(layers_dir, folder)
    return folder


def test_the_project_has_one_a4_landscape_layout_with_every_part(project_dir: Path) -> None:
    root = _qgs(project_dir)
    layouts = root.findall("Layouts/Layout")
    assert [layout.get("name") for layout in layouts] == [LAYOUT_NAME]
    layout = layouts[0]
    page = layout.find("PageCollection/LayoutItem")
    assert page is not None
    assert page.get("size") == "297,210,mm"
    items = {item.get("id"): item for item in layout.findall("LayoutItem")}
    assert {name: item.get("type") for name, item in items.items()} == ITEMS
    uuid_of = {name: item.get("uuid") for name, item in items.items()}
    assert items["legend"].get("map_uuid") == uuid_of["map"]
    assert items["legend"].get("legendFilterByMap") == "1"  # T1, T4 have no symbol on the map
    legend_layers = [n.get("id") for n in items["legend"].iter("layer-tree-layer")]
    assert legend_layers == [
        "industrial_areas_thanh_liem",
        "roads_thanh_liem",
        "district_thanh_liem",
        "context_thanh_liem",
    ]
    assert items["scalebar"].get("mapUuid") == uuid_of["map"]
    assert items["north_arrow"].get("mapUuid") == uuid_of["map"]
    assert items["north_arrow"].get("northMode") == "1"  # true north
    overview = items["inset"].find("ComposerMapOverview")
    assert overview is not None
    assert overview.get("frameMap") == uuid_of["map"]
    inset_layers = [layer.text for layer in items["inset"].iter("Layer")]
    assert inset_layers == ["district_thanh_liem", "context_thanh_liem"]


def test_the_map_shows_the_district_and_every_circle(
    project_dir: Path, layers: dict[str, Any]
) -> None:
    extent = _layout(project_dir).find("LayoutItem[@id='map']/Extent")
    assert extent is not None
    xmin, ymin, xmax, ymax = (float(extent.get(k, "nan")) for k in ("xmin", "ymin", "xmax", "ymax"))
    district = layers["district"].to_crs(METRIC_CRS).total_bounds
    places = layers["industrial_areas"].to_crs(METRIC_CRS)
    circles = places.geometry.buffer(places["accuracy_m"]).total_bounds
    assert xmin < min(district[0], circles[0])
    assert max(district[2], circles[2]) < xmax
    assert ymin < min(district[1], circles[1])
    assert max(district[3], circles[3]) < ymax
    assert (ymax - ymin) / (xmax - xmin) == pytest.approx(158 / 148, rel=1e-3)  # frame's shape


def test_labels_show_variables_whose_values_come_from_the_data(
    project_dir: Path, collections: dict[str, Any]
) -> None:
    layout = _layout(project_dir)
    labels = {
        item.get("id"): item.get("labelText")
        for item in layout.findall("LayoutItem[@type='65641']")
    }
    assert labels == {name: f"[% @thanh_liem_{name} %]" for name in labels}
    variables = _variables(layout)
    expected = layout_texts(collections, load_article())
    assert variables == {f"thanh_liem_{k}": v for k, v in expected.items()}
    assert variables["thanh_liem_not_drawn"] == (
        "Không vẽ: T1, T4 – chưa công bố tuyến / Not drawn: T1, T4 – route not published"
    )
    assert load_article().title in variables["thanh_liem_credits"]
    assert "dvhcvn (GPL-3.0)" in variables["thanh_liem_credits"]


def test_texts_from_the_data_stay_data_in_the_xml(collections: dict[str, Any]) -> None:
    tables, _ = export_tables(collections, WGS84)
    texts = {"title": HOSTILE, "subtitle": "a\nb", "credits": HOSTILE, "not_drawn": HOSTILE}
    labels = {table.name: f"{table.name} {HOSTILE}" for table in tables}
    element = print_layouts(tables, METRIC_CRS, texts, labels)
    layout = ET.fromstring(ET.tostring(element, encoding="unicode")).find("Layout")  # noqa: S314
    assert layout is not None
    assert _variables(layout) == {f"thanh_liem_{k}": v for k, v in texts.items()}
    assert {i.get("labelText") for i in layout.findall("LayoutItem[@type='65641']")} == {
        f"[% @thanh_liem_{name} %]" for name in texts
    }
    names = {n.get("name") for n in layout.iter("layer-tree-layer")}
    assert f"roads {HOSTILE}" in names


# --- in a real QGIS ----------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is missing: install Debian's poppler-utils (.ci/run does)")
    return path


@pytest.fixture(scope="module")
def qgis_layout(
    project_dir: Path, layers_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, Path]:
    reason = _qgis_missing()
    if reason:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("qgis_layout")
    hostile_dir = work / "hostile"
    article = dataclasses.replace(load_article(), title=f"Tiêu đề {HOSTILE}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(geo.qgis_export, "load_article", lambda _folder=None: article)
        export_qgis(layers_dir, hostile_dir)
    pdf = work / "layout.pdf"
    done = subprocess.run(
        [
            str(SYSTEM_PYTHON),
            str(HELPER),
            str(pdf),
            str(project_dir / PROJECT_FILENAME),
            str(hostile_dir / PROJECT_FILENAME),
        ],
        capture_output=True,
        text=True,
        timeout=QGIS_TIMEOUT_S,
        check=False,
        env=_qgis_env(work),
        cwd=work,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), pdf


@pytest.mark.qgis
def test_qgis_reads_the_layout_as_written(qgis_layout: tuple[Any, Path], layers: Any) -> None:
    report = qgis_layout[0][0]
    assert report["read"]
    assert report["layouts"] == [LAYOUT_NAME]
    layout = report["layout"]
    assert (layout["pages"], layout["page_mm"]) == (1, [297.0, 210.0])
    items = layout["items"]
    assert set(ITEMS) <= set(items)
    assert items["map"]["size_mm"] == pytest.approx([148, 158])
    assert items["map"]["layers"] == []  # follows the project's visible layers
    assert items["inset"]["layers"] == ["district_thanh_liem", "context_thanh_liem"]
    assert items["inset"]["overviews"] == 1
    assert items["inset"]["scale"] > 4 * items["map"]["scale"]
    assert (items["legend"]["filter_by_map"], items["legend"]["linked_map"]) == (True, "map")
    assert items["legend"]["auto_update"] is False  # the legend's own layer list
    assert (items["scalebar"]["units_per_segment"], items["scalebar"]["segments"]) == (2.0, 2)
    # QGIS turns the arrow to true north by the same angle the figure computes (≈ 0.3°)
    district = layers["district"].to_crs(METRIC_CRS).total_bounds
    extent = items["map"]["extent"]
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    assert items["north_arrow"]["north_mode"] == 1
    assert items["north_arrow"]["rotation"] == pytest.approx(-north_angle(centre), abs=0.02)
    assert abs(items["north_arrow"]["rotation"]) > 0.1
    assert district[0] > extent[0]
    assert layout["text_format"] == 1  # PDF exports keep text as text


@pytest.mark.qgis
def test_the_layout_exports_to_a_one_page_a4_landscape_pdf(
    qgis_layout: tuple[Any, Path], collections: dict[str, Any]
) -> None:
    report, pdf = qgis_layout
    assert report[0]["layout"]["export"] == 0  # QgsLayoutExporter.Success
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    width, height = (float(v) for v in re.findall(r"Page size:\s+([\d.]+) x ([\d.]+)", info)[0])
    assert (width, height) == pytest.approx((841.89, 595.28), abs=1)  # A4 landscape, points
    text = subprocess.run(
        [_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"\s+", " ", text)
    texts = layout_texts(collections, load_article())
    for expected in (
        texts["title"],
        "Chú giải / Legend",
        "Khu, cụm công nghiệp / Industrial park and clusters",
        texts["not_drawn"],
        f"“{load_article().title}”",
        "Huyện Thanh Liêm",  # a map label, kept as text
        "km",  # the scale bar
    ):
        assert expected in text, expected


@pytest.mark.qgis
def test_qgis_shows_data_texts_without_evaluating_them(qgis_layout: tuple[Any, Path]) -> None:
    items = qgis_layout[0][1]["layout"]["items"]
    # "[% 6*7 %]" would read 42 and "@thanh_liem_title" the title had QGIS evaluated them
    assert f"Tiêu đề {HOSTILE}" in items["credits"]["text"]
    assert f"Tiêu đề {HOSTILE}" in items["subtitle"]["text"]
