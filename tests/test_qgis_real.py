"""The QGIS export opened, drawn and rendered in Debian's QGIS (a /usr/bin/python3 subprocess)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from PIL import Image

from geo.facts import load_article
from geo.metric import METRIC_CRS, VN2000_UTM48, WGS84
from geo.qgis_export import GPKG_FILENAME, export_qgis
from geo.schema import LAYER_NAMES
from geo.style import PX_TO_MM, STYLES
from tests.qgis_shared import (
    SYSTEM_PYTHON,
    TABLE_TYPES,
    TABLES,
    industrial_points,
    qgis_env,
    qgis_missing,
    qgs,
    run_qgis,
    styles,
)

ROOT = Path(__file__).resolve().parents[1]
RENDER_NAME = "qgis_render.png"


# --- in a real QGIS ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def qgis_wgs84(
    export_dir: Path,
    collections: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    work = tmp_path_factory.mktemp("qgis_run")
    return run_qgis(export_dir, work / RENDER_NAME, industrial_points(collections), work)


@pytest.fixture(scope="module")
def qgis_vn2000(
    vn2000_dir: Path,
    collections: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    work = tmp_path_factory.mktemp("qgis_run_vn2000")
    return run_qgis(vn2000_dir, work / "render.png", industrial_points(collections), work)


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


def test_an_industrial_footprint_exports_beside_theindustrial_points(
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
    assert "industrial_areas_polygons" in set(styles(out)["f_table_name"])
    article = qgs(out).find("layer-tree-group/layer-tree-group[@name='Bài báo / Article']")
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
    reason = qgis_missing()
    if reason:
        pytest.skip(reason)  # GDAL's validator comes with python3-gdal, a QGIS dependency
    gpkg = (export_dir if crs == WGS84 else vn2000_dir) / GPKG_FILENAME
    done = subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "osgeo_utils.samples.validate_gpkg", str(gpkg)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=qgis_env(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
