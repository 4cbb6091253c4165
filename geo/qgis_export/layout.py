"""The QGIS print layout: an A4 landscape page to export as PDF with one click.

The page has the map (the district, the industrial areas with their uncertainty circles, the
roads, the context), an inset locating the district within its province and the neighbouring
provinces, a legend of what the map draws, a scale bar, a north arrow (true north), a title,
a subtitle and a credit line. The XML follows QGIS 3.22's own serialisation of a
``QgsPrintLayout`` (``<Layouts>`` in the ``.qgs``).

Data never enters a QGIS expression: every text derived from the data (title, credits, the
note on what is not drawn) is stored as a layout variable, and the labels only show
``[% @variable %]``; QGIS inserts a variable's value as it is, without evaluating it. Every
attribute and text is escaped by :mod:`xml.etree.ElementTree`.
"""

from __future__ import annotations

import math
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import shapely

from geo import captions
from geo.bases import LANGS
from geo.facts import Article
from geo.layer_table import printed_groups
from geo.qgis_export.tables import Table
from geo.style import LABEL_COLOUR, LABEL_FONT

LAYOUT_NAME: Final = "Thanh Liêm – A4"
PAGE_MM: Final = (297.0, 210.0)
"""A4 landscape."""

ITEM_TYPES: Final = {
    "page": 65638,
    "map": 65639,
    "picture": 65640,
    "label": 65641,
    "legend": 65642,
    "scalebar": 65646,
}
"""QGIS layout item type ids (``QgsLayoutItemRegistry``)."""

NORTH_ARROW: Final = ":/images/north_arrows/layout_default_north_arrow.svg"
"""QGIS's own north arrow (a resource of every installation)."""
TRUE_NORTH: Final = "1"
"""``QgsLayoutItemPicture::TrueNorth``: the arrow turns with the meridian convergence."""

PDF_TEXT_AS_TEXT: Final = "1"
"""``QgsRenderContext::TextFormatAlwaysText``: the PDF export keeps labels searchable."""
SCALEBAR_SHARE: Final = 0.12
"""A scale-bar segment is about this share of the map's width (two segments)."""

VARIABLE_PREFIX: Final = "thanh_liem_"
UUID_NAMESPACE: Final = uuid.UUID("5f1c2a8e-2f7b-4c55-9a57-6a0e4f1d7c21")
"""Namespace of the items' uuids (fixed: same input, same project file)."""

FOCUS_MARGIN: Final = 0.06
INSET_MARGIN: Final = 0.18
LEGEND_LAYERS: Final = tuple(printed_groups())
"""Groups and layers of the legend: the printed layers (:mod:`geo.layer_table`)."""


@dataclass(frozen=True)
class Frame:
    """Position and size of an item on the page, millimetres from the top-left corner."""

    x: float
    y: float
    width: float
    height: float


TITLE: Final = Frame(10, 7, 277, 9)
SUBTITLE: Final = Frame(10, 16, 277, 12)
MAP: Final = Frame(10, 30, 148, 158)
INSET: Final = Frame(168, 30, 80, 62)
LEGEND: Final = Frame(168, 97, 119, 70)
NOTE: Final = Frame(168, 176, 119, 10)
CREDITS: Final = Frame(10, 192, 277, 14)
SCALEBAR: Final = Frame(13, 177, 60, 9)
NORTH: Final = Frame(MAP.x + MAP.width - 14, MAP.y + 4, 9, 13)


def _uuid(name: str) -> str:
    return "{" + str(uuid.uuid5(UUID_NAMESPACE, f"{LAYOUT_NAME}/{name}")) + "}"


def _mm(*values: float) -> str:
    return ",".join(f"{value:g}" for value in values) + ",mm"


