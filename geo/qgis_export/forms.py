"""The QGIS editing kit: attribute forms whose constraints QGIS itself enforces.

The layers open to contributions (``roads``, ``industrial_areas`` and their per-family tables)
and an empty ``industrial_footprints`` polygon table get forms asking for what a contribution
needs, in the layer's XML (the QML default style in the GeoPackage and the project's map
layer), as QGIS 3.22 writes them:

- ``source``: required (not-null and not-blank constraints, hard);
- ``location_basis``: a value map from the vocabulary of :data:`geo.bases.BASES` (the
  contribution bases ``digitised``, ``published_point``, ``openstreetmap`` first, then the
  values the table holds), never ``not_published`` for a drawn feature;
- ``accuracy_m``: required, greater than 0, for every feature with a geometry;
- ``contributor`` and ``contribution_date`` (YYYY-MM-DD, calendar): required with a
  ``digitised`` basis;
- ``previous_bases``: read-only;
- footprints: ``industrial_area_id`` is a value map of the industrial areas (one footprint per
  area), and the hidden ``kind`` and ``name_vi`` follow it (style and label).

Every text from the data goes into XML through ElementTree (escaped) and into a QGIS
expression only as a string literal quoted by :func:`quoted`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import pandas as pd

from geo.bases import BASES, split_basis
from geo.qgis_export.tables import Table
from geo.schema import LAYER_TITLES
from geo.upgrades.contributions import EDITABLE_LAYERS, FOOTPRINTS_TABLE

NOT_NULL: Final = 1
UNIQUE: Final = 2
EXPRESSION: Final = 4
"""QgsFieldConstraints flags."""

CHOICES: Final = (
    ("digitised", "vẽ trên ảnh vệ tinh", "traced on satellite or aerial imagery"),
    ("digitised", "vẽ theo bản đồ, quy hoạch đã công bố", "traced from a published plan or map"),
    ("digitised", "khảo sát thực địa", "surveyed on site"),
    ("published_point", "địa chỉ hay tọa độ đã công bố", "a published address or coordinate"),
    ("openstreetmap", "vẽ theo OpenStreetMap (ODbL)", "traced from OpenStreetMap (ODbL)"),
)
"""Bases offered to a contributor: key, detail in Vietnamese, detail in English (the value)."""

ALIASES: Final = {
    "location_basis": "Cách xác định vị trí / basis",
    "accuracy_m": "Sai số (m) / accuracy (m)",
    "source": "Nguồn / source",
    "contributor": "Người đóng góp / contributor",
    "contribution_date": "Ngày đóng góp / date",
    "previous_bases": "Vị trí trước đây / previous positions",
    "industrial_area_id": "Khu, cụm công nghiệp / industrial area",
    "note_vi": "Ghi chú / note (vi)",
    "note_en": "Ghi chú / note (en)",
}

FOOTPRINT_FIELDS: Final = (
    "industrial_area_id",
    "name_vi",
    "kind",
    "location_basis",
    "accuracy_m",
    "source",
    "note_vi",
    "note_en",
    "contributor",
    "contribution_date",
)
"""Columns of the footprints table."""

FOOTPRINTS_TITLE: Final = (
    "Footprints of the industrial areas, drawn by contributors (empty as exported): one "
    "polygon per area with its source, basis and accuracy; `thanh-liem-map import-edits` "
    "takes them"
)

_TEXT_COLUMNS: Final = frozenset(FOOTPRINT_FIELDS) - {"accuracy_m"}


@dataclass(frozen=True)
class FootprintTable(Table):
    """The empty table where footprints of industrial areas are drawn.

    Attributes
    ----------
    areas
        The industrial areas: (id, name_vi, kind), in layer order.
    """

    areas: tuple[tuple[str, str, str], ...] = ()

    @property
    def kinds(self) -> list[str]:
        """The kinds of the industrial areas, so that a new footprint is styled as its area."""
        return list(dict.fromkeys(kind for _, _, kind in self.areas))


def quoted(text: str) -> str:
    """Return a QGIS expression string literal of ``text`` (as ``QgsExpression.quotedString``).

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str

    Examples
    --------
    >>> quoted("it's")
    "'it''s'"
    """
    escaped = text.replace("\\", "\\\\").replace("'", "''")
    return "'" + escaped.replace("\n", "\\n").replace("\t", "\\t") + "'"


def _lookup(areas: Sequence[tuple[str, str, str]], position: int) -> str:
    whens = " ".join(
        f'WHEN "industrial_area_id" = {quoted(area[0])} THEN {quoted(area[position])}'
        for area in areas
    )
    return f"CASE {whens} END" if areas else "NULL"


def footprint_table(collections: Mapping[str, Any], crs: str) -> FootprintTable:
    """Return the empty footprints table of the editing kit.

    Parameters
    ----------
    collections
        Layer name → FeatureCollection (``industrial_areas`` gives the value map).
    crs
        Export CRS.

    Returns
    -------
    FootprintTable
    """
    areas = tuple(
        (str(p["id"]), str(p["name_vi"]), str(p["kind"]))
        for p in (f["properties"] for f in collections["industrial_areas"]["features"])
    )
    columns = {
        name: pd.Series([], dtype="object" if name in _TEXT_COLUMNS else "float64")
        for name in FOOTPRINT_FIELDS
    }
    frame = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    return FootprintTable(FOOTPRINTS_TABLE, FOOTPRINTS_TABLE, "polygon", frame, areas)


def with_footprints(
    tables: Sequence[Table], collections: Mapping[str, Any], crs: str
) -> list[Table]:
    """Insert the footprints table after the industrial-area tables.

    Parameters
    ----------
    tables
        The export's tables, in order.
    collections
        Layer name → FeatureCollection.
    crs
        Export CRS.

    Returns
    -------
    list of Table
    """
    result = list(tables)
    last = max(i for i, table in enumerate(result) if table.layer == "industrial_areas")
    result.insert(last + 1, footprint_table(collections, crs))
    return result


def _option_map(values: Mapping[str, str | bool]) -> ET.Element:
    element = ET.Element("Option", type="Map")
    for key, value in values.items():
        kind = "bool" if isinstance(value, bool) else "QString"
        text = str(value).lower() if isinstance(value, bool) else value
        ET.SubElement(element, "Option", name=key, value=text, type=kind)
    return element


def _value_map(entries: Sequence[tuple[str, str]]) -> ET.Element:
    root = ET.Element("Option", type="Map")
    listed = ET.SubElement(root, "Option", name="map", type="List")
    for label, value in entries:
        listed.append(_option_map({label: value}))
    return root


def _basis_entries(table: Table) -> list[tuple[str, str]]:
    entries = []
    for key, detail_vi, detail_en in CHOICES:
        basis = BASES[key]
        label = f"{basis.label_vi}: {detail_vi} / {basis.label_en}: {detail_en}"
        entries.append((label, f"{key}: {detail_en}"))
    offered = {value for _, value in entries}
    present = table.frame.get("location_basis", [])
    for value in dict.fromkeys(str(item) for item in present if isinstance(item, str)):
        if value not in offered:
            basis, detail = split_basis(value)
            entries.append((f"{basis.label_vi} / {basis.label_en}: {detail}", value))
    return entries


def _widgets(table: Table) -> dict[str, tuple[str, ET.Element]]:
    widgets = {
        "location_basis": ("ValueMap", _value_map(_basis_entries(table))),
        "contribution_date": (
            "DateTime",
            _option_map(
                {
                    "allow_null": True,
                    "calendar_popup": True,
                    "display_format": "yyyy-MM-dd",
                    "field_format": "yyyy-MM-dd",
                    "field_iso_format": False,
                }
            ),
        ),
    }
    if isinstance(table, FootprintTable):
        labels = [(f"{name} ({area})", area) for area, name, _ in table.areas]
        widgets["industrial_area_id"] = ("ValueMap", _value_map(labels))
        widgets["kind"] = ("Hidden", ET.Element("Option"))
        widgets["name_vi"] = ("Hidden", ET.Element("Option"))
    return widgets


_BASIS_KEYS: Final = "|".join(BASES)
_DIGITISED: Final = """regexp_match("location_basis", '^digitised:') = 0"""


def _constraints(table: Table) -> dict[str, tuple[int, str, str]]:
    """Field → (flags, expression, description) of every hard constraint."""
    drawn = '"accuracy_m" > 0'
    if not isinstance(table, FootprintTable):
        drawn += ' OR ($geometry IS NULL AND "accuracy_m" IS NULL)'
    constraints = {
        "source": (
            NOT_NULL | EXPRESSION,
            """length(trim("source")) > 0""",
            "Cần ghi nguồn: bản đồ, quy hoạch, ảnh vệ tinh và ngày chụp, khảo sát… / "
            "A source is required: the plan or map, imagery and its date, a site visit…",
        ),
        "location_basis": (
            NOT_NULL | EXPRESSION,
            f"""regexp_match("location_basis", '^({_BASIS_KEYS}):') > 0 AND """
            f"""($geometry IS NULL OR regexp_match("location_basis", '^not_published:') = 0)""",
            "Chọn cách xác định vị trí; đối tượng đã vẽ không thể là 'chưa công bố' / "
            "Choose a basis; a drawn feature cannot be 'not published'",
        ),
        "accuracy_m": (
            EXPRESSION | (NOT_NULL if isinstance(table, FootprintTable) else 0),
            drawn,
            "Cần sai số (mét, lớn hơn 0) cho đối tượng đã vẽ / "
            "A drawn feature needs its accuracy in metres, greater than 0",
        ),
        "contributor": (
            EXPRESSION,
            f"""{_DIGITISED} OR length(trim(coalesce("contributor", ''))) > 0""",
            "Ghi tên người đóng góp (CC BY 4.0) / Name the contributor to credit (CC BY 4.0)",
        ),
        "contribution_date": (
            EXPRESSION,
            f"""({_DIGITISED} OR "contribution_date" IS NOT NULL) AND """
            """("contribution_date" IS NULL OR """
            """regexp_match("contribution_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') > 0)""",
            "Ghi ngày đóng góp (YYYY-MM-DD) / Give the date of the contribution (YYYY-MM-DD)",
        ),
    }
    if isinstance(table, FootprintTable):
        constraints["industrial_area_id"] = (
            NOT_NULL | UNIQUE,
            "",
            "Chọn khu, cụm công nghiệp (một ranh giới cho mỗi khu) / "
            "Choose the industrial area (one footprint each)",
        )
    else:
        constraints["id"] = (
            NOT_NULL | UNIQUE | EXPRESSION,
            """regexp_match("id", '^[a-z][a-z0-9_]*$') > 0""",
            "Mã: chữ thường, số và _ / id: lower-case letters, digits and _",
        )
    return constraints


