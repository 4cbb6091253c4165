"""What the QGIS export tests share: the export's expected tables, readers of its files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geo.qgis_export import GPKG_FILENAME, PROJECT_FILENAME
from geo.schema import LAYER_NAMES
from geo.upgrades.contributions import FOOTPRINTS_TABLE

STYLES_COLUMNS = [
    "id",
    "f_table_catalog",
    "f_table_schema",
    "f_table_name",
    "f_geometry_column",
    "styleName",
    "styleQML",
    "styleSLD",
    "useAsDefault",
    "description",
    "owner",
    "ui",
    "update_time",
]
"""The ``layer_styles`` schema QGIS creates and reads."""

TABLES = (*LAYER_NAMES, FOOTPRINTS_TABLE)
"""Every table of the export: the layers, and the editing kit's (empty) footprints table."""

TABLE_TYPES = {
    FOOTPRINTS_TABLE: "MultiPolygon",
    "district": "MultiPolygon",
    "context": "MultiPolygon",
    "industrial_areas": "Point",
    "roads": "MultiLineString",
    "admin_2025": "Point",
}


def rgba(colour: str, opacity: float = 1.0) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5)) + f",{round(opacity * 255)}"


def options(layer: ET.Element) -> dict[str, str]:
    option_map = layer.find("Option")
    assert option_map is not None
    return {item.get("name", ""): item.get("value", "") for item in option_map}


def qgs(folder: Path) -> ET.Element:
    with zipfile.ZipFile(folder / PROJECT_FILENAME) as archive:
        assert archive.namelist() == ["thanh_liem.qgs"]
        return ET.fromstring(archive.read("thanh_liem.qgs"))  # noqa: S314 (our own file)


def styles(folder: Path) -> pd.DataFrame:
    with closing(sqlite3.connect(folder / GPKG_FILENAME)) as db:
        return pd.read_sql("SELECT * FROM layer_styles", db)


ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "qgis" / "check_export.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")
QGIS_TIMEOUT_S = 240


@cache
def qgis_missing() -> str | None:
    if not SYSTEM_PYTHON.exists():
        return f"QGIS tests need Debian's {SYSTEM_PYTHON} with python3-qgis; it is missing"
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import qgis.core"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=qgis_env(),
    )
    if probe.returncode != 0:
        return (
            f"QGIS is not available: {SYSTEM_PYTHON} cannot import qgis.core "
            "(apt-get install python3-qgis qgis-providers)"
        )
    return None


def qgis_env(config: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if config is not None:
        env["QGIS_CUSTOM_CONFIG_PATH"] = str(config)
        env["XDG_RUNTIME_DIR"] = str(config)
        config.chmod(0o700)
    return env


def run_qgis(folder: Path, render: Path, points: list[dict[str, Any]], work: Path) -> Any:
    reason = qgis_missing()
    if reason:
        pytest.skip(reason)
    points_file = work / "points.json"
    points_file.write_text(json.dumps(points), encoding="utf-8")
    done = subprocess.run(
        [str(SYSTEM_PYTHON), str(HELPER), str(folder), str(render), str(points_file)],
        capture_output=True,
        text=True,
        timeout=QGIS_TIMEOUT_S,
        check=False,
        env=qgis_env(work),
        cwd=work,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def industrial_points(collections: dict[str, Any]) -> list[dict[str, Any]]:
    """The industrial areas' positions as written in the GeoJSON layer (6 decimals)."""
    return [
        {
            "id": f["id"],
            "lon": f["geometry"]["coordinates"][0],
            "lat": f["geometry"]["coordinates"][1],
        }
        for f in collections["industrial_areas"]["features"]
    ]
