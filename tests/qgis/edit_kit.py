"""Edit the exported GeoPackage in a real QGIS as a contributor would; print what QGIS did.

Run with Debian's ``/usr/bin/python3`` (never the project's virtual environment) and
``QT_QPA_PLATFORM=offscreen``::

    /usr/bin/python3 tests/qgis/edit_kit.py SCENARIO.json

SCENARIO.json names the export folder (``thanh_liem.qgz`` and the GeoPackage beside it), the
GeoPackage to edit, T1's line and a footprint (lon/lat), the attributes to enter, and
strings with their QGIS literals to evaluate. The script reads the forms of the project and of
the GeoPackage's default styles; opens the GeoPackage's ``roads`` table, starts editing, gives
T1 the line and fills its attribute form (QgsAttributeForm, QGIS's own form) without a source,
then with one, and commits; then draws the footprint in ``industrial_footprints`` and commits.
Every QGIS object is released before ``exitQgis()``.
"""

# mypy: disable-error-code="import-not-found,no-any-unimported,misc"

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpression,
    QgsFeature,
    QgsFieldConstraints,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
    QgsWkbTypes,
)
from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui
from qgis.PyQt.QtWidgets import QDialogButtonBox

HARD = QgsFieldConstraints.ConstraintStrengthHard
ANY_ORIGIN = QgsFieldConstraints.ConstraintOriginNotSet
FORM_FIELDS = (
    "id",
    "location_basis",
    "accuracy_m",
    "source",
    "contributor",
    "contribution_date",
    "previous_bases",
    "industrial_area_id",
    "kind",
)


def _form(layer: QgsVectorLayer) -> dict[str, Any]:
    """The form configuration QGIS loaded for a layer, field by field."""
    fields = layer.fields()
    result = {}
    for name in FORM_FIELDS:
        index = fields.indexOf(name)
        if index < 0:
            continue
        constraints = fields.at(index).constraints()
        setup = layer.editorWidgetSetup(index)
        result[name] = {
            "widget": setup.type(),
            "config": setup.config(),
            "alias": layer.attributeAlias(index),
            "not_null": bool(
                constraints.constraints() & QgsFieldConstraints.ConstraintNotNull
                and constraints.constraintStrength(QgsFieldConstraints.ConstraintNotNull) == HARD
            ),
            "unique": bool(constraints.constraints() & QgsFieldConstraints.ConstraintUnique),
            "expression": constraints.constraintExpression(),
            "expression_hard": constraints.constraintStrength(
                QgsFieldConstraints.ConstraintExpression
            )
            == HARD,
            "read_only": layer.editFormConfig().readOnly(index),
            "default": layer.defaultValueDefinition(index).expression(),
        }
    return result


def _project_forms(qgz: Path) -> dict[str, Any]:
    project = QgsProject.instance()
    forms: dict[str, Any] = {"read": project.read(str(qgz))}
    for layer_id in ("roads_thanh_liem", "industrial_areas_thanh_liem"):
        forms[layer_id] = _form(project.mapLayer(layer_id))
    footprints = project.mapLayer("industrial_footprints_thanh_liem")
    forms["footprints"] = None if footprints is None else _form(footprints)
    del footprints
    project.clear()
    return forms


def _validate(layer: QgsVectorLayer, feature: QgsFeature, name: str) -> list[Any]:
    valid, errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, layer.fields().indexOf(name), HARD, ANY_ORIGIN
    )
    return [valid, list(errors)]


def _to_layer(layer: QgsVectorLayer, lonlat: list[list[float]]) -> list[QgsPointXY]:
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    transform = QgsCoordinateTransform(wgs84, layer.crs(), QgsProject.instance())
    return [transform.transform(QgsPointXY(lon, lat)) for lon, lat in lonlat]


def _fill(form: QgsAttributeForm, values: dict[str, Any]) -> None:
    for name, value in values.items():
        form.changeAttribute(name, value)


