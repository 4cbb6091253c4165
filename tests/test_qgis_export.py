"""The QGIS export without QGIS: GeoPackage, default styles and project, as files."""

from __future__ import annotations

import math
import sqlite3
import xml.etree.ElementTree as ET
from contextlib import closing
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
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
from geo.validate import ValidationError
from tests.qgis_shared import STYLES_COLUMNS, TABLE_TYPES, TABLES, options, qgs, rgba, styles

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
    table = styles(export_dir)
    assert list(table.columns) == STYLES_COLUMNS
    assert sorted(table["f_table_name"]) == sorted(TABLES)
    assert set(table["f_geometry_column"]) == {"geom"}
    assert set(table["f_table_catalog"]) == set(table["f_table_schema"]) == {""}
    assert set(table["useAsDefault"]) == {1}
    for _, row in table.iterrows():
        root = ET.fromstring(row["styleQML"].split("\n", 1)[1])  # noqa: S314 (our own file)
        renderer = root.find("renderer-v2")
        assert renderer is not None
        assert (renderer.get("type"), renderer.get("attr")) == ("categorizedSymbol", "kind")
        text_style = root.find("labeling/settings/text-style")
        assert text_style is not None
        assert "name_vi" in text_style.get("fieldName", "") or row["f_table_name"] == "roads"
        assert text_style.get("fontFamily") == "DejaVu Sans"


def test_styles_come_from_geo_style(export_dir: Path) -> None:
    qml = dict(zip(styles(export_dir)["f_table_name"], styles(export_dir)["styleQML"], strict=True))
    industrial = ET.fromstring(qml["industrial_areas"].split("\n", 1)[1])  # noqa: S314
    labels = {c.get("value"): c.get("label", "") for c in industrial.iter("category")}
    assert set(labels) == {"kcn", "ccn"}
    assert labels["kcn"].startswith(STYLES["kcn"].label_vi)
    assert STYLES["uncertainty"].label_vi.lower() in labels["kcn"]
    symbols = {s.get("name"): s for s in industrial.find("renderer-v2/symbols") or []}
    kcn = symbols["0"].findall("layer")
    assert [layer.get("class") for layer in kcn] == ["GeometryGenerator", "SimpleMarker"]
    assert [layer.get("pass") for layer in kcn] == ["0", "1"]
    marker = options(kcn[1])
    assert marker["name"] == "square"
    assert marker["color"] == rgba(STYLES["kcn"].fill or "")
    assert marker["outline_color"] == rgba(STYLES["kcn"].stroke)
    assert float(marker["size"]) == pytest.approx(STYLES["kcn"].marker_size * PX_TO_MM)
    generator = options(kcn[0])
    assert "buffer(" in generator["geometryModifier"]
    assert '"accuracy_m"' in generator["geometryModifier"]
    assert "'EPSG:32648'" in generator["geometryModifier"]  # metres even in a lon/lat layer
    assert options(symbols["1"].findall("layer")[1])["name"] == "triangle"

    roads = ET.fromstring(qml["roads"].split("\n", 1)[1])  # noqa: S314
    line = options(roads.find("renderer-v2/symbols/symbol/layer"))  # type: ignore[arg-type]
    assert line["use_custom_dash"] == "1"
    assert line["customdash"] == "2.6;2.08"  # (10, 8) px x 0.26
    assert float(line["line_width"]) == pytest.approx(STYLES["schematic_road"].stroke_width * 0.26)
    label = roads.find("labeling/settings/text-style")
    assert label is not None
    assert "sơ đồ" in label.get("fieldName", "")

    district = ET.fromstring(qml["district"].split("\n", 1)[1])  # noqa: S314
    fill, outline = district.find("renderer-v2/symbols/symbol").findall("layer")  # type: ignore[union-attr]
    assert options(fill)["color"] == rgba("#b2182b", STYLES["district"].fill_opacity)
    assert options(outline)["line_color"] == rgba(STYLES["district"].stroke)


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

    root = qgs(vn2000_dir)
    assert root.findtext("projectCrs/spatialrefsys/authid") == VN2000_UTM48
    operation = root.find("transformContext/srcDest")
    assert operation is not None
    assert "+proj=helmert +x=-191.90441429" in operation.get("coordinateOp", "")
    assert operation.findtext("src/spatialrefsys/authid") == WGS84
    assert operation.findtext("dest/spatialrefsys/authid") == VN2000_UTM48
    modifiers = [
        option.get("value")
        for qml in styles(vn2000_dir)["styleQML"]
        for option in ET.fromstring(qml.split("\n", 1)[1]).iter("Option")  # noqa: S314
        if option.get("name") == "geometryModifier"
    ]
    # metric layers: the circles are buffered directly in metres
    assert set(modifiers) == {'buffer($geometry, "accuracy_m", 16)'}
    assert len(modifiers) == 2  # kcn and ccn; the 2025 seats (±100 m) get no circle


# --- the project, without QGIS -----------------------------------------------------------


def test_project_reads_the_geopackage_by_relative_path(export_dir: Path) -> None:
    root = qgs(export_dir)
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
    root = qgs(export_dir)
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
    root = qgs(export_dir)
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
    assert styles(tmp_path)["styleQML"].tolist() == styles(export_dir)["styleQML"].tolist()


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
    assert options(fill)["color"] == rgba(STYLES["kcn"].fill or "", FOOTPRINT_MAX_FILL)
    assert options(outline)["line_color"] == rgba(STYLES["kcn"].stroke)
    assert "<renderer-v2" in qml_document(tables[1], WGS84)
