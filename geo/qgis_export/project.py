"""The QGIS project (``.qgs`` XML zipped into ``.qgz``), generated without QGIS.

The project reads every table from the GeoPackage beside it by relative path, groups the
layers as the story does (article, context, after 2025), measures in a metric project CRS
(WGS 84 / UTM 48N, or VN-2000 / UTM 48N for a VN-2000 export) and opens on the district.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from pyproj import CRS, Transformer

from geo.facts import Article
from geo.layer_table import GROUPS as GROUPS_TABLE
from geo.layer_table import LAYERS
from geo.metric import WGS84
from geo.qgis_export.forms import table_title
from geo.qgis_export.qml import QGIS_VERSION, layer_attributes, qgis_document, style_elements
from geo.qgis_export.tables import PROJECT_CRS, Table
from geo.reading import GuideItem, guide_text
from geo.sources import DVHCVN_CREDIT

EDITING_TABLES: Final = {
    "industrial_footprints": (
        "industrial_areas",
        "Ranh giới KCN, CCN (đóng góp) / Industrial footprints",
    ),
}
"""Tables of the editing kit that are no published layer: the layer each follows in the tree,
and its name."""


def _groups() -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    groups = []
    for key, (name_vi, name_en) in GROUPS_TABLE.items():
        members = [info for info in reversed(LAYERS) if info.group == key]  # top first
        names: list[str] = []
        for info in members:
            names.append(info.name)
            names += [table for table, (after, _) in EDITING_TABLES.items() if after == info.name]
        shown = all(info.shown for info in members)
        groups.append((f"{name_vi} / {name_en}", tuple(names), shown))
    return tuple(groups)


GROUPS: Final = _groups()
"""Layer-tree groups, top to bottom: name, layers, shown when the project opens (from
:mod:`geo.layer_table`)."""

LAYER_LABELS: Final[dict[str, str]] = {
    **{info.name: info.label() for info in LAYERS},
    **{table: label for table, (_, label) in EDITING_TABLES.items()},
}
"""Name of each layer in the QGIS layer tree (Vietnamese / English)."""

FAMILY_LABELS: Final = {
    "point": "điểm / points",
    "line": "đường / lines",
    "polygon": "vùng / areas",
}

LAYER_NOTES: Final[dict[str, str]] = {
    "industrial_footprints": (
        "Vẽ ranh giới một khu, cụm công nghiệp (Thêm đối tượng vùng), chọn khu, ghi nguồn, "
        "cách xác định và sai số, rồi chạy thanh-liem-map import-edits. Draw an industrial "
        "area's footprint (Add Polygon Feature), choose the area, give source, basis and "
        "accuracy, then run thanh-liem-map import-edits."
    ),
    "district": f"Ranh giới / boundary: {DVHCVN_CREDIT}.",
    "context": f"Ranh giới / boundary: {DVHCVN_CREDIT}.",
}


def _unmapped_note(table: Table) -> str:
    """Say which features have no geometry yet, and how a GIS user gives them one."""
    frame = table.frame
    if "name_vi" not in frame:
        return ""
    unmapped = frame[frame.geometry.isna() | frame.geometry.is_empty]
    labels = unmapped["ref"].fillna(unmapped["name_vi"]) if "ref" in frame else unmapped["name_vi"]
    names = [str(label) for label in labels]
    if not names:
        return ""
    listed = ", ".join(names)
    return (
        f"{listed}: chưa có vị trí công bố nên không có hình học; khi có nguồn, chọn đối tượng "
        f"rồi vẽ bằng công cụ Thêm phần (Add Part). {listed}: no published position, no "
        "geometry; select one and digitise it with Add Part when a source exists."
    )


EXTENT_MARGIN: Final = 0.06
"""Margin around the district in the initial view, as a share of its size."""

MEASURE_ELLIPSOID: Final = "EPSG:7030"
"""WGS 84 ellipsoid, also the ellipsoid of VN-2000."""


@dataclass(frozen=True)
class ProjectInfo:
    """What the project says about itself.

    Attributes
    ----------
    title
        Project title.
    abstract
        Project abstract.
    link
        Address of the article's outlet.
    """

    title: str
    abstract: str
    link: str


def project_info(article: Article, guide: Sequence[GuideItem]) -> ProjectInfo:
    """Return the title and abstract, both citing the article and saying how sure each place is.

    Parameters
    ----------
    article
        The cited article.
    guide
        Each basis of the article's places, with the places (:func:`geo.reading.reading_guide`).

    Returns
    -------
    ProjectInfo
    """
    citation = article.citation()
    title = f"Công nghiệp huyện Thanh Liêm / Industry in Thanh Liêm district — {citation}"
    abstract = (
        f"Bản đồ các địa điểm mà bài báo {citation} ({article.outlet_url}) nhắc tới: khu, cụm "
        "công nghiệp, các tuyến đường, huyện và các đơn vị thay thế từ 01/07/2025. Bài báo được "
        "trích dẫn, không sao chép. Mỗi đối tượng ghi cách xác định vị trí (location_basis), "
        "sai số (accuracy_m, mét) và nguồn (source). "
        f"{guide_text(guide, 'vi')}\n\n"
        f"Places named by the article {citation} ({article.outlet_url}), cited, not copied: "
        "the industrial park and clusters, the roads, the district and the units that replaced "
        "its communes on 1 July 2025. Every feature records how its position was obtained "
        "(location_basis), how far off it may be (accuracy_m, metres) and its source. "
        f"{guide_text(guide, 'en')}\n\n"
        f"{DVHCVN_CREDIT}. Made with thanh-liem-map."
    )
    return ProjectInfo(title, abstract, article.outlet_url)


def layer_label(table: Table) -> str:
    """Return the layer-tree name of a table.

    Parameters
    ----------
    table
        The table.

    Returns
    -------
    str
    """
    base = LAYER_LABELS.get(table.layer, table.layer)
    return base if table.name == table.layer else f"{base} ({FAMILY_LABELS[table.family]})"


def layer_id(table: Table) -> str:
    """Return the project's id of a table's layer.

    QGIS keeps a stored layer id only when it is longer than 10 characters (it generates a
    new one otherwise, which would orphan the layer-tree entries).

    Parameters
    ----------
    table
        The table.

    Returns
    -------
    str
    """
    return f"{table.name}_thanh_liem"


def datasource(table: Table, gpkg_name: str) -> str:
    """Return the relative OGR data source of a table.

    Parameters
    ----------
    table
        The table.
    gpkg_name
        File name of the GeoPackage beside the project.

    Returns
    -------
    str
    """
    return f"./{gpkg_name}|layername={table.name}"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def spatialrefsys(crs: str) -> ET.Element:
    """Return a QGIS ``spatialrefsys`` element (WKT2 from PROJ, with the authority id).

    Parameters
    ----------
    crs
        An ``EPSG:<code>`` identifier.

    Returns
    -------
    xml.etree.ElementTree.Element
    """
    definition = CRS(crs)
    element = ET.Element("spatialrefsys")
    _text(element, "wkt", definition.to_wkt())
    _text(element, "srid", str(definition.to_epsg()))
    _text(element, "authid", crs)
    _text(element, "description", definition.name)
    _text(element, "geographicflag", "true" if definition.is_geographic else "false")
    return element


def _wrapped_srs(tag: str, crs: str) -> ET.Element:
    element = ET.Element(tag)
    element.append(spatialrefsys(crs))
    return element


def _map_layer(table: Table, crs: str, gpkg_name: str) -> ET.Element:
    element = ET.Element(
        "maplayer",
        {
            "type": "vector",
            "geometry": {"point": "Point", "line": "Line", "polygon": "Polygon"}[table.family],
            "wkbType": table.geometry_type,
            "autoRefreshEnabled": "0",
            **layer_attributes(),
        },
    )
    _text(element, "id", layer_id(table))
    _text(element, "datasource", datasource(table, gpkg_name))
    _text(element, "layername", layer_label(table))
    element.append(_wrapped_srs("srs", crs))
    metadata = ET.SubElement(element, "resourceMetadata")
    _text(metadata, "identifier", table.name)
    _text(metadata, "type", "dataset")
    _text(metadata, "title", layer_label(table))
    abstract = table_title(table) + "."
    for note in (LAYER_NOTES.get(table.layer, ""), _unmapped_note(table)):
        abstract += f" {note}" if note else ""
    _text(metadata, "abstract", abstract)
    _text(element, "provider", "ogr", encoding="UTF-8")
    styles = ET.SubElement(element, "map-layer-style-manager", current="default")
    ET.SubElement(styles, "map-layer-style", name="default")
    element.extend(style_elements(table, crs))
    return element


def _layer_tree(tables: Sequence[Table], gpkg_name: str) -> ET.Element:
    root = ET.Element("layer-tree-group")
    grouped = {layer for _, layers, _ in GROUPS for layer in layers}
    missing = sorted({table.layer for table in tables} - grouped)
    if missing:
        msg = f"layers {missing} belong to no layer-tree group; add them to {__name__}.GROUPS"
        raise ValueError(msg)
    for name, layers, shown in GROUPS:
        group = ET.SubElement(
            root,
            "layer-tree-group",
            name=name,
            checked="Qt::Checked" if shown else "Qt::Unchecked",
            expanded="1",
        )
        for layer in layers:
            for table in (t for t in tables if t.layer == layer):
                ET.SubElement(
                    group,
                    "layer-tree-layer",
                    id=layer_id(table),
                    name=layer_label(table),
                    source=datasource(table, gpkg_name),
                    providerKey="ogr",
                    checked="Qt::Checked",
                    expanded="1",
                )
    order = ET.SubElement(root, "custom-order", enabled="0")
    for table in tables:
        _text(order, "item", layer_id(table))
    return root


def district_extent(tables: Sequence[Table], project_crs: str) -> tuple[float, ...]:
    """Return the initial view: the district's bounding box with a margin, in the project CRS.

    Parameters
    ----------
    tables
        The tables (one of them is ``district``).
    project_crs
        The project CRS.

    Returns
    -------
    tuple of float
        xmin, ymin, xmax, ymax.
    """
    district = next(table for table in tables if table.name == "district")
    xmin, ymin, xmax, ymax = district.frame.to_crs(project_crs).total_bounds
    dx, dy = (xmax - xmin) * EXTENT_MARGIN, (ymax - ymin) * EXTENT_MARGIN
    return (xmin - dx, ymin - dy, xmax + dx, ymax + dy)


def _extent(tag: str, extent: tuple[float, ...], *, attributes: bool) -> ET.Element:
    names = ("xmin", "ymin", "xmax", "ymax")
    if attributes:
        return ET.Element(tag, {n: f"{v:.3f}" for n, v in zip(names, extent, strict=True)})
    element = ET.Element(tag)
    for name, value in zip(names, extent, strict=True):
        _text(element, name, f"{value:.3f}")
    return element


def _properties() -> ET.Element:
    properties = ET.Element("properties")
    values = {
        ("Paths", "Absolute"): ("bool", "false"),
        ("SpatialRefSys", "ProjectionsEnabled"): ("int", "1"),
        ("Measure", "Ellipsoid"): ("QString", MEASURE_ELLIPSOID),
        ("Measurement", "DistanceUnits"): ("QString", "meters"),
        ("Measurement", "AreaUnits"): ("QString", "km2"),
        ("PositionPrecision", "Automatic"): ("bool", "false"),
        ("PositionPrecision", "DecimalPlaces"): ("int", "0"),
    }
    for (section, key), (kind, value) in values.items():
        parent = properties.find(section)
        if parent is None:
            parent = ET.SubElement(properties, section)
        _text(parent, key, value, type=kind)
    return properties


def _transform_context(
    layer_crs: str, project_crs: str, transform: Transformer | None
) -> ET.Element:
    """Pin the lon/lat → project datum shift to the one the export used."""
    context = ET.Element("transformContext")
    if transform is None or CRS(layer_crs).datum == CRS(WGS84).datum:
        return context
    pair = ET.SubElement(
        context, "srcDest", allowFallback="1", coordinateOp=transform.to_proj4() or ""
    )
    pair.append(_wrapped_srs("src", WGS84))
    pair.append(_wrapped_srs("dest", project_crs))
    return context


def _metadata(info: ProjectInfo) -> ET.Element:
    metadata = ET.Element("projectMetadata")
    _text(metadata, "identifier", "thanh-liem-map")
    _text(metadata, "language", "vie")
    _text(metadata, "type", "project")
    _text(metadata, "title", info.title)
    _text(metadata, "abstract", info.abstract)
    keywords = ET.SubElement(metadata, "keywords", vocabulary="gmd:topicCategory")
    for word in ("Thanh Liêm", "Hà Nam", "khu công nghiệp", "industry"):
        _text(keywords, "keyword", word)
    links = ET.SubElement(metadata, "links")
    ET.SubElement(links, "link", name="Báo Hà Nam điện tử", type="WWW:LINK", url=info.link)
    _text(metadata, "author", "thanh-liem-map")
    _text(metadata, "creation", "")
    return metadata


def project_document(
    tables: Sequence[Table],
    crs: str,
    info: ProjectInfo,
    gpkg_name: str,
    transform: Transformer | None = None,
    *,
    layouts: ET.Element | None = None,
) -> str:
    """Return the ``.qgs`` document.

    Parameters
    ----------
    tables
        The GeoPackage tables, in the export CRS.
    crs
        The export CRS (of the tables).
    info
        Title and abstract.
    gpkg_name
        File name of the GeoPackage beside the project.
    transform
        The lon/lat → ``crs`` transformation used by the export, pinned in the project so
        that QGIS shifts other WGS 84 data onto VN-2000 the same way.
    layouts
        The ``<Layouts>`` element (print layouts), if any.

    Returns
    -------
    str
    """
    project_crs = PROJECT_CRS[crs]
    extent = district_extent(tables, project_crs)
    root = ET.Element("qgis", version=QGIS_VERSION, projectname=info.title)
    ET.SubElement(root, "homePath", path="")
    _text(root, "title", info.title)
    root.append(_wrapped_srs("projectCrs", project_crs))
    root.append(_layer_tree(tables, gpkg_name))
    layers = ET.SubElement(root, "projectlayers")
    layers.extend(_map_layer(table, crs, gpkg_name) for table in tables)
    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    _text(canvas, "units", "meters")
    canvas.append(_extent("extent", extent, attributes=False))
    _text(canvas, "rotation", "0")
    canvas.append(_wrapped_srs("destinationsrs", project_crs))
    root.append(_properties())
    root.append(_transform_context(crs, project_crs, transform))
    root.append(_metadata(info))
    view = ET.SubElement(root, "ProjectViewSettings", UseProjectScales="0", rotation="0")
    ET.SubElement(view, "Scales")
    default_view = _extent("DefaultViewExtent", extent, attributes=True)
    default_view.append(spatialrefsys(project_crs))
    view.append(default_view)
    if layouts is not None:
        root.append(layouts)
    return qgis_document(root)


def qgz_bytes(document: str, qgs_name: str) -> bytes:
    """Zip a ``.qgs`` document into ``.qgz`` bytes (fixed timestamps: same input, same bytes).

    Parameters
    ----------
    document
        The ``.qgs`` XML.
    qgs_name
        Name of the ``.qgs`` entry inside the archive.

    Returns
    -------
    bytes
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo(qgs_name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        archive.writestr(entry, document.encode("utf-8"))
    return buffer.getvalue()
