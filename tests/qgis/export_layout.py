"""Open QGIS projects, export the first one's print layout to PDF, print what QGIS sees as JSON.

Run with Debian's ``/usr/bin/python3`` and ``QT_QPA_PLATFORM=offscreen``::

    /usr/bin/python3 tests/qgis/export_layout.py OUT.pdf PROJECT.qgz [PROJECT.qgz ...]

The PDF is exported as the layout designer's "Export as PDF" does, with the text format the
layout asks for. For each project the report lists its layouts and, for the first layout,
its page, items, the text each label shows (after QGIS has replaced its expressions), the
maps' extents and scale, the legend's settings and the north arrow's rotation.
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
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsProject,
    QgsRenderContext,
)


def _item(item: Any) -> dict[str, Any]:
    size = item.sizeWithUnits()
    info: dict[str, Any] = {"type": type(item).__name__, "size_mm": [size.width(), size.height()]}
    if isinstance(item, QgsLayoutItemLabel):
        info["text"] = item.currentText()
    if isinstance(item, QgsLayoutItemMap):
        extent = item.extent()
        info["extent"] = [
            extent.xMinimum(),
            extent.yMinimum(),
            extent.xMaximum(),
            extent.yMaximum(),
        ]
        info["scale"] = item.scale()
        info["layers"] = [layer.id() for layer in item.layers()]
        info["overviews"] = item.overviews().size()
    if isinstance(item, QgsLayoutItemLegend):
        info["filter_by_map"] = item.legendFilterByMapEnabled()
        info["auto_update"] = item.autoUpdateModel()
        info["linked_map"] = item.linkedMap().id() if item.linkedMap() else None
    if isinstance(item, QgsLayoutItemScaleBar):
        info["units_per_segment"] = item.unitsPerSegment()
        info["units"] = item.units()
        info["segments"] = item.numberOfSegments()
    if isinstance(item, QgsLayoutItemPicture):
        info["north_mode"] = int(item.northMode())
        info["rotation"] = item.pictureRotation()
        info["linked_map"] = item.linkedMap().id() if item.linkedMap() else None
    return info


def _layout(layout: Any, pdf: Path | None) -> dict[str, Any]:
    page = layout.pageCollection().page(0).pageSize()
    report: dict[str, Any] = {
        "name": layout.name(),
        "pages": layout.pageCollection().pageCount(),
        "page_mm": [page.width(), page.height()],
        "items": {item.id(): _item(item) for item in layout.items() if hasattr(item, "id")},
        "text_format": layout.customProperty("pdfTextFormat", 0),
    }
    if pdf is not None:
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.textRenderFormat = QgsRenderContext.TextRenderFormat(
            int(layout.customProperty("pdfTextFormat", 0))
        )
        exporter = QgsLayoutExporter(layout)
        report["export"] = int(exporter.exportToPdf(str(pdf), settings))
        del exporter
    return report


def main() -> int:
    """Read each project and print the JSON report."""
    pdf = Path(sys.argv[1])
    app = QgsApplication([], False)
    app.initQgis()
    reports = []
    for index, name in enumerate(sys.argv[2:]):
        project = QgsProject.instance()
        report: dict[str, Any] = {"read": project.read(name)}
        layouts = project.layoutManager().layouts()
        report["layouts"] = [layout.name() for layout in layouts]
        if layouts:
            report["layout"] = _layout(layouts[0], pdf if index == 0 else None)
        del layouts
        project.clear()
        reports.append(report)
    gc.collect()
    sys.stdout.write(json.dumps(reports, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
