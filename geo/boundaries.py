"""Reading the dvhcvn boundary files (not GeoJSON: one object per province)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.io import read_json
from geo.sources import SOURCES, Source, SourceFormatError, SourceSettings, fetch

NEIGHBOUR_PROVINCES = ("01", "17", "33", "34", "36", "37")
"""GSO codes of the provinces around Hà Nam that the context layer shows."""

HA_NAM = "35"


@dataclass(frozen=True)
class AdminUnit:
    """A province or district with its boundary.

    Attributes
    ----------
    code
        GSO code (2 digits for a province, 3 for a district).
    name
        Full Vietnamese name with its type (``Huyện Thanh Liêm``).
    unit_type
        Vietnamese type (``Huyện``, ``Thành phố``, ``Tỉnh``...).
    province_code
        GSO code of the province it belongs to.
    geometry
        Boundary in WGS84 lon/lat.
    """

    code: str
    name: str
    unit_type: str
    province_code: str
    geometry: BaseGeometry


def _geometry(source: Source, record: dict[str, Any], code: str) -> BaseGeometry:
    try:
        geometry = shape({"type": record["type"], "coordinates": record["coordinates"]})
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        msg = f"{source.path}: unit {code} has no readable geometry ({error!r})"
        raise SourceFormatError(msg) from error
    if geometry.is_empty:
        msg = f"{source.path}: unit {code} has an empty geometry"
        raise SourceFormatError(msg)
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return geometry


UNIT_TYPES: Final = ("Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Tỉnh", "Phường", "Xã")
"""Vietnamese unit types, as the first words of a unit's name. (In dvhcvn's ``gis`` files the
``type`` key is the geometry type, not the unit's.)"""


def unit_type(name: str) -> str:
    """Return the unit type a Vietnamese name starts with.

    Parameters
    ----------
    name
        Full name, e.g. ``Thành phố Phủ Lý``.

    Returns
    -------
    str
        ``Thành phố``; ``""`` when the name starts with no known type.

    Examples
    --------
    >>> unit_type("Thành phố Hà Nội"), unit_type("Huyện Kim Bảng")
    ('Thành phố', 'Huyện')
    """
    return next((kind for kind in UNIT_TYPES if name.startswith(kind + " ")), "")


def read_province(code: str, settings: SourceSettings) -> list[AdminUnit]:
    """Read one province file: the province itself, then its districts.

    Parameters
    ----------
    code
        GSO province code (``"35"`` for Hà Nam).
    settings
        Where source files come from.

    Returns
    -------
    list of AdminUnit
        The province first, then each district.

    Raises
    ------
    SourceFormatError
        When the file is not in the dvhcvn layout.
    """
    source = SOURCES[f"dvhcvn-gis-{code}"]
    path = fetch(source, settings)
    try:
        data = read_json(path)
    except ValueError as error:
        msg = f"{source.path} is corrupt: {error}"
        raise SourceFormatError(msg) from error
    try:
        province = AdminUnit(
            code=data["level1_id"],
            name=data["name"],
            unit_type=unit_type(data["name"]),
            province_code=data["level1_id"],
            geometry=_geometry(source, data, code),
        )
        districts = [
            AdminUnit(
                code=item["level2_id"],
                name=item["name"],
                unit_type=unit_type(item["name"]),
                province_code=code,
                geometry=_geometry(source, item, item["level2_id"]),
            )
            for item in data["level2s"]
        ]
    except (KeyError, TypeError) as error:
        msg = f"{source.path} is not in the dvhcvn layout: missing {error}"
        raise SourceFormatError(msg) from error
    return [province, *districts]


def commune_names(district_code: str, settings: SourceSettings) -> list[tuple[str, str]]:
    """List the communes of a district as (GSO code, name) from ``dvhcvn.json``.

    Parameters
    ----------
    district_code
        GSO district code (``"351"``).
    settings
        Where source files come from.

    Returns
    -------
    list of tuple
        In GSO code order.
    """
    source = SOURCES["dvhcvn-units"]
    path = fetch(source, settings)
    try:
        data = read_json(path)
        for province in data["data"]:
            for district in province["level2s"]:
                if district["level2_id"] == district_code:
                    return sorted(
                        (commune["level3_id"], commune["name"]) for commune in district["level3s"]
                    )
    except (ValueError, KeyError, TypeError) as error:
        msg = f"{source.path} is corrupt or not in the dvhcvn layout: {error}"
        raise SourceFormatError(msg) from error
    msg = f"{source.path}: district {district_code} not found"
    raise SourceFormatError(msg)