def _colour(parent: ET.Element, tag: str, hex_colour: str, alpha: int = 255) -> None:
    red, green, blue = (str(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    ET.SubElement(parent, tag, red=red, green=green, blue=blue, alpha=str(alpha))


def _font(size: float, *, bold: bool = False) -> str:
    """Return a ``QFont::toString`` description."""
    return f"{LABEL_FONT},{size:g},-1,5,{75 if bold else 50},0,0,0,0,0"


def _item(kind: str, name: str, place: Frame, z: int, **attributes: str) -> ET.Element:
    element = ET.Element(
        "LayoutItem",
        {
            "type": str(ITEM_TYPES[kind]),
            "id": name,
            "uuid": _uuid(name),
            "templateUuid": _uuid(name),
            "position": _mm(place.x, place.y),
            "positionOnPage": _mm(place.x, place.y),
            "size": _mm(place.width, place.height),
            "zValue": str(z),
            "visibility": "1",
            "positionLock": "true",
            "referencePoint": "0",
            "itemRotation": "0",
            "opacity": "1",
            "blendMode": "0",
            "excludeFromExports": "0",
            "groupUuid": "",
            "frame": "false",
            "frameJoinStyle": "miter",
            "outlineWidthM": "0.3,mm",
            "background": "false",
            **attributes,
        },
    )
    _colour(element, "FrameColor", "#000000")
    _colour(element, "BackgroundColor", "#ffffff")
    return element


def _fill_symbol(fill: str, fill_alpha: int, outline: str, width_mm: float) -> ET.Element:
    symbol = ET.Element("symbol", type="fill", name="", alpha="1", clip_to_extent="1")
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleFill", "pass": "0", "enabled": "1"})
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    o_red, o_green, o_blue = (int(outline[i : i + 2], 16) for i in (1, 3, 5))
    props = {
        "color": f"{red},{green},{blue},{fill_alpha}",
        "style": "solid" if fill_alpha else "no",
        "outline_color": f"{o_red},{o_green},{o_blue},255",
        "outline_style": "solid",
        "outline_width": f"{width_mm:g}",
        "outline_width_unit": "MM",
    }
    options = ET.SubElement(layer, "Option", type="Map")
    for key, value in props.items():
        ET.SubElement(options, "Option", name=key, value=value, type="QString")
    return symbol


def _label(
    name: str, frame: Frame, variable: str, size: float, *, bold: bool = False
) -> ET.Element:
    element = _item(
        "label",
        name,
        frame,
        10,
        labelText=f"[% @{VARIABLE_PREFIX}{variable} %]",
        htmlState="0",
        marginX="0",
        marginY="0",
        halign="1",
        valign="32",
    )
    ET.SubElement(element, "LabelFont", description=_font(size, bold=bold), style="")
    _colour(element, "FontColor", LABEL_COLOUR)
    return element


def _extent(parent: ET.Element, bounds: Sequence[float]) -> None:
    xmin, ymin, xmax, ymax = bounds
    ET.SubElement(
        parent,
        "Extent",
        xmin=f"{xmin:.3f}",
        ymin=f"{ymin:.3f}",
        xmax=f"{xmax:.3f}",
        ymax=f"{ymax:.3f}",
    )


def _fit(bounds: Sequence[float], frame: Frame, margin: float) -> tuple[float, ...]:
    """Grow ``bounds`` by a margin, then to the frame's shape about its centre."""
    xmin, ymin, xmax, ymax = bounds
    pad = max(xmax - xmin, ymax - ymin) * margin
    xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad
    aspect = frame.height / frame.width
    width, height = xmax - xmin, ymax - ymin
    if height / width < aspect:
        height = width * aspect
    else:
        width = height / aspect
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _map(name: str, frame: Frame, bounds: Sequence[float], layers: Sequence[Table]) -> ET.Element:
    element = _item(
        "map",
        name,
        frame,
        1 if name == "map" else 2,
        keepLayerSet="true" if layers else "false",
        drawCanvasItems="true",
        mapRotation="0",
        labelMargin="0,mm",
        followPreset="false",
        followPresetName="",
        isTemporal="0",
        mapFlags="0",
        frame="true",
        background="true",
    )
    _extent(element, bounds)
    layer_set = ET.SubElement(element, "LayerSet")
    for table in layers:
        layer = ET.SubElement(
            layer_set,
            "Layer",
            provider="ogr",
            source=f"./thanh_liem.gpkg|layername={table.name}",
            name=table.name,
        )
        layer.text = f"{table.name}_thanh_liem"
    return element


def _legend(tables: Sequence[Table], labels: Mapping[str, str]) -> ET.Element:
    element = _item(
        "legend",
        "legend",
        LEGEND,
        5,
        title="Chú giải / Legend",
        map_uuid=_uuid("map"),
        legendFilterByMap="1",
        resizeToContents="1",
        symbolWidth="7",
        symbolHeight="4",
        columnCount="1",
        wrapChar="",
        boxSpace="1",
        fontColor=LABEL_COLOUR,
    )
    styles = ET.SubElement(element, "styles")
    for style, size, bold in (
        ("title", 10, True),
        ("group", 8.5, True),
        ("subgroup", 8, False),
        ("symbol", 7.5, False),
        ("symbolLabel", 7.5, False),
    ):
        entry = ET.SubElement(styles, "style", name=style, marginTop="1.5", alignment="1")
        ET.SubElement(entry, "styleFont", description=_font(size, bold=bold), style="")
    root = ET.SubElement(element, "layer-tree-group")
    for group_name, layers in LEGEND_LAYERS:
        group = ET.SubElement(
            root, "layer-tree-group", name=group_name, checked="Qt::Checked", expanded="1"
        )
        for table in (t for layer in layers for t in tables if t.layer == layer):
            ET.SubElement(
                group,
                "layer-tree-layer",
                id=f"{table.name}_thanh_liem",
                name=labels[table.name],
                source=f"./thanh_liem.gpkg|layername={table.name}",
                providerKey="ogr",
                checked="Qt::Checked",
                expanded="1",
            )
    return element


def _overview(frame_map: str) -> ET.Element:
    overview = ET.Element(
        "ComposerMapOverview",
        show="1",
        inverted="0",
        frameMap=_uuid(frame_map),
        position="3",
        blendMode="0",
        uuid=_uuid(f"{frame_map}-overview"),
        centered="0",
        name="Khung bản đồ chính / Main map",
    )
    overview.append(_fill_symbol("#000000", 0, "#000000", 0.5))
    return overview


def nice_length(metres: float) -> float:
    """Return the largest 1, 2 or 5 × 10ⁿ metres not above ``metres``.

    Parameters
    ----------
    metres
        A length.

    Returns
    -------
    float
    """
    power = 10.0 ** math.floor(math.log10(metres))
    return max(step * power for step in (1.0, 2.0, 5.0) if step * power <= metres)


def _scalebar(map_extent: Sequence[float]) -> ET.Element:
    metres_per_mm = (map_extent[2] - map_extent[0]) / MAP.width
    segment = nice_length(SCALEBAR_SHARE * (map_extent[2] - map_extent[0]))
    element = _item(
        "scalebar",
        "scalebar",
        SCALEBAR,
        6,
        style="Single Box",
        mapUuid=_uuid("map"),
        unitType="km",
        unitLabel="km",
        numMapUnitsPerScaleBarUnit="1",
        numUnitsPerSegment=f"{segment / 1000:g}",
        segmentMillimeters=f"{segment / metres_per_mm:.4f}",
        numSegments="2",
        numSegmentsLeft="0",
        numSubdivisions="1",
        segmentSizeMode="0",
        height="2",
        labelBarSpace="1.5",
        boxContentSpace="1",
        alignment="0",
        background="true",
    )
    ET.SubElement(
        element,
        "text-style",
        fontFamily=LABEL_FONT,
        fontSize="7",
        fontSizeUnit="Point",
        fontWeight="50",
        textColor="37,37,37,255",
        textOpacity="1",
    )
    return element


def _north_arrow() -> ET.Element:
    return _item(
        "picture",
        "north_arrow",
        NORTH,
        7,
        file=NORTH_ARROW,
        mode="2",
        resizeMode="0",
        anchorPoint="4",
        northMode=TRUE_NORTH,
        northOffset="0",
        mapUuid=_uuid("map"),
        pictureRotation="0",
        pictureWidth=f"{NORTH.width:g}",
        pictureHeight=f"{NORTH.height:g}",
        svgFillColor="255,255,255,255",
        svgBorderColor="0,0,0,255",
        svgBorderWidth="0.2",
    )


def _custom_properties(values: Mapping[str, str]) -> ET.Element:
    """Return the layout's variables (data-derived texts); PDF exports keep text as text."""
    properties = ET.Element("customproperties")
    options = ET.SubElement(properties, "Option", type="Map")
    ET.SubElement(options, "Option", name="pdfTextFormat", value=PDF_TEXT_AS_TEXT, type="int")
    names = ET.SubElement(options, "Option", name="variableNames", type="StringList")
    texts = ET.SubElement(options, "Option", name="variableValues", type="StringList")
    for name, value in values.items():
        ET.SubElement(names, "Option", value=f"{VARIABLE_PREFIX}{name}", type="QString")
        ET.SubElement(texts, "Option", value=value, type="QString")
    return properties


def layout_texts(collections: Mapping[str, Any], article: Article) -> dict[str, str]:
    """Return the layout's texts (Vietnamese / English), derived from the layers.

    Parameters
    ----------
    collections
        Layer name → FeatureCollection (the checked layers).
    article
        The cited article.

    Returns
    -------
    dict
        ``title``, ``subtitle``, ``credits`` and ``not_drawn`` (empty when all is drawn).
    """
    drawn: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    accuracies: list[float] = []
    for name in ("context", "district", "industrial_areas", "roads"):
        for feature in collections[name]["features"]:
            props = dict(feature["properties"])
            (drawn if feature.get("geometry") is not None else missing).append(props)
            if name in {"industrial_areas", "roads"} and props.get("accuracy_m") is not None:
                accuracies.append(float(props["accuracy_m"]))
    district = collections["district"]["features"][0]["properties"]

    def both(text: Any) -> str:
        return " / ".join(str(text(lang)) for lang in LANGS)

    return {
        "title": both(lambda lang: captions.title(district, lang)),
        "subtitle": "\n".join(captions.subtitle(article, accuracies, lang) for lang in LANGS),
        "credits": "\n".join(captions.credit_line(article, drawn, lang) for lang in LANGS),
        "not_drawn": both(lambda lang: captions.not_drawn(missing, lang)) if missing else "",
    }


def print_layouts(
    tables: Sequence[Table],
    project_crs: str,
    texts: Mapping[str, str],
    labels: Mapping[str, str],
) -> ET.Element:
    """Return the project's ``<Layouts>`` element with the A4 print layout.

    Parameters
    ----------
    tables
        The GeoPackage tables (their layer ids are ``<table>_thanh_liem``).
    project_crs
        The project CRS, in which the map extents are given.
    texts
        From :func:`layout_texts`.
    labels
        Table name → its name in the layer tree (shown in the legend).

    Returns
    -------
    xml.etree.ElementTree.Element
    """
    frames = {table.name: table.frame.to_crs(project_crs) for table in tables}
    district = shapely.union_all(frames["district"].geometry.to_numpy())
    points = frames["industrial_areas"]
    circles = points.geometry.buffer(points["accuracy_m"].fillna(0).astype(float))
    focus = shapely.union_all([district, *circles]).bounds
    context = frames["context"]
    province_code = str(frames["district"]["gso_province_code"].iloc[0])
    members = context[
        (context["province_gso_code"] == province_code) & (context["kind"] == "hanam_district")
    ]
    province = gpd.GeoSeries([district, *members.geometry]).total_bounds

    layouts = ET.Element("Layouts")
    layout = ET.SubElement(
        layouts, "Layout", name=LAYOUT_NAME, units="mm", printResolution="300", worldFileMap=""
    )
    pages = ET.SubElement(layout, "PageCollection")
    pages.append(_item("page", "", Frame(0, 0, *PAGE_MM), 0, background="true"))
    ET.SubElement(pages, "GuideCollection", visible="1")
    map_extent = _fit(focus, MAP, FOCUS_MARGIN)
    layout.append(_map("map", MAP, map_extent, []))
    inset_layers = [t for t in tables if t.layer in {"district", "context"}]
    inset = _map("inset", INSET, _fit(province, INSET, INSET_MARGIN), inset_layers)
    inset.append(_overview("map"))
    layout.append(inset)
    layout.append(_legend(tables, labels))
    layout.append(_scalebar(map_extent))
    layout.append(_north_arrow())
    layout.append(_label("title", TITLE, "title", 15, bold=True))
    layout.append(_label("subtitle", SUBTITLE, "subtitle", 8))
    layout.append(_label("credits", CREDITS, "credits", 6.5))
    if texts.get("not_drawn"):
        layout.append(_label("not_drawn", NOTE, "not_drawn", 7.5))
    layout.append(_custom_properties(texts))
    return layouts
