"""The context layer: the other Hà Nam districts and the neighbouring provinces."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.boundaries import AdminUnit
from geo.metric import WGS84, to_metric, to_wgs84
from geo.sources import DVHCVN_CREDIT

DISTRICT_TOLERANCE_M = 30.0
"""Display simplification of the Hà Nam districts (the map's closest zooms)."""
PROVINCE_TOLERANCE_M = 150.0
"""Display simplification of the neighbouring provinces (only seen zoomed out)."""

_ENGLISH_TYPES = {
    "Thành phố": "City",
    "Thị xã": "Town",
    "Huyện": "District",
    "Tỉnh": "Province",
    "Thành phố Trung ương": "Municipality",
}


def _english_name(unit: AdminUnit) -> str:
    for prefix in sorted(_ENGLISH_TYPES, key=len, reverse=True):
        if unit.name.startswith(prefix + " "):
            return f"{unit.name.removeprefix(prefix + ' ')} {_ENGLISH_TYPES[prefix]}"
    return unit.name


def _simplified(unit: AdminUnit, tolerance_m: float) -> BaseGeometry:
    simple = to_metric(unit.geometry).simplify(tolerance_m, preserve_topology=True)
    return to_wgs84(shapely.make_valid(simple))


def build_context(
    hanam: list[AdminUnit], neighbours: list[AdminUnit], exclude: str
) -> gpd.GeoDataFrame:
    """Build the context layer.

    Parameters
    ----------
    hanam
        Hà Nam and its districts (the province itself is skipped).
    neighbours
        Neighbouring provinces.
    exclude
        GSO code of the district shown in its own layer.

    Returns
    -------
    geopandas.GeoDataFrame
        Hà Nam districts first, then provinces, each in GSO code order.
    """
    districts = [unit for unit in hanam[1:] if unit.code != exclude]
    rows = []
    geometries = []
    for units, kind, tolerance in (
        (districts, "hanam_district", DISTRICT_TOLERANCE_M),
        (neighbours, "neighbour_province", PROVINCE_TOLERANCE_M),
    ):
        for unit in sorted(units, key=lambda item: item.code):
            rows.append(
                {
                    "id": f"gso_{unit.code}",
                    "name_vi": unit.name,
                    "name_en": _english_name(unit),
                    "kind": kind,
                    "location_basis": (
                        "official_boundary: government portal geometry via dvhcvn, "
                        "simplified for display"
                    ),
                    "accuracy_m": tolerance + 330.0,
                    "source": DVHCVN_CREDIT,
                    "note_vi": None,
                    "note_en": None,
                    "gso_code": unit.code,
                    "province_gso_code": unit.province_code,
                    "unit_type": unit.unit_type,
                    "simplify_tolerance_m": tolerance,
                }
            )
            geometries.append(_simplified(unit, tolerance))
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=WGS84)
