"""The QGIS export: GeoPackage, default styles, project; checked without and with QGIS."""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from PIL import Image
from shapely.geometry import GeometryCollection, Point, Polygon, shape

from geo.cli import main
from geo.facts import load_article
from geo.io import OutputError
from geo.metric import METRIC_CRS, VN2000_UTM48, WGS84
from geo.qgis_export import GPKG_FILENAME, PROJECT_FILENAME, export_qgis
from geo.qgis_export.qml import qml_document, symbol
from geo.qgis_export.tables import split_layer
from geo.schema import LAYER_NAMES, field_names
from geo.style import FOOTPRINT_MAX_FILL, PX_TO_MM, STYLES
from geo.upgrades.contributions import FOOTPRINTS_TABLE
from geo.validate import ValidationError

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "qgis" / "check_export.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")
RENDER_NAME = "qgis_render.png"
QGIS_TIMEOUT_S = 240

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


def _rgba(colour: str, opacity: float = 1.0) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5)) + f",{round(opacity * 255)}"


def _options(layer: ET.Element) -> dict[str, str]:
    option_map = layer.find("Option")
    assert option_map is not None
    return {item.get("name", ""): item.get("value", "") for item in option_map}


@pytest.fixture(scope="module")
def export_dir(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qgis_wgs84")
    written = export_qgis(layers_dir, folder)
    assert written == [folder / GPKG_FILENAME, folder / PROJECT_FILENAME]
    return folder


@pytest.fixture(scope="module")
def vn2000_dir(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qgis_vn2000")
    export_qgis(layers_dir, folder, VN2000_UTM48)
    return folder


def _qgs(folder: Path) -> ET.Element:
    with zipfile.ZipFile(folder / PROJECT_FILENAME) as archive:
        assert archive.namelist() == ["thanh_liem.qgs"]
        return ET.fromstring(archive.read("thanh_liem.qgs"))  # noqa: S314 (our own file)


def _styles(folder: Path) -> pd.DataFrame:
    with closing(sqlite3.connect(folder / GPKG_FILENAME)) as db:
        return pd.read_sql("SELECT * FROM layer_styles", db)


# --- GeoPackage, without QGIS ------------------------------------------------------------


def test_geopackage_is_version_1_3_with_every_layer(export_dir: Path) -> None:
    gpkg = export_dir / GPKG_FILENAME
    with closing(sqlite3.connect(gpkg)) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10300
        contents = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
    assert contents == {**dict.fromkeys(TABLES, "features"), "layer_styles": "attributes"}
    layers = {row[0]: row[1] for row in pyogrio.list_layers(gpkg)}
    assert layers == {**TABLE_TYPES, "layer_styles": None}
    for name in LAYER_NAMES:
        assert pyogrio.read_info(gpkg, layer=name)["crs"] == "EPSG:4326"


def test_every_feature_and_attribute_survives(
    export_dir: Path, collections: dict[str, Any]
) -> None:
    for name in LAYER_NAMES:
        frame = pyogrio.read_dataframe(export_dir / GPKG_FILENAME, layer=name)
        assert list(frame.columns) == [*field_names(name), "geometry"]
        features = collections[name]["features"]
        assert len(frame) == len(features)
        for (_, row), feature in zip(frame.iterrows(), features, strict=True):
            for key, expected in feature["properties"].items():
                value = row[key]
                if expected is None:
                    assert value is None or (isinstance(value, float) and math.isnan(value))
                elif isinstance(expected, float):
                    assert value == pytest.approx(expected), (name, key)
                else:
                    assert value == expected, (name, key)
            if feature["geometry"] is None:
                assert row.geometry is None
            else:
                original = shape(feature["geometry"])
                assert row.geometry.symmetric_difference(original).area < 1e-12


def test_t1_and_t4_are_kept_as_features_without_geometry(export_dir: Path) -> None:
    roads = pyogrio.read_dataframe(export_dir / GPKG_FILENAME, layer="roads")
    by_id = roads.set_index("id")
    assert list(roads["id"]) == ["dt495b", "t1", "t4"]
    assert by_id.loc["dt495b", "geometry"].geom_type == "MultiLineString"
    for road in ("t1", "t4"):
        assert by_id.loc[road, "geometry"] is None
        assert by_id.loc[road, "status"] == "route not published"
        assert by_id.loc[road, "source"]


def test_each_table_has_a_default_qgis_style(export_dir: Path) -> None:
    styles = _styles(export_dir)
    assert list(styles.columns) == STYLES_COLUMNS
    assert sorted(styles["f_table_name"]) == sorted(TABLES)
    assert set(styles["f_geometry_column"]) == {"geom"}
    assert set(styles["f_table_catalog"]) == set(styles["f_table_schema"]) == {""}
    assert set(styles["useAsDefault"]) == {1}
    for _, row in styles.iterrows():
        root = ET.fromstring(row["styleQML"].split("\n", 1)[1])  # noqa: S314 (our own file)
        renderer = root.find("renderer-v2")
        assert renderer is not None
        assert (renderer.get("type"), renderer.get("attr")) == ("categorizedSymbol", "kind")
        text_style = root.find("labeling/settings/text-style")
        assert text_style is not None
        assert "name_vi" in text_style.get("fieldName", "") or row["f_table_name"] == "roads"
        assert text_style.get("fontFamily") == "DejaVu Sans"


def test_styles_come_from_geo_style(export_dir: Path) -> None:
    qml = dict(
        zip(_styles(export_dir)["f_table_name"], _styles(export_dir)["styleQML"], strict=True)
    )
    industrial = ET.fromstring(qml["industrial_areas"].split("\n", 1)[1])  # noqa: S314
    labels = {c.get("value"): c.get("label", "") for c in industrial.iter("category")}
    assert set(labels) == {"kcn", "ccn"}
    assert labels["kcn"].startswith(STYLES["kcn"].label_vi)
    assert STYLES["uncertainty"].label_vi.lower() in labels["kcn"]
    symbols = {s.get("name"): s for s in industrial.find("renderer-v2/symbols") or []}
    kcn = symbols["0"].findall("layer")
    assert [layer.get("class") for layer in kcn] == ["GeometryGenerator", "SimpleMarker"]
    assert [layer.get("pass") for layer in kcn] == ["0", "1"]
    marker = _options(kcn[1])
    assert marker["name"] == "square"
    assert marker["color"] == _rgba(STYLES["kcn"].fill or "")
    assert marker["outline_color"] == _rgba(STYLES["kcn"].stroke)
    assert float(marker["size"]) == pytest.approx(STYLES["kcn"].marker_size * PX_TO_MM)
    generator = _options(kcn[0])
    assert "buffer(" in generator["geometryModifier"]
    assert '"accuracy_m"' in generator["geometryModifier"]
    assert "'EPSG:32648'" in generator["geometryModifier"]  # metres even in a lon/lat layer
    assert _options(symbols["1"].findall("layer")[1])["name"] == "triangle"

    roads = ET.fromstring(qml["roads"].split("\n", 1)[1])  # noqa: S314
    line = _options(roads.find("renderer-v2/symbols/symbol/layer"))  # type: ignore[arg-type]
    assert line["use_custom_dash"] == "1"
    assert line["customdash"] == "2.6;2.08"  # (10, 8) px x 0.26
    assert float(line["line_width"]) == pytest.approx(STYLES["schematic_road"].stroke_width * 0.26)
    label = roads.find("labeling/settings/text-style")
    assert label is not None
    assert "sơ đồ" in label.get("fieldName", "")

    district = ET.fromstring(qml["district"].split("\n", 1)[1])  # noqa: S314
    fill, outline = district.find("renderer-v2/symbols/symbol").findall("layer")  # type: ignore[union-attr]
    assert _options(fill)["color"] == _rgba("#b2182b", STYLES["district"].fill_opacity)
    assert _options(outline)["line_color"] == _rgba(STYLES["district"].stroke)


def test_vn2000_export(vn2000_dir: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    gpkg = vn2000_dir / GPKG_FILENAME
    for name in LAYER_NAMES:
        assert pyogrio.read_info(gpkg, layer=name)["crs"] == "EPSG:3405"
    district = pyogrio.read_dataframe(gpkg, layer="district")
    assert district.area.iloc[0] / 1e6 == pytest.approx(164.69, abs=0.05)
    assert district["area_km2_computed"].iloc[0] == pytest.approx(164.69)
    # The park's published point, shifted with the EPSG:6960 Helmert (VN-2000 to WGS 84 (2)).
    kcn = pyogrio.read_dataframe(gpkg, layer="industrial_areas").set_index("id")
    park = kcn.loc["kcn_thanh_liem", "geometry"]
    assert (park.x, park.y) == pytest.approx((594435.552, 2266930.587), abs=0.01)
    wgs = layers["industrial_areas"].set_index("id").to_crs(METRIC_CRS)
    shift = park.distance(wgs.loc["kcn_thanh_liem", "geometry"])
    assert 200 < shift < 250  # VN-2000 and WGS 84 UTM grids differ by ≈ 0.2 km here

    root = _qgs(vn2000_dir)
    assert root.findtext("projectCrs/spatialrefsys/authid") == VN2000_UTM48
    operation = root.find("transformContext/srcDest")
    assert operation is not None
    assert "+proj=helmert +x=-191.90441429" in operation.get("coordinateOp", "")
    assert operation.findtext("src/spatialrefsys/authid") == WGS84
    assert operation.findtext("dest/spatialrefsys/authid") == VN2000_UTM48
    modifiers = [
        option.get("value")
        for qml in _styles(vn2000_dir)["styleQML"]
        for option in ET.fromstring(qml.split("\n", 1)[1]).iter("Option")  # noqa: S314
        if option.get("name") == "geometryModifier"
    ]
    # metric layers: the circles are buffered directly in metres
    assert set(modifiers) == {'buffer($geometry, "accuracy_m", 16)'}
    assert len(modifiers) == 2  # kcn and ccn; the 2025 seats (±100 m) get no circle


# --- the project, without QGIS -----------------------------------------------------------


def test_project_reads_the_geopackage_by_relative_path(export_dir: Path) -> None:
    root = _qgs(export_dir)
    sources = [element.text or "" for element in root.iter("datasource")]
    assert sorted(sources) == sorted(f"./thanh_liem.gpkg|layername={n}" for n in TABLES)
    assert root.findtext("properties/Paths/Absolute") == "false"
    groups = {
        group.get("name"): (group.get("checked"), [n.get("id") for n in group])
        for group in root.findall("layer-tree-group/layer-tree-group")
    }
    assert groups == {
        "Bài báo / Article": (
            "Qt::Checked",
            [
                "industrial_areas_thanh_liem",
                "industrial_footprints_thanh_liem",
                "roads_thanh_liem",
                "district_thanh_liem",
            ],
        ),
        "Bối cảnh / Context": ("Qt::Checked", ["context_thanh_liem"]),
        "Sau 2025 / After 2025": ("Qt::Unchecked", ["admin_2025_thanh_liem"]),
    }


def test_project_cites_the_article_and_opens_on_the_district(
    export_dir: Path, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    root = _qgs(export_dir)
    citation = load_article().citation()
    assert citation in (root.findtext("title") or "")
    assert citation in (root.findtext("projectMetadata/abstract") or "")
    assert root.findtext("projectCrs/spatialrefsys/authid") == METRIC_CRS
    view = root.find("ProjectViewSettings/DefaultViewExtent")
    assert view is not None
    assert view.findtext("spatialrefsys/authid") == METRIC_CRS
    xmin, ymin, xmax, ymax = (float(view.get(k, "nan")) for k in ("xmin", "ymin", "xmax", "ymax"))
    dx0, dy0, dx1, dy1 = layers["district"].to_crs(METRIC_CRS).total_bounds
    assert xmin < dx0 < dx1 < xmax
    assert ymin < dy0 < dy1 < ymax
    assert (xmax - xmin) * (ymax - ymin) < 1.3 * (dx1 - dx0) * (dy1 - dy0)
    canvas = [float(root.findtext(f"mapcanvas/extent/{k}") or "nan") for k in ("xmin", "ymax")]
    assert canvas == pytest.approx([xmin, ymax], abs=0.01)


def test_every_layer_has_a_group_and_a_name(export_dir: Path) -> None:
    root = _qgs(export_dir)
    names = {
        layer.findtext("id", ""): layer.findtext("layername", "") for layer in root.iter("maplayer")
    }
    tables = {
        layer.findtext("id", ""): layer.findtext("datasource", "").rsplit("layername=", 1)[1]
        for layer in root.iter("maplayer")
    }
    assert sorted(tables.values()) == sorted(TABLES)
    grouped = [
        (group.get("name", ""), node.get("id", ""), node.get("name", ""))
        for group in root.findall("layer-tree-group/layer-tree-group")
        for node in group.findall("layer-tree-layer")
    ]
    # every table is in exactly one group, shown under its layer's name
    assert sorted(layer_id for _, layer_id, _ in grouped) == sorted(names)
    for group, layer_id, shown in grouped:
        assert shown == names[layer_id]
        # the group and the layer are named in Vietnamese and English ("… / …")
        for name in (group, shown):
            vietnamese, _, english = name.partition(" / ")
            assert vietnamese.strip(), name
            assert english.strip(), name
    assert len(set(names.values())) == len(names)


def test_export_is_reproducible(export_dir: Path, layers_dir: Path, tmp_path: Path) -> None:
    export_qgis(layers_dir, tmp_path)
    first = (export_dir / PROJECT_FILENAME).read_bytes()
    assert (tmp_path / PROJECT_FILENAME).read_bytes() == first
    assert _styles(tmp_path)["styleQML"].tolist() == _styles(export_dir)["styleQML"].tolist()


# --- bad input and unexpected geometry ---------------------------------------------------


def test_missing_layers_fail_clearly_and_write_nothing(tmp_path: Path) -> None:
    empty, out = tmp_path / "empty", tmp_path / "out"
    empty.mkdir()
    with pytest.raises(ValidationError, match="district: file missing"):
        export_qgis(empty, out)
    assert not out.exists() or list(out.iterdir()) == []
    code = main(["export", "--layers-dir", str(empty), "--output-dir", str(out)])
    assert code == 1
    assert not out.exists() or list(out.iterdir()) == []


def test_unwritable_output_is_an_output_error(layers_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write"):
        export_qgis(layers_dir, blocker / "out")


def test_an_unexpected_geometry_type_fails_clearly() -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["x"], "kind": ["kcn"]},
        geometry=[GeometryCollection([Point(105.9, 20.5)])],
        crs=WGS84,
    )
    with pytest.raises(ValidationError, match="GeometryCollection cannot be exported"):
        split_layer("industrial_areas", frame)


def test_a_footprint_goes_to_its_own_polygon_table() -> None:
    square = Polygon([(105.90, 20.49), (105.91, 20.49), (105.91, 20.50), (105.90, 20.50)])
    frame = gpd.GeoDataFrame(
        {"id": ["park", "cluster"], "kind": ["kcn", "ccn"]},
        geometry=[square, Point(105.93, 20.44)],
        crs=WGS84,
    )
    tables = split_layer("industrial_areas", frame)
    assert [(t.name, t.geometry_type, list(t.frame["id"])) for t in tables] == [
        ("industrial_areas", "Point", ["cluster"]),
        ("industrial_areas_polygons", "MultiPolygon", ["park"]),
    ]
    footprint = symbol("polygon", "kcn", "0", WGS84)
    fill, outline = footprint.findall("layer")
    assert (fill.get("class"), outline.get("class")) == ("SimpleFill", "SimpleLine")
    assert _options(fill)["color"] == _rgba(STYLES["kcn"].fill or "", FOOTPRINT_MAX_FILL)
    assert _options(outline)["line_color"] == _rgba(STYLES["kcn"].stroke)
    assert "<renderer-v2" in qml_document(tables[1], WGS84)


# --- in a real QGIS ----------------------------------------------------------------------


@cache
def _qgis_missing() -> str | None:
    if not SYSTEM_PYTHON.exists():
        return f"QGIS tests need Debian's {SYSTEM_PYTHON} with python3-qgis; it is missing"
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import qgis.core"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=_qgis_env(),
    )
    if probe.returncode != 0:
        return (
            f"QGIS is not available: {SYSTEM_PYTHON} cannot import qgis.core "
            "(apt-get install python3-qgis qgis-providers)"
        )
    return None


def _qgis_env(config: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if config is not None:
        env["QGIS_CUSTOM_CONFIG_PATH"] = str(config)
        env["XDG_RUNTIME_DIR"] = str(config)
        config.chmod(0o700)
    return env


def _run_qgis(folder: Path, render: Path, points: list[dict[str, Any]], work: Path) -> Any:
    reason = _qgis_missing()
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
        env=_qgis_env(work),
        cwd=work,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _points(collections: dict[str, Any]) -> list[dict[str, Any]]:
    """The industrial areas' positions as written in the GeoJSON layer (6 decimals)."""
    return [
        {
            "id": f["id"],
            "lon": f["geometry"]["coordinates"][0],
            "lat": f["geometry"]["coordinates"][1],
        }
        for f in collections["industrial_areas"]["features"]
    ]


@pytest.fixture(scope="module")
def qgis_wgs84(
    export_dir: Path,
    collections: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    work = tmp_path_factory.mktemp("qgis_run")
    return _run_qgis(export_dir, work / RENDER_NAME, _points(collections), work)


@pytest.fixture(scope="module")
def qgis_vn2000(
    vn2000_dir: Path,
    collections: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    work = tmp_path_factory.mktemp("qgis_run_vn2000")
    return _run_qgis(vn2000_dir, work / "render.png", _points(collections), work)


@pytest.mark.qgis
def test_qgis_opens_every_geopackage_layer_with_its_default_style(
    qgis_wgs84: Any, collections: dict[str, Any]
) -> None:
    gpkg = qgis_wgs84["gpkg"]
    assert set(gpkg) == set(TABLES)  # QGIS hides layer_styles
    for name in LAYER_NAMES:
        layer = gpkg[name]
        assert layer["valid"], name
        assert layer["features"] == len(collections[name]["features"]), name
        assert layer["crs"] == WGS84
        assert layer["wkb_type"] == TABLE_TYPES[name]
        assert layer["db_styles"] == ["thanh-liem-map"]
        assert layer["renderer"] == "categorizedSymbol"  # the default style, not QGIS's
        assert layer["attribute"] == "kind"
        assert layer["labels"], name
        assert layer["label_font"] == "DejaVu Sans"
    district = gpkg["district"]["categories"]["district"]
    assert district["colour"] == STYLES["district"].fill
    assert district["layers"][1]["colour"] == STYLES["district"].stroke
    kcn = gpkg["industrial_areas"]["categories"]["kcn"]["layers"]
    assert [layer["type"] for layer in kcn] == ["GeometryGenerator", "SimpleMarker"]
    assert (kcn[1]["shape"], kcn[1]["colour"], kcn[1]["stroke"]) == ("square", "#8073ac", "#542788")
    assert kcn[1]["size_mm"] == pytest.approx(16 * PX_TO_MM)
    ccn = gpkg["industrial_areas"]["categories"]["ccn"]["layers"][1]
    assert (ccn["shape"], ccn["colour"]) == ("triangle", STYLES["ccn"].fill)
    dt495b = gpkg["roads"]["categories"]["schematic_road"]["layers"][0]
    assert dt495b["custom_dash"]
    assert dt495b["dash"] == pytest.approx([10 * PX_TO_MM, 8 * PX_TO_MM])
    assert gpkg["roads"]["without_geometry"] == ["t1", "t4"]
    area = gpkg["district"]["areas"]["thanh_liem_district"]["ellipsoidal_km2"]
    assert area == pytest.approx(164.69, rel=0.002)


@pytest.mark.qgis
def test_qgis_loads_the_project_with_every_layer(
    qgis_wgs84: Any, export_dir: Path, collections: dict[str, Any]
) -> None:
    project = qgis_wgs84["project"]
    assert project["read"]
    assert project["crs"] == METRIC_CRS
    assert load_article().citation() in project["title"]
    assert load_article().citation() in project["abstract"]
    assert set(project["layers"]) == {f"{name}_thanh_liem" for name in TABLES}
    for layer_id, layer in project["layers"].items():
        name = layer_id.removesuffix("_thanh_liem")
        assert layer["valid"], layer_id
        assert layer["features"] == len(collections.get(name, {"features": []})["features"])
        assert layer["crs"] == WGS84
        assert layer["renderer"] == "categorizedSymbol"
        assert layer["source"] == f"{export_dir / GPKG_FILENAME}|layername={name}"
    assert project["groups"]["Sau 2025 / After 2025"]["checked"] is False
    assert project["checked"] == [
        "industrial_areas_thanh_liem",
        "industrial_footprints_thanh_liem",
        "roads_thanh_liem",
        "district_thanh_liem",
        "context_thanh_liem",
    ]
    assert project["view_crs"] == METRIC_CRS


@pytest.mark.qgis
def test_qgis_draws_the_uncertainty_circles_to_scale(qgis_wgs84: Any) -> None:
    project = qgis_wgs84["project"]
    assert project["industrial_render"]["errors"] == []
    # tinted everywhere on a ring at 0.85 × accuracy_m, (almost) white at 1.25 × accuracy_m
    assert project["ring_inside"] == {"kcn_thanh_liem": 1, "ccn_thanh_hai": 1, "ccn_thanh_luu": 1}
    assert all(share < 0.1 for share in project["ring_outside"].values())


def _share_near(pixels: np.ndarray, colour: str, tolerance: int) -> float:
    """Share of the pixels within ``tolerance`` (sum of RGB differences) of ``colour``."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(pixels - rgb).sum(axis=2) < tolerance).mean())


@pytest.mark.qgis
def test_qgis_renders_the_district(qgis_wgs84: Any, layers: dict[str, gpd.GeoDataFrame]) -> None:
    project = qgis_wgs84["project"]
    render = project["render"]
    assert render["saved"]
    assert render["errors"] == []
    path = Path(render["path"])
    assert path.name == RENDER_NAME
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(int)
    height, width = pixels.shape[:2]
    assert width == 1100
    xmin, ymin, xmax, ymax = project["view_extent"]
    view = shapely.box(xmin, ymin, xmax, ymax)
    # rendered at 96 dpi, where a pixel of geo/style.py is a pixel of the image
    metres_per_px = (xmax - xmin) / width
    total = width * height
    metric = {name: frame.to_crs(METRIC_CRS) for name, frame in layers.items()}

    distinct = len(np.unique(pixels.reshape(-1, 3), axis=0))
    assert distinct > 50  # not a blank or single-colour image
    # the district's tint covers its share of the view, so white is only found outside it
    district_share = float(metric["district"].area.sum()) / metres_per_px**2 / total
    assert 0.2 < district_share < 0.9
    assert _share_near(pixels, "#ffffff", 12) < 1 - district_share

    def expected_line(frame: gpd.GeoDataFrame, style: str) -> float:
        """Share of the view a line of this style covers: its length in pixels × its width."""
        length_px = float(frame.geometry.intersection(view).length.sum()) / metres_per_px
        return float(length_px * STYLES[style].stroke_width / total)

    # Counted are pixels close to the stroke colour. Anti-aliasing blends about one pixel of a
    # 3 px line into the background (2/3 stays), labels and symbols cover parts of it, and a
    # line can only cover less than its length × width: so between 0.4 and 1 (measured 0.72).
    outline = _share_near(pixels, STYLES["district"].stroke, 40)
    expected = expected_line(metric["district"].boundary.to_frame("geometry"), "district")
    assert 0.4 < outline / expected < 1.0
    # ĐT495B, dashed, with the same allowance for anti-aliasing; its colour (near black) is
    # also the labels', which add to it (tolerance 60 for the labels' grey halo): at least 0.4
    road = metric["roads"][metric["roads"]["id"] == "dt495b"]
    dash_on, dash_off = STYLES["schematic_road"].dash
    expected = expected_line(road, "schematic_road") * dash_on / (dash_on + dash_off)
    drawn = _share_near(pixels, STYLES["schematic_road"].stroke, 60)
    assert drawn > 0.4 * expected
    # each industrial area's symbol, at its position: the fill inside its 2 px border
    for feature_id, kind, point in metric["industrial_areas"][["id", "kind", "geometry"]].values:
        style = STYLES[kind]
        column = round((point.x - xmin) / metres_per_px)
        row = round((ymax - point.y) / metres_per_px)
        half = round(style.marker_size)
        window = pixels[row - half : row + half, column - half : column + half]
        # the border is centred on the symbol's edge: half of its width lies inside
        inner = style.marker_size - style.stroke_width
        # a square fills its inner square; an equilateral triangle, √3/4 of it
        expected_px = inner**2 * (1 if style.marker == "square" else 3**0.5 / 4)
        filled = _share_near(window, style.fill or "", 40) * window.shape[0] * window.shape[1]
        # anti-aliasing blends the edges (a triangle's slanted ones most): measured 0.88–1.02
        assert 0.7 < filled / expected_px < 1.2, feature_id


@pytest.mark.qgis
def test_qgis_opens_the_vn2000_export(qgis_vn2000: Any, vn2000_dir: Path) -> None:
    project = qgis_vn2000["project"]
    assert project["read"]
    assert project["crs"] == VN2000_UTM48
    for name in LAYER_NAMES:
        assert qgis_vn2000["gpkg"][name]["crs"] == VN2000_UTM48
        assert project["layers"][f"{name}_thanh_liem"]["valid"]
    area = qgis_vn2000["gpkg"]["district"]["areas"]["thanh_liem_district"]["planar_km2"]
    assert area == pytest.approx(164.69, abs=0.05)
    # QGIS shifts WGS 84 onto VN-2000 exactly as the export did (the pinned operation).
    stored = pyogrio.read_dataframe(vn2000_dir / GPKG_FILENAME, layer="industrial_areas")
    for row in stored.itertuples():
        x, y = project["points"][row.id]
        assert math.hypot(x - row.geometry.x, y - row.geometry.y) < 0.01
    assert list(project["operations"]) == ["EPSG:4326->EPSG:3405"]
    assert project["ring_inside"] == {"kcn_thanh_liem": 1, "ccn_thanh_hai": 1, "ccn_thanh_luu": 1}


def test_an_industrial_footprint_exports_beside_the_points(
    layers_dir: Path, tmp_path: Path
) -> None:
    layers = tmp_path / "layers"
    shutil.copytree(layers_dir, layers)
    path = layers / "industrial_areas.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    park = collection["features"][0]
    assert park["id"] == "kcn_thanh_liem"
    x, y = park["geometry"]["coordinates"]
    ring = [[x - 0.002, y - 0.002], [x + 0.002, y - 0.002], [x + 0.002, y + 0.002]]
    park["geometry"] = {
        "type": "Polygon",
        "coordinates": [[*ring, [x - 0.002, y + 0.002], ring[0]]],
    }
    path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "out"
    export_qgis(layers, out)
    tables = {row[0]: row[1] for row in pyogrio.list_layers(out / GPKG_FILENAME)}
    assert tables["industrial_areas"] == "Point"
    assert tables["industrial_areas_polygons"] == "MultiPolygon"
    polygons = pyogrio.read_dataframe(out / GPKG_FILENAME, layer="industrial_areas_polygons")
    assert list(polygons["id"]) == ["kcn_thanh_liem"]
    assert "industrial_areas_polygons" in set(_styles(out)["f_table_name"])
    article = _qgs(out).find("layer-tree-group/layer-tree-group[@name='Bài báo / Article']")
    assert article is not None
    assert [node.get("id") for node in article] == [
        "industrial_areas_thanh_liem",
        "industrial_areas_polygons_thanh_liem",
        "industrial_footprints_thanh_liem",
        "roads_thanh_liem",
        "district_thanh_liem",
    ]


@pytest.mark.qgis
@pytest.mark.parametrize("crs", [WGS84, VN2000_UTM48])
def test_gdal_validator_accepts_the_geopackage(
    crs: str, export_dir: Path, vn2000_dir: Path
) -> None:
    reason = _qgis_missing()
    if reason:
        pytest.skip(reason)  # GDAL's validator comes with python3-gdal, a QGIS dependency
    gpkg = (export_dir if crs == WGS84 else vn2000_dir) / GPKG_FILENAME
    done = subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "osgeo_utils.samples.validate_gpkg", str(gpkg)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=_qgis_env(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
