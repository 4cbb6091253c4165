"""QGIS symbology (QML) generated from :data:`geo.style.STYLES`, without QGIS.

Every table gets a categorised renderer on ``kind`` (one category per kind present, legend in
Vietnamese) and Vietnamese labels. Widths and sizes are the web map's pixels ×
:data:`geo.style.PX_TO_MM`. As on the web map, the industrial areas carry their position
uncertainty: a geometry-generator circle of radius ``accuracy_m`` metres under the marker
(buffered in UTM 48N when the layer is in lon/lat, so it is the same circle whatever CRS the
map is shown in), and a point kind drawn as an area (a footprint) has its fill capped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Final

from pyproj import CRS

from geo.bases import BASES
from geo.metric import METRIC_CRS
from geo.qgis_export.forms import form_elements
from geo.qgis_export.tables import Table
from geo.qgis_export.text import map_tip, xml_document
from geo.style import (
    LABEL_COLOUR,
    LABEL_FONT,
    LABEL_HALO,
    PX_TO_MM,
    STYLES,
    UNCERTAINTY_KIND,
    UNCERTAINTY_LAYERS,
    Style,
    style_of,
)

QGIS_VERSION: Final = "3.22.16-Białowieża"
"""QGIS version whose file format the documents follow (Debian 12's QGIS, used in tests)."""

GEOMETRY_TYPES: Final = {"point": 0, "line": 1, "polygon": 2}
"""Family → QGIS ``layerGeometryType``."""

_MARKERS: Final = {"square": "square", "triangle": "triangle", "circle": "circle"}
"""Marker names of :class:`geo.style.Style` → QGIS simple-marker shapes."""


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


def _basis_keys(table: Table) -> set[str]:
    values = table.frame.get("location_basis", ())
    return {str(value).partition(":")[0] for value in values}


def _label_style(table: Table) -> LabelStyle:
    """Return the label of a table; a line drawn otherwise than its real route is qualified.

    The qualifier (``ĐT495B (sơ đồ)``) comes from each feature's basis
    (:attr:`geo.bases.Basis.qualifier_vi`), written only for the bases the table holds.
    """
    label = LABELS.get(table.layer, LabelStyle('"name_vi"', 8))
    if table.family != "line":
        return label
    keys = _basis_keys(table)
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


def _rgba(colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` and an opacity → QGIS ``r,g,b,a``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _mm(pixels: float) -> str:
    return f"{pixels * PX_TO_MM:g}"


def _dash(style: Style) -> dict[str, str]:
    if not style.dash:
        return {"use_custom_dash": "0", "customdash": "5;2"}
    return {
        "use_custom_dash": "1",
        "customdash": ";".join(_mm(length) for length in style.dash),
        "customdash_unit": "MM",
    }


def _options(parent: ET.Element, props: dict[str, str]) -> None:
    """Write properties in both forms QGIS reads (``Option`` map and legacy ``prop``)."""
    option_map = ET.SubElement(parent, "Option", type="Map")
    for key, value in props.items():
        ET.SubElement(option_map, "Option", name=key, value=value, type="QString")
    for key, value in props.items():
        ET.SubElement(parent, "prop", k=key, v=value)


def _symbol(kind: str, name: str, layers: list[ET.Element]) -> ET.Element:
    symbol = ET.Element(
        "symbol", type=kind, name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    symbol.extend(layers)
    return symbol


def _layer(
    cls: str, props: dict[str, str], rendering_pass: int = 0, sub: ET.Element | None = None
) -> ET.Element:
    element = ET.Element("layer", {"class": cls, "enabled": "1", "pass": str(rendering_pass)})
    element.set("locked", "0")
    _options(element, props)
    if sub is not None:
        element.append(sub)
    return element


def _line_layer(style: Style, rendering_pass: int = 0) -> ET.Element:
    props = {
        "line_color": _rgba(style.stroke),
        "line_width": _mm(style.stroke_width),
        "line_width_unit": "MM",
        "line_style": "solid",
        "capstyle": "round" if not style.dash else "flat",
        "joinstyle": "round",
        **_dash(style),
    }
    return _layer("SimpleLine", props, rendering_pass)


def _fill_layer(style: Style) -> ET.Element:
    return _layer(
        "SimpleFill",
        {
            "color": _rgba(
                style.fill or style.stroke, style.area_fill_opacity if style.fill else 0
            ),
            "style": "solid" if style.fill else "no",
            "outline_style": "no",
            "outline_width": "0",
        },
    )


def uncertainty_expression(crs: str) -> str:
    """Return the geometry-generator expression of the uncertainty circle.

    Parameters
    ----------
    crs
        CRS of the layer.

    Returns
    -------
    str
        A buffer of radius ``accuracy_m`` metres, computed in a metric CRS.
    """
    if CRS(crs).is_geographic:
        projected = f"transform($geometry, '{crs}', '{METRIC_CRS}')"
        return f"""transform(buffer({projected}, "accuracy_m", 16), '{METRIC_CRS}', '{crs}')"""
    return 'buffer($geometry, "accuracy_m", 16)'


def _uncertainty_layer(name: str, crs: str) -> ET.Element:
    circle = STYLES[UNCERTAINTY_KIND]
    return _layer(
        "GeometryGenerator",
        {
            "SymbolType": "Fill",
            "geometryModifier": uncertainty_expression(crs),
            "units": "MapUnit",
        },
        rendering_pass=0,
        sub=_symbol("fill", f"@{name}@0", [_fill_layer(circle), _line_layer(circle)]),
    )


def _marker_layer(style: Style) -> ET.Element:
    try:
        shape = _MARKERS[style.marker]
    except KeyError:
        msg = f"marker {style.marker!r} has no QGIS shape; add it to {__name__}._MARKERS"
        raise KeyError(msg) from None
    return _layer(
        "SimpleMarker",
        {
            "name": shape,
            "color": _rgba(style.fill or style.stroke, style.fill_opacity if style.fill else 1),
            "outline_color": _rgba(style.stroke),
            "outline_style": "solid",
            "outline_width": _mm(style.stroke_width),
            "outline_width_unit": "MM",
            "size": _mm(style.marker_size),
            "size_unit": "MM",
            "joinstyle": "miter",
        },
        rendering_pass=1,
    )


def symbol(family: str, kind: str, name: str, crs: str, *, uncertainty: bool = False) -> ET.Element:
    """Return the QGIS symbol of one feature kind.

    Parameters
    ----------
    family
        ``point``, ``line`` or ``polygon``.
    kind
        Feature kind (key of :data:`geo.style.STYLES`).
    name
        Symbol name inside the renderer.
    crs
        CRS of the layer.
    uncertainty
        Draw a point's uncertainty circle (radius ``accuracy_m``) under its marker.

    Returns
    -------
    xml.etree.ElementTree.Element
    """
    style = style_of(kind)
    if family == "point":
        layers = [_uncertainty_layer(name, crs)] if uncertainty else []
        return _symbol("marker", name, [*layers, _marker_layer(style)])
    if family == "line":
        return _symbol("line", name, [_line_layer(style)])
    return _symbol("fill", name, [_fill_layer(style), _line_layer(style)])


def _has_uncertainty(table: Table) -> bool:
    return table.family == "point" and table.layer in UNCERTAINTY_LAYERS


def category_label(kind: str, *, uncertainty: bool = False) -> str:
    """Return the legend text of a kind (Vietnamese), naming the uncertainty circle if drawn.

    Parameters
    ----------
    kind
        Feature kind.
    uncertainty
        Whether the symbol carries the uncertainty circle.

    Returns
    -------
    str
    """
    label = style_of(kind).label_vi
    if not uncertainty:
        return label
    circle = STYLES[UNCERTAINTY_KIND].label_vi
    return f"{label} + {circle[0].lower()}{circle[1:]}"


def renderer(table: Table, crs: str) -> ET.Element:
    """Return the categorised renderer (on ``kind``) of a table.

    Parameters
    ----------
    table
        The table.
    crs
        CRS of the table.

    Returns
    -------
    xml.etree.ElementTree.Element
    """
    element = ET.Element(
        "renderer-v2",
        type="categorizedSymbol",
        attr="kind",
        symbollevels="1" if _has_uncertainty(table) else "0",
        forceraster="0",
        enableorderby="0",
        referencescale="-1",
    )
    categories = ET.SubElement(element, "categories")
    symbols = ET.SubElement(element, "symbols")
    for index, kind in enumerate(table.kinds):
        ET.SubElement(
            categories,
            "category",
            render="true",
            value=kind,
            symbol=str(index),
            label=category_label(kind, uncertainty=_has_uncertainty(table)),
        )
        symbols.append(
            symbol(table.family, kind, str(index), crs, uncertainty=_has_uncertainty(table))
        )
    ET.SubElement(element, "rotation")
    ET.SubElement(element, "sizescale")
    return element


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
        textColor=_rgba(label.colour),
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
        bufferColor=_rgba(LABEL_HALO),
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


def style_elements(table: Table, crs: str) -> list[ET.Element]:
    """Return the style elements shared by a QML document and a project's map layer.

    Parameters
    ----------
    table
        The table.
    crs
        CRS of the table.

    Returns
    -------
    list of xml.etree.ElementTree.Element
    """
    elements = [renderer(table, crs), labeling(table)]
    for tag, value in (
        ("blendMode", "0"),
        ("featureBlendMode", "0"),
        ("layerOpacity", "1"),
        ("previewExpression", '"name_vi"'),
        ("mapTip", map_tip(_basis_keys(table))),
        ("layerGeometryType", str(GEOMETRY_TYPES[table.family])),
    ):
        element = ET.Element(tag)
        element.text = value
        elements.append(element)
    elements.extend(form_elements(table))  # the editing kit's attribute forms
    return elements


def layer_attributes() -> dict[str, str]:
    """Return the attributes a styled layer element carries (QML root or project layer).

    Returns
    -------
    dict
    """
    return {
        "labelsEnabled": "1",
        "hasScaleBasedVisibilityFlag": "0",
        "minScale": "100000000",
        "maxScale": "0",
        "styleCategories": "AllStyleCategories",
        "simplifyDrawingHints": "0",
        "readOnly": "0",
    }


def qml_document(table: Table, crs: str) -> str:
    """Return the QML style document of a table.

    Parameters
    ----------
    table
        The table.
    crs
        CRS of the table.

    Returns
    -------
    str
    """
    root = ET.Element("qgis", {"version": QGIS_VERSION, **layer_attributes()})
    root.extend(style_elements(table, crs))
    return qgis_document(root)


def qgis_document(root: ET.Element) -> str:
    """Return a ``<qgis>`` element as a QGIS XML document (QML style or ``.qgs`` project).

    Text XML 1.0 cannot hold is replaced by visible markers (:func:`text.xml_document
    <geo.qgis_export.text.xml_document>`).

    Parameters
    ----------
    root
        The ``<qgis>`` element; it is indented and made XML-safe in place.

    Returns
    -------
    str
        The indented XML after QGIS's ``DOCTYPE`` line.
    """
    return xml_document(root)
