"""The roads layer: ĐT495B as a schematic line; T1 and T4 without geometry.

The upgrades stage (:mod:`geo.upgrades`) may give a road its route later, and add the context
roads and the Đáy river.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import geopandas as gpd
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError, ReferencePoint, check_geometry, number, read_csv
from geo.metric import WGS84, length_km
from geo.schema import LENGTH_KM

REQUIRED: Final = ("id", "name_vi", "name_en", "ref", "status", "sources")
OPTIONAL: Final = ("via_points", "length_km_official", "note_vi", "note_en")
NOT_PUBLISHED: Final = "route not published"


def _schematic_line(
    feature_id: str, via: list[str], points: dict[str, ReferencePoint], path: Path
) -> tuple[LineString, float]:
    missing = [name for name in via if name not in points]
    if missing:
        msg = f"{path}: feature '{feature_id}' passes unknown point(s) {', '.join(missing)}"
        raise AuthoredDataError(msg)
    if len(via) < 2:
        msg = f"{path}: feature '{feature_id}' needs at least two via_points for a line"
        raise AuthoredDataError(msg)
    line = LineString([points[name].point for name in via])
    check_geometry(feature_id, line, path)
    radii = [points[name].radius_m or 0.0 for name in via]
    return line, max(radii)


def build_roads(points: dict[str, ReferencePoint], folder: Path) -> gpd.GeoDataFrame:
    """Build the roads layer from ``roads.csv``.

    A road with ``via_points`` becomes a schematic line through those reference points, with
    the largest of their radii as its accuracy. A road without them keeps a null geometry.

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
    path = folder / "roads.csv"
    rows: list[dict[str, Any]] = []
    geometries: list[BaseGeometry | None] = []
    for row in read_csv(path, REQUIRED, OPTIONAL):
        via = [name.strip() for name in row["via_points"].split(";") if name.strip()]
        geometry: LineString | None = None
        accuracy: float | None = None
        if via:
            geometry, accuracy = _schematic_line(row["id"], via, points, path)
            basis = "schematic: straight segments through commune representative points"
        elif row["status"] == NOT_PUBLISHED:
            basis = "not_published: no source publishes the route"
        else:
            msg = f"{path}: feature '{row['id']}' has no via_points and is not '{NOT_PUBLISHED}'"
            raise AuthoredDataError(msg)
        record: dict[str, Any] = {
            "id": row["id"],
            "name_vi": row["name_vi"],
            "name_en": row["name_en"],
            "kind": "schematic_road" if via else "unmapped_road",
            "location_basis": basis,
            "accuracy_m": accuracy,
            "source": row["sources"],
            "note_vi": row["note_vi"] or None,
            "note_en": row["note_en"] or None,
            "ref": row["ref"],
            "status": row["status"],
            "schematic": bool(via),
            "length_km_official": number(row, "length_km_official", path, within=LENGTH_KM),
            "length_km_computed": round(length_km(geometry), 2) if geometry else None,
            "via_points": "; ".join(via) or None,
        }
        rows.append(record)
        geometries.append(geometry)
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=WGS84)