def _defaults(table: Table) -> dict[str, tuple[str, bool]]:
    defaults = {"contribution_date": ("format_date(now(), 'yyyy-MM-dd')", False)}
    if isinstance(table, FootprintTable):
        defaults["name_vi"] = (_lookup(table.areas, 1), True)
        defaults["kind"] = (_lookup(table.areas, 2), True)
    return defaults


def table_title(table: Table) -> str:
    """Return what a table holds (the GeoPackage description and the layer's abstract).

    Parameters
    ----------
    table
        An export table.

    Returns
    -------
    str
    """
    if isinstance(table, FootprintTable):
        return FOOTPRINTS_TITLE
    return LAYER_TITLES.get(table.layer, table.layer)


def is_editable(table: Table) -> bool:
    """Tell whether a table is part of the editing kit.

    Parameters
    ----------
    table
        An export table.

    Returns
    -------
    bool
    """
    return isinstance(table, FootprintTable) or table.layer in EDITABLE_LAYERS


def form_elements(table: Table) -> list[ET.Element]:
    """Return the form configuration of a table, as QGIS writes it in a layer's XML.

    Parameters
    ----------
    table
        An export table.

    Returns
    -------
    list of xml.etree.ElementTree.Element
        ``fieldConfiguration``, ``aliases``, ``defaults``, ``constraints``,
        ``constraintExpressions`` and ``editable``; empty for a table outside the kit.
    """
    if not is_editable(table):
        return []
    fields = [name for name in table.frame.columns if name != table.frame.geometry.name]
    widgets, constraints, defaults = _widgets(table), _constraints(table), _defaults(table)
    configuration = ET.Element("fieldConfiguration")
    aliases = ET.Element("aliases")
    default_elements = ET.Element("defaults")
    flags = ET.Element("constraints")
    expressions = ET.Element("constraintExpressions")
    editable = ET.Element("editable")
    for index, name in enumerate(fields, start=1):  # index 0 is the GeoPackage's fid
        kind, config = widgets.get(name, ("TextEdit", _option_map({"IsMultiline": False})))
        field = ET.SubElement(configuration, "field", name=name, configurationFlags="None")
        widget = ET.SubElement(field, "editWidget", type=kind)
        ET.SubElement(widget, "config").append(config)
        ET.SubElement(aliases, "alias", field=name, index=str(index), name=ALIASES.get(name, ""))
        expression, on_update = defaults.get(name, ("", False))
        ET.SubElement(
            default_elements,
            "default",
            field=name,
            expression=expression,
            applyOnUpdate="1" if on_update else "0",
        )
        mask, check, description = constraints.get(name, (0, "", ""))
        ET.SubElement(
            flags,
            "constraint",
            field=name,
            constraints=str(mask),
            notnull_strength="1" if mask & NOT_NULL else "0",
            unique_strength="1" if mask & UNIQUE else "0",
            exp_strength="1" if mask & EXPRESSION else "0",
        )
        ET.SubElement(expressions, "constraint", field=name, exp=check, desc=description)
        read_only = name == "previous_bases" or (
            isinstance(table, FootprintTable) and name in {"kind", "name_vi"}
        )
        ET.SubElement(editable, "field", name=name, editable="0" if read_only else "1")
    return [configuration, aliases, default_elements, flags, expressions, editable]
