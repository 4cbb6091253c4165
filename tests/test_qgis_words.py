"""The QGIS project's words follow the data: after an upgrade, nothing calls ĐT495B a sketch."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from typing import TYPE_CHECKING

from geo.bases import BASES
from geo.qgis_export import export_qgis
from tests.layer_edits import copy_layers
from tests.test_words import _upgrade_dt495b

if TYPE_CHECKING:
    from pathlib import Path


EDITING_KIT = (
    "fieldConfiguration",
    "constraints",
    "constraintExpressions",
    "aliases",
    "defaults",
    "attributetableconfig",
    "editable",
    "labelOnTop",
    "reuseLastValue",
)
"""Elements of the editing forms and field lists: their choices list every basis, whatever
the data holds, and they name fields (one is called ``schematic``)."""


def _said(document: str) -> str:
    """A QGIS document without its editing forms: what it says about the data."""
    root = ET.fromstring(document.split("\n", 1)[1])  # noqa: S314 (our own export)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in EDITING_KIT:
                parent.remove(child)
    return ET.tostring(root, encoding="unicode")


def _texts(output: Path) -> str:
    """The project document and every layer style in the GeoPackage, without the forms."""
    with zipfile.ZipFile(output / "thanh_liem.qgz") as archive:
        project = archive.read(archive.namelist()[0]).decode("utf-8")
    with sqlite3.connect(output / "thanh_liem.gpkg") as db:
        styles = [row[0] for row in db.execute("SELECT styleQML FROM layer_styles")]
    return "\n".join(_said(document) for document in [project, *styles])


def test_the_project_says_how_sure_each_place_is(layers_dir: Path, tmp_path: Path) -> None:
    export_qgis(layers_dir, tmp_path)
    text = _texts(tmp_path)
    for key in ("official_boundary", "published_point", "commune_point", "schematic"):
        assert BASES[key].explain_vi in text, key
        assert BASES[key].explain_en in text, key
    assert "CCN Thanh Hải ± 3,3 km" in text  # the abstract, from accuracy_m
    assert "ĐT495B (sơ đồ)" not in text or "(sơ đồ)'" in text  # only in the label expression
    assert "(sơ đồ)" in text


def test_after_an_upgrade_no_word_calls_the_route_a_sketch(
    layers_dir: Path, tmp_path: Path
) -> None:
    folder = copy_layers(layers_dir, tmp_path / "layers")
    _upgrade_dt495b(folder)
    export_qgis(folder, tmp_path / "out")
    text = _texts(tmp_path / "out")
    assert "sơ đồ" not in text.lower()
    assert "schematic" not in text.lower()
    assert BASES["openstreetmap"].explain_vi in text
    assert "Theo OpenStreetMap (ĐT495B)" in text
