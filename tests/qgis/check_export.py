"""Open the QGIS export in a real QGIS and print what it finds as JSON.

Run with Debian's ``/usr/bin/python3`` (never the project's virtual environment) and
``QT_QPA_PLATFORM=offscreen``::

    /usr/bin/python3 tests/qgis/check_export.py OUTPUT_DIR RENDER.png [POINTS.json]

OUTPUT_DIR holds ``thanh_liem.gpkg`` and ``thanh_liem.qgz``. The project is rendered to
RENDER.png, and its industrial areas alone to RENDER-industrial.png. POINTS.json, if given, is
a list of ``{"id", "lon", "lat"}`` that are transformed into the project CRS with the project's
transform context. Each layer's map tips are evaluated per feature as QGIS's map-tip tool
does (``QgsExpression.replaceExpressionText`` with the layer's scopes and the feature), and its
text attributes are reported as QGIS reads them. Every QGIS object is released before
``exitQgis()`` (QGIS segfaults at exit otherwise); nothing here saves a style (that opens a
dialog which hangs headless). The report is printed as one line of ASCII JSON.
"""

# mypy: disable-error-code="import-not-found,no-any-unimported,misc"

from __future__ import annotations

import gc
import json
import math
import sys
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

RENDER_WIDTH = 1100


def _symbol_info(symbol: Any) -> dict[str, Any]:
    layers = []
    for layer in symbol.symbolLayers():
        props = dict(layer.properties())
        info = {"type": layer.layerType(), "colour": layer.color().name()}
        if layer.layerType() == "GeometryGenerator":
            info["expression"] = props.get("geometryModifier")
            info["sub"] = _symbol_info(layer.subSymbol())
        if layer.layerType() == "SimpleLine":
            info["dash"] = [float(v) for v in layer.customDashVector()]
            info["custom_dash"] = layer.useCustomDashPattern()
            info["width_mm"] = layer.width()
        if layer.layerType() == "SimpleMarker":
            info["shape"] = props.get("name")
            info["size_mm"] = layer.size()
            info["stroke"] = layer.strokeColor().name()
        layers.append(info)
    return {"colour": symbol.color().name(), "layers": layers}


def _texts(layer: QgsVectorLayer) -> dict[str, Any]:
    """Map tip (HTML) and text attributes of every feature, by feature id."""
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    template = layer.mapTipTemplate()
    texts = {}
    for feature in layer.getFeatures():
        context.setFeature(feature)
        attributes = {
            field.name(): feature[field.name()]
            for field in layer.fields()
            if isinstance(feature[field.name()], str)
        }
        tip = QgsExpression.replaceExpressionText(template, context)
        texts[str(feature["id"])] = {"map_tip": tip, "attributes": attributes}
    return texts


def _layer_info(layer: QgsVectorLayer) -> dict[str, Any]:
    renderer = layer.renderer()
    info: dict[str, Any] = {
        "valid": layer.isValid(),
        "name": layer.name(),
        "features": layer.featureCount(),
        "crs": layer.crs().authid(),
        "wkb_type": QgsWkbTypes.displayString(layer.wkbType()),
        "renderer": renderer.type() if renderer else None,
        "labels": layer.labelsEnabled(),
        "label_expression": layer.labeling().settings().fieldName if layer.labeling() else None,
        "label_font": (
            layer.labeling().settings().format().font().family() if layer.labeling() else None
        ),
        "categories": {},
    }
    if renderer is not None and renderer.type() == "categorizedSymbol":
        info["attribute"] = renderer.classAttribute()
        for category in renderer.categories():
            entry = _symbol_info(category.symbol())
            entry["label"] = category.label()
            info["categories"][category.value()] = entry
    ids_without_geometry = []
    areas = {}
    distance = QgsDistanceArea()
    distance.setSourceCrs(layer.crs(), QgsProject.instance().transformContext())
    distance.setEllipsoid("EPSG:7030")
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        if geometry.isNull():
            ids_without_geometry.append(feature["id"])
        elif layer.geometryType() == 2:
            areas[feature["id"]] = {
                "planar_km2": geometry.area() / 1e6,
                "ellipsoidal_km2": distance.measureArea(geometry) / 1e6,
            }
    info["without_geometry"] = ids_without_geometry
    info["areas"] = areas
    info["texts"] = _texts(layer)
    return info


def _gpkg_layers(gpkg: Path) -> dict[str, Any]:
    probe = QgsVectorLayer(str(gpkg), "probe", "ogr")
    names = [entry.split("!!::!!")[1] for entry in probe.dataProvider().subLayers()]
    del probe
    result = {}
    for name in names:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        info = _layer_info(layer)
        count, _ids, style_names, _descriptions, _error = layer.listStylesInDatabase()
        info["db_styles"] = list(style_names)[:count]
        result[name] = info
        del layer
    return result


