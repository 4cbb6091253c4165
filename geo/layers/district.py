"""The district layer: Thanh Liêm as it was from 2013 to 30/06/2025 (GSO 351)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.authored import AuthoredDataError, read_toml, toml_number, toml_text
from geo.boundaries import AdminUnit
from geo.metric import WGS84, area_km2
from geo.schema import ACCURACY_M, AREA_KM2
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

    def text(key: str) -> str:
        return toml_text(attrs, key, path)

    record = {
        "id": text("id"),
        "name_vi": text("name_vi"),
        "name_en": text("name_en"),
        "kind": "district",
        "location_basis": text("location_basis"),
        "accuracy_m": toml_number(attrs, "accuracy_m", path, within=ACCURACY_M),
        "source": DVHCVN_CREDIT,
        "note_vi": text("accuracy_note_vi"),
        "note_en": text("accuracy_note"),
        "gso_province_code": text("gso_province_code"),
        "gso_district_code": text("gso_district_code"),
        "province_vi": text("province_vi"),
        "area_km2_computed": round(area_km2(unit.geometry), 2),
        "area_km2_official": toml_number(attrs, "area_km2_official", path, within=AREA_KM2),
        "area_official_source": text("area_official_source"),
        "valid_from": text("valid_from"),
        "valid_to": text("valid_to"),
        "change_2013_vi": text("change_2013_vi"),
        "change_2013_en": text("change_2013_en"),
        "change_2025_vi": text("change_2025_vi"),
        "change_2025_en": text("change_2025_en"),
        "commune_count": len(communes),
        "communes": "; ".join(f"{code} {name}" for code, name in communes),
    }
    return gpd.GeoDataFrame([record], geometry=[unit.geometry], crs=WGS84)