def _edit_t1(gpkg: Path, scenario: dict[str, Any]) -> dict[str, Any]:
    layer = QgsVectorLayer(f"{gpkg}|layername=roads", "roads", "ogr")
    result: dict[str, Any] = {"valid": layer.isValid(), "form": _form(layer)}
    t1 = next(feature for feature in layer.getFeatures() if feature["id"] == "t1")
    result["t1_geometry_before"] = None if t1.geometry().isNull() else t1.geometry().asWkt()
    result["start_editing"] = layer.startEditing()
    line = QgsGeometry.fromMultiPolylineXY([_to_layer(layer, scenario["t1_line"])])
    result["change_geometry"] = layer.changeGeometry(t1.id(), line)
    feature = layer.getFeature(t1.id())
    form = QgsAttributeForm(layer, feature, QgsAttributeEditorContext())
    ok_button = form.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok)
    _fill(form, {**scenario["t1_attributes"], "source": ""})
    result["without_source"] = {
        "source": _validate(layer, form.currentFormFeature(), "source"),
        "ok_enabled": ok_button.isEnabled(),
        "saved": form.save(),
        "source_in_layer": layer.getFeature(t1.id())["source"],
    }
    _fill(form, {"accuracy_m": 0})
    result["zero_accuracy"] = _validate(layer, form.currentFormFeature(), "accuracy_m")
    _fill(form, {"accuracy_m": scenario["t1_attributes"]["accuracy_m"]})
    _fill(form, {"source": scenario["t1_source"]})
    result["with_source"] = {
        "source": _validate(layer, form.currentFormFeature(), "source"),
        "accuracy_m": _validate(layer, form.currentFormFeature(), "accuracy_m"),
        "ok_enabled": ok_button.isEnabled(),
        "saved": form.save(),
    }
    saved = layer.getFeature(t1.id())
    result["saved_attributes"] = {
        name: saved[name] for name in ("source", "location_basis", "accuracy_m", "contributor")
    }
    result["saved_attributes"]["contribution_date"] = str(saved["contribution_date"])
    result["commit"] = layer.commitChanges()
    result["commit_errors"] = list(layer.commitErrors())
    del form, ok_button, feature, saved, t1, line, layer
    return result


def _draw_footprint(gpkg: Path, scenario: dict[str, Any]) -> dict[str, Any]:
    layer = QgsVectorLayer(f"{gpkg}|layername=industrial_footprints", "footprints", "ogr")
    result: dict[str, Any] = {
        "valid": layer.isValid(),
        "features_before": layer.featureCount(),
        "wkb_type": QgsWkbTypes.displayString(layer.wkbType()),
        "form": _form(layer),
    }
    layer.startEditing()
    ring = _to_layer(layer, scenario["footprint"])
    geometry = QgsGeometry.fromMultiPolygonXY([[ring]])
    area_index = layer.fields().indexOf("industrial_area_id")
    feature = QgsVectorLayerUtils.createFeature(
        layer, geometry, {area_index: scenario["footprint_area"]}
    )
    result["defaults"] = {name: feature[name] for name in ("kind", "name_vi")}
    for name, value in scenario["footprint_attributes"].items():
        feature[name] = value
    result["valid_attributes"] = {
        name: _validate(layer, feature, name)[0]
        for name in ("industrial_area_id", "source", "accuracy_m", "location_basis")
    }
    result["added"] = layer.addFeature(feature)
    result["commit"] = layer.commitChanges()
    del feature, geometry, layer
    return result


def main() -> int:
    """Run the scenario and print the JSON report."""
    scenario = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    app = QgsApplication([], True)
    app.initQgis()
    QgsGui.editorWidgetRegistry().initEditors()
    gpkg = Path(scenario["gpkg"])
    report = {
        "project": _project_forms(Path(scenario["qgz"])),
        "t1": _edit_t1(gpkg, scenario),
        "footprint": _draw_footprint(gpkg, scenario),
        "literals": [
            [QgsExpression(literal).evaluate() == text, QgsExpression.quotedString(text)]
            for text, literal in scenario["literals"]
        ],
    }
    gc.collect()
    sys.stdout.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
