"""The district layer: Thanh Liêm as it was from 2013 to 30/06/2025 (GSO 351)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.authored import AuthoredDataError, read_toml
from geo.boundaries import AdminUnit
from geo.metric import WGS84, area_km2
from geo.sources import DVHCVN_CREDIT

DISTRICT_CODE = "351"


def build_district(
    hanam: list[AdminUnit], communes: list[tuple[str, str]], folder: Path
) -> gpd.GeoDataFrame:
    """Build the one-feature district layer.

    Parameters
    ----------
    hanam
        Hà Nam and its districts, from :func:`geo.boundaries.read_province`.
    communes
        (GSO code, name) of the district's communes.
    folder
        Authored-data folder holding ``district.toml``.

    Returns
    -------
    geopandas.GeoDataFrame
    """
    path = folder / "district.toml"
    attrs: dict[str, Any] = read_toml(path)
    unit = next((item for item in hanam if item.code == DISTRICT_CODE), None)
    if unit is None:
        msg = f"Hà Nam boundary file has no district {DISTRICT_CODE}"
        raise AuthoredDataError(msg)
    try:
        record = {
            "id": attrs["id"],
            "name_vi": attrs["name_vi"],
            "name_en": attrs["name_en"],
            "kind": "district",
            "location_basis": attrs["location_basis"],
            "accuracy_m": float(attrs["accuracy_m"]),
            "source": DVHCVN_CREDIT,
            "note_vi": attrs["accuracy_note_vi"],
            "note_en": attrs["accuracy_note"],
            "gso_province_code": attrs["gso_province_code"],
            "gso_district_code": attrs["gso_district_code"],
            "province_vi": attrs["province_vi"],
            "area_km2_computed": round(area_km2(unit.geometry), 2),
            "area_km2_official": float(attrs["area_km2_official"]),
            "area_official_source": attrs["area_official_source"],
            "valid_from": attrs["valid_from"],
            "valid_to": attrs["valid_to"],
            "change_2013_vi": attrs["change_2013_vi"],
            "change_2013_en": attrs["change_2013_en"],
            "change_2025_vi": attrs["change_2025_vi"],
            "change_2025_en": attrs["change_2025_en"],
            "commune_count": len(communes),
            "communes": "; ".join(f"{code} {name}" for code, name in communes),
        }
    except KeyError as error:
        msg = f"{path}: missing key {error}"
        raise AuthoredDataError(msg) from error
    return gpd.GeoDataFrame([record], geometry=[unit.geometry], crs=WGS84)
