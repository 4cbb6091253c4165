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
from typing import Final

from pyproj import CRS

from geo.metric import METRIC_CRS
from geo.qgis_export.forms import form_elements
from geo.qgis_export.labels import basis_keys, labeling, rgba
from geo.qgis_export.tables import Table
from geo.qgis_export.text import map_tip, xml_document
from geo.style import (
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
        "line_color": rgba(style.stroke),
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
            "color": rgba(style.fill or style.stroke, style.area_fill_opacity if style.fill else 0),
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
            "color": rgba(style.fill or style.stroke, style.fill_opacity if style.fill else 1),
            "outline_color": rgba(style.stroke),
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
        ("mapTip", map_tip(basis_keys(table))),
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