def _map_settings(project: QgsProject, layers: list[Any], extent: QgsRectangle) -> QgsMapSettings:
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    height = round(RENDER_WIDTH * extent.height() / extent.width())
    settings.setOutputSize(QSize(RENDER_WIDTH, height))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(extent)
    return settings


def _render(settings: QgsMapSettings, path: Path) -> dict[str, Any]:
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    errors = [error.message for error in job.errors()]
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = image.save(str(path), "PNG")
    result = {"path": str(path), "saved": saved, "width": image.width(), "errors": errors}
    result["height"] = image.height()
    del job
    return result


def _ring_samples(
    settings: QgsMapSettings, path: Path, layer: QgsVectorLayer, factor: float
) -> dict[str, float]:
    """Share of non-white pixels on a circle of radius factor × accuracy_m around each point."""
    from qgis.PyQt.QtGui import QImage  # noqa: PLC0415

    image = QImage(str(path))
    to_map = QgsCoordinateTransform(layer.crs(), settings.destinationCrs(), QgsProject.instance())
    to_pixel = settings.mapToPixel()
    centres = {}
    for feature in layer.getFeatures():
        point = to_map.transform(feature.geometry().asPoint())
        centres[feature["id"]] = (point, float(feature["accuracy_m"]))
    shares = {}
    for name, (centre, radius) in centres.items():
        hits = total = 0
        for step in range(72):
            angle = 2 * math.pi * step / 72
            x = centre.x() + factor * radius * math.cos(angle)
            y = centre.y() + factor * radius * math.sin(angle)
            if any(
                math.hypot(x - other.x(), y - other.y()) < other_radius * 1.1
                for other_name, (other, other_radius) in centres.items()
                if other_name != name
            ):
                continue  # inside another circle
            pixel = to_pixel.transform(QgsPointXY(x, y))
            px, py = round(pixel.x()), round(pixel.y())
            if not (0 <= px < image.width() and 0 <= py < image.height()):
                continue
            total += 1
            colour = QColor(image.pixel(px, py))
            hits += (colour.red(), colour.green(), colour.blue()) != (255, 255, 255)
        shares[name] = hits / total if total else math.nan
    return shares


def _project(qgz: Path, render: Path, points: list[dict[str, Any]]) -> dict[str, Any]:
    project = QgsProject.instance()
    result: dict[str, Any] = {"read": project.read(str(qgz))}
    root = project.layerTreeRoot()
    result["crs"] = project.crs().authid()
    result["title"] = project.title()
    result["abstract"] = project.metadata().abstract()
    result["groups"] = {
        group.name(): {
            "checked": group.isVisible(),
            "layers": [node.layerId() for node in group.findLayers()],
        }
        for group in root.children()
        if group.nodeType() == 0
    }
    result["layers"] = {}
    for layer_id, layer in project.mapLayers().items():
        info = _layer_info(layer)
        info["source"] = layer.source()
        result["layers"][layer_id] = info
    checked = [layer for layer in root.layerOrder() if root.findLayer(layer.id()).isVisible()]
    result["checked"] = [layer.id() for layer in checked]
    extent = project.viewSettings().defaultViewExtent()
    result["view_crs"] = extent.crs().authid()
    result["view_extent"] = [extent.xMinimum(), extent.yMinimum()]
    result["view_extent"] += [extent.xMaximum(), extent.yMaximum()]
    rect = QgsRectangle(extent)
    settings = _map_settings(project, checked, rect)
    result["render"] = _render(settings, render)
    industrial = project.mapLayer("industrial_areas_thanh_liem")
    if industrial is not None:
        alone = render.with_name(render.stem + "-industrial.png")
        only = _map_settings(project, [industrial], rect)
        result["industrial_render"] = _render(only, alone)
        result["ring_inside"] = _ring_samples(only, alone, industrial, 0.85)
        result["ring_outside"] = _ring_samples(only, alone, industrial, 1.25)
        del only
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    transform = QgsCoordinateTransform(wgs84, project.crs(), project.transformContext())
    result["points"] = {}
    for point in points:
        xy = transform.transform(QgsPointXY(point["lon"], point["lat"]))
        result["points"][point["id"]] = [xy.x(), xy.y()]
    result["operations"] = {
        f"{src}->{dst}": op
        for (src, dst), op in project.transformContext().coordinateOperations().items()
    }
    del settings, industrial, transform, checked, root
    project.clear()
    return result


def main() -> int:
    """Run every check and print the JSON report."""
    output, render = Path(sys.argv[1]), Path(sys.argv[2])
    points = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")) if len(sys.argv) > 3 else []
    app = QgsApplication([], False)
    app.initQgis()
    report = {
        "qgis": __import__("qgis.core").core.Qgis.QGIS_VERSION,
        "gpkg": _gpkg_layers(output / "thanh_liem.gpkg"),
        "project": _project(output / "thanh_liem.qgz", render, points),
    }
    gc.collect()
    sys.stdout.write(json.dumps(report) + "\n")  # ASCII: one line whatever the text
    sys.stdout.flush()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
