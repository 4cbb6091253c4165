"""The roads layer: ĐT495B as a schematic line; T1 and T4 without geometry.

After ``thanh-liem-map import-osm``, the roads it matched take their OpenStreetMap route, and
the context roads and the Đáy river it found are added after them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError, ReferencePoint, check_geometry, number, read_csv
from geo.bases import superseded
from geo.metric import WGS84, length_km
from geo.osm.override import OVERRIDE_FILENAME, OsmFeature, is_new_feature
from geo.schema import LENGTH_KM

REQUIRED: Final = ("id", "name_vi", "name_en", "ref", "status", "sources")
OPTIONAL: Final = ("via_points", "length_km_official", "note_vi", "note_en")
NOT_PUBLISHED: Final = "route not published"
MAPPED: Final = "mapped"


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


def _mapped(record: dict[str, Any], feature: OsmFeature) -> dict[str, Any]:
    """Return a road record with its route, basis and credit from an OSM import."""
    source = feature.source if is_new_feature(feature) else f"{record['source']}; {feature.source}"
    return {
        **record,
        "kind": feature.kind,
        "location_basis": feature.location_basis,
        "accuracy_m": feature.accuracy_m,
        "source": source,
        "note_vi": feature.note_vi,
        "note_en": feature.note_en,
        "status": MAPPED,
        "schematic": False,
        "length_km_computed": round(length_km(feature.geometry), 2),
        "via_points": None,
        "previous_bases": superseded(record) if "location_basis" in record else None,
    }


def _new_record(feature: OsmFeature) -> dict[str, Any]:
    return {
        "id": feature.id,
        "name_vi": feature.name_vi,
        "name_en": feature.name_en,
        "source": feature.source,
        "ref": feature.ref or feature.name_vi,
        "length_km_official": None,
    }


def build_roads(
    points: dict[str, ReferencePoint],
    folder: Path,
    osm: Mapping[str, OsmFeature] | None = None,
) -> gpd.GeoDataFrame:
    """Build the roads layer from ``roads.csv``.

    A road with ``via_points`` becomes a schematic line through those reference points, with
    the largest of their radii as its accuracy. A road without them keeps a null geometry.
    A road an OpenStreetMap import matched takes the OSM route instead (status ``mapped``,
    not schematic, length recomputed); imported context roads and the river follow the roads
    of ``roads.csv``.

    Parameters
    ----------
    points
        Reference points by id.
    folder
        Authored-data folder.
    osm
        Imported OSM features of this layer by id (from ``osm_import.geojson``), if any.

    Returns
    -------
    geopandas.GeoDataFrame
    """
    path = folder / "roads.csv"
    osm = osm or {}
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
        imported = osm.get(row["id"])
        if imported is not None and not is_new_feature(imported):
            rows.append(_mapped(record, imported))
            geometries.append(imported.geometry)
            continue
        rows.append(record)
        geometries.append(geometry)
    known = {record["id"] for record in rows}
    for feature in osm.values():
        if feature.id in known:
            if is_new_feature(feature):
                msg = f"{folder / OVERRIDE_FILENAME}: '{feature.id}' is already a road"
                raise AuthoredDataError(msg)
            continue
        if not is_new_feature(feature):
            msg = f"{folder / OVERRIDE_FILENAME}: unknown road '{feature.id}'"
            raise AuthoredDataError(msg)
        rows.append(_mapped(_new_record(feature), feature))
        geometries.append(feature.geometry)
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=WGS84)
