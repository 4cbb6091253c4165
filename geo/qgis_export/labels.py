"""QGIS labels of each table: the name a reader sees beside a feature, in Vietnamese.

A line drawn otherwise than its real route is qualified from its basis (``ĐT495B (sơ đồ)``),
written only for the bases the table holds, so the labels follow the data.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Final

from geo.bases import BASES, basis_key
from geo.qgis_export.tables import Table
from geo.style import LABEL_COLOUR, LABEL_FONT, LABEL_HALO, PX_TO_MM, STYLES, style_of


def rgba(colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` and an opacity → QGIS ``r,g,b,a``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


@dataclass(frozen=True)
class LabelStyle:
    """How one layer is labelled.

    Attributes
    ----------
    expression
        QGIS expression of the label text (Vietnamese).
    size
        Font size, points.
    colour
        Text colour.
    bold
        Bold text.
    """

    expression: str
    size: float
    colour: str = LABEL_COLOUR
    bold: bool = False


LABELS: Final[dict[str, LabelStyle]] = {
    "district": LabelStyle('"name_vi"', 11, STYLES["district"].stroke, bold=True),
    "context": LabelStyle('"name_vi"', 8, STYLES["neighbour_province"].stroke),
    "industrial_areas": LabelStyle('"name_vi"', 9, bold=True),
    "roads": LabelStyle('"ref"', 8.5),
    "admin_2025": LabelStyle('"name_vi"', 8, STYLES["unit_2025_commune"].stroke),
}
"""Label of each layer; a layer missing here is labelled with ``name_vi``."""


def basis_keys(table: Table) -> set[str]:
    """Return the basis keys (``commune_point``…) of a table's features."""
    values = table.frame.get("location_basis", ())
    return {basis_key(str(value)) for value in values}


def _label_style(table: Table) -> LabelStyle:
    """Return the label of a table; a line drawn otherwise than its real route is qualified.

    The qualifier (``ĐT495B (sơ đồ)``) comes from each feature's basis
    (:attr:`geo.bases.Basis.qualifier_vi`), written only for the bases the table holds.
    """
    label = LABELS.get(table.layer, LabelStyle('"name_vi"', 8))
    if table.family != "line":
        return label
    keys = basis_keys(table)
    cases = [
        f"WHEN left(\"location_basis\", {len(key) + 1}) = '{key}:' "
        f"THEN {label.expression} || ' ({basis.qualifier_vi})'"
        for key, basis in BASES.items()
        if key in keys and basis.qualifier_vi
    ]
    if not cases:
        return label
    expression = f"CASE {' '.join(cases)} ELSE {label.expression} END"
    return LabelStyle(expression, label.size, label.colour, label.bold)


_PLACEMENT: Final = {
    # family: (placement, placementFlags); QgsPalLayerSettings::Placement
    "point": ("1", "10"),  # offset from the point, to its right
    "line": ("2", "10"),  # parallel, on the line
    "polygon": ("1", "10"),  # over the centroid
}
LABEL_GAP_MM: Final = 1.0
"""Gap between a point symbol and its label."""


def _label_offset(table: Table) -> float:
    """Return the label's offset to the right of the point, mm (half the widest marker + gap)."""
    if table.family != "point":
        return 0.0
    widest = max((style_of(kind).marker_size for kind in table.kinds), default=0.0)
    return widest * PX_TO_MM / 2 + LABEL_GAP_MM


def labeling(table: Table) -> ET.Element:
    """Return the Vietnamese labels of a table.

    Parameters
    ----------
    table
        The table.

    Returns
    -------
    xml.etree.ElementTree.Element
    """
    label = _label_style(table)
    element = ET.Element("labeling", type="simple")
    settings = ET.SubElement(element, "settings", calloutType="simple")
    text = ET.SubElement(
        settings,
        "text-style",
        fieldName=label.expression,
        isExpression="1",
        fontFamily=LABEL_FONT,
        fontSize=f"{label.size:g}",
        fontSizeUnit="Point",
        fontWeight="75" if label.bold else "50",
        namedStyle="Bold" if label.bold else "Book",
        textColor=rgba(label.colour),
        textOpacity="1",
        multilineHeight="1",
        allowHtml="0",
        useSubstitutions="0",
        blendMode="0",
    )
    ET.SubElement(
        text,
        "text-buffer",
        bufferDraw="1",
        bufferSize="0.8",
        bufferSizeUnits="MM",
        bufferColor=rgba(LABEL_HALO),
        bufferOpacity="0.85",
        bufferNoFill="1",
        bufferJoinStyle="128",
        bufferBlendMode="0",
    )
    ET.SubElement(settings, "text-format", multilineAlign="3", wrapChar="", autoWrapLength="0")
    placement, flags = _PLACEMENT[table.family]
    ET.SubElement(
        settings,
        "placement",
        placement=placement,
        placementFlags=flags,
        quadOffset="5" if table.family == "point" else "4",
        xOffset=f"{_label_offset(table):g}",
        yOffset="0",
        offsetUnits="MM",
        offsetType="0",
        dist="0",
        distUnits="MM",
        centroidInside="1",
        priority="8" if table.layer in {"district", "industrial_areas"} else "5",
        repeatDistance="0",
        maxCurvedCharAngleIn="25",
        maxCurvedCharAngleOut="-25",
        overrunDistance="0",
    )
    ET.SubElement(
        settings,
        "rendering",
        drawLabels="1",
        obstacle="1",
        obstacleFactor="1",
        obstacleType="1",
        displayAll="0",
        labelPerPart="0",
        mergeLines="1" if table.family == "line" else "0",
        upsidedownLabels="0",
        scaleVisibility="0",
        fontLimitPixelSize="0",
        limitNumLabels="0",
        maxNumLabels="2000",
        minFeatureSize="0",
        zIndex="0",
        unplacedVisibility="0",
    )
    return element
