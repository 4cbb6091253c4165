"""The industrial areas layer: KCN Thanh Liêm, CCN Thanh Hải, CCN Thanh Lưu.

Each area is the point of its reference position; the upgrades stage (:mod:`geo.upgrades`)
may give it an outline later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import geopandas as gpd

from geo.authored import AuthoredDataError, ReferencePoint, number, read_csv
from geo.metric import WGS84
from geo.schema import AREA_HA, LAYER_KINDS

REQUIRED: Final = (
    "id",
    "name_vi",
    "name_en",
    "kind",
    "reference_point",
    "district_2024_gso",
    "commune_2024_vi",
    "commune_2025_vi",
    "status",
    "sources",
)
OPTIONAL: Final = ("area_ha", "note_vi", "note_en")
KINDS: Final = LAYER_KINDS["industrial_areas"]


def build_industrial_areas(points: dict[str, ReferencePoint], folder: Path) -> gpd.GeoDataFrame:
    """Build the industrial areas layer from ``industrial_areas.csv``.

    Each area takes the position and uncertainty radius of its reference point.

    Parameters
    ----------
    points
        Reference points by id.
    folder
        Authored-data folder.

    Returns
    -------
    geopandas.GeoDataFrame
    """
    path = folder / "industrial_areas.csv"
    rows: list[dict[str, Any]] = []
    geometries = []
    for row in read_csv(path, REQUIRED, OPTIONAL):
        if row["kind"] not in KINDS:
            msg = f"{path}: feature '{row['id']}' has kind {row['kind']!r}, not one of {KINDS}"
            raise AuthoredDataError(msg)
        reference = points.get(row["reference_point"])
        if reference is None or reference.radius_m is None:
            msg = (
                f"{path}: feature '{row['id']}' refers to reference point "
                f"{row['reference_point']!r}, which is missing or has no radius_m"
            )
            raise AuthoredDataError(msg)
        record: dict[str, Any] = {
            "id": row["id"],
            "name_vi": row["name_vi"],
            "name_en": row["name_en"],
            "kind": row["kind"],
            "location_basis": f"{reference.kind}: {reference.basis}",
            "accuracy_m": reference.radius_m,
            "source": row["sources"],
            "note_vi": row["note_vi"] or None,
            "note_en": row["note_en"] or None,
            "status": row["status"],
            "area_ha": number(row, "area_ha", path, within=AREA_HA),
            "district_2024_gso": row["district_2024_gso"],
            "commune_2024_vi": row["commune_2024_vi"],
            "commune_2025_vi": row["commune_2025_vi"],
            "reference_point": reference.id,
        }
        rows.append(record)
        geometries.append(reference.point)
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=WGS84)
