"""Edits of a built layers folder that tests make: copies, changed properties, an import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape


def copy_layers(layers_dir: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in layers_dir.glob("*.geojson"):
        shutil.copyfile(path, target / path.name)
    return target


def edit_feature(folder: Path, layer: str, feature_id: str, **changes: Any) -> None:
    path = folder / f"{layer}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"]["id"] == feature_id:
            feature["properties"].update(changes)
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


def drawn(collection: dict[str, Any]) -> int:
    return sum(1 for feature in collection["features"] if feature["geometry"] is not None)


def simulate_osm_import(folder: Path) -> None:
    """Edit a copy of the layers as ``import-osm`` would: a footprint, a route, a river."""
    industrial = folder / "industrial_areas.geojson"
    collection = json.loads(industrial.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["id"] == "ccn_thanh_luu":
            footprint = shapely.set_precision(shape(feature["geometry"]).buffer(0.004), 1e-6)
            feature["geometry"] = shapely.geometry.mapping(footprint)
            feature["properties"]["location_basis"] = "openstreetmap: way 1 (test)"
            feature["properties"]["accuracy_m"] = 50.0
    industrial.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    roads = folder / "roads.geojson"
    collection = json.loads(roads.read_text(encoding="utf-8"))
    dt495b = next(f for f in collection["features"] if f["id"] == "dt495b")
    for feature in collection["features"]:
        if feature["id"] == "t1":
            feature["geometry"] = {
                "type": "LineString",
                "coordinates": dt495b["geometry"]["coordinates"][:3],
            }
            feature["properties"].update(
                kind="mapped_road",
                status="mapped",
                location_basis="openstreetmap: way 2 (test)",
                accuracy_m=20.0,
            )
    river = json.loads(json.dumps(dt495b))
    river["id"] = "day_river"
    river["properties"].update(
        id="day_river",
        name_vi="Sông Đáy",
        name_en="Đáy river",
        kind="river",
        ref="Sông Đáy",
        status="mapped",
        schematic=False,
        location_basis="openstreetmap: relation 3 (test)",
        accuracy_m=20.0,
        via_points=None,
    )
    river["geometry"] = {"type": "LineString", "coordinates": [[105.92, 20.38], [105.92, 20.52]]}
    collection["features"].append(river)
    roads.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
