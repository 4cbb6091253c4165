"""The admin_2025 layer: the units that replaced the district's communes on 1/07/2025."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import geopandas as gpd

from geo.authored import AuthoredDataError, number, point_from, read_csv
from geo.metric import WGS84
from geo.schema import AREA_KM2, POPULATION

REQUIRED: Final = (
    "id",
    "name_vi",
    "unit_type",
    "province_2025",
    "formed_from_2024",
    "from_thanh_liem",
    "area_km2_published",
    "population_published",
    "seat_vi",
    "lon",
    "lat",
    "area_flag",
    "population_flag",
    "source",
)
OPTIONAL: Final = ("flag_note_vi", "flag_note_en")
UNIT_KINDS: Final = {"xã": "commune", "phường": "ward"}
"""Unit types and the feature kind (``unit_2025_<kind>``) each is drawn as."""
SEAT_ACCURACY_M: Final = 100.0
"""Published seat coordinates have 3 decimals: about ±55 m in each axis."""


def _flag(row: dict[str, str], column: str, path: Path) -> bool:
    value = row[column].strip().lower()
    if value not in {"true", "false"}:
        msg = f"{path}: feature '{row['id']}' has {column}={value!r}, expected true or false"
        raise AuthoredDataError(msg)
    return value == "true"


def build_admin_2025(folder: Path) -> gpd.GeoDataFrame:
    """Build the admin_2025 layer from ``admin_2025.csv``.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    geopandas.GeoDataFrame
    """
    path = folder / "admin_2025.csv"
    rows, geometries = [], []
    for row in read_csv(path, REQUIRED, OPTIONAL):
        unit = UNIT_KINDS.get(row["unit_type"])
        if unit is None:
            msg = (
                f"{path}: feature '{row['id']}' has unit_type {row['unit_type']!r}, "
                f"not one of {', '.join(UNIT_KINDS)}"
            )
            raise AuthoredDataError(msg)
        population = number(row, "population_published", path, within=POPULATION)
        area_flag = _flag(row, "area_flag", path)
        population_flag = _flag(row, "population_flag", path)
        if (area_flag or population_flag) and not row["flag_note_en"].strip():
            msg = f"{path}: feature '{row['id']}' is flagged but has no flag_note_en"
            raise AuthoredDataError(msg)
        geometries.append(point_from(row, path))
        name_en = row["name_vi"].replace("Xã ", "").replace("Phường ", "")
        title = "Commune" if unit == "commune" else "Ward"
        rows.append(
            {
                "id": row["id"],
                "name_vi": row["name_vi"],
                "name_en": f"{name_en} {title}",
                "kind": f"unit_2025_{unit}",
                "location_basis": "published_point: published seat coordinate, 3 decimals",
                "accuracy_m": SEAT_ACCURACY_M,
                "source": row["source"],
                "note_vi": row["flag_note_vi"] or None,
                "note_en": row["flag_note_en"] or None,
                "unit_type": row["unit_type"],
                "province_2025": row["province_2025"],
                "formed_from_2024": row["formed_from_2024"],
                "from_thanh_liem": row["from_thanh_liem"],
                "area_km2_published": number(row, "area_km2_published", path, within=AREA_KM2),
                "population_published": int(population or 0),
                "area_flag": area_flag,
                "population_flag": population_flag,
                "seat_vi": row["seat_vi"],
            }
        )
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=WGS84)
