"""The upgrades stage: better positions applied to the built layers, by one precedence rule.

Per feature, the position with the highest precedence wins:

1. a contributor's edit (``contributions.geojson``, :mod:`geo.edits.contributions`);
2. an OpenStreetMap import (``osm_import.geojson``, applied by the layer builders);
3. the authored reference positions (``reference_points.csv``, ``roads.csv``).

An upgraded feature keeps what it had before in ``previous_bases`` (oldest first), names its
contributor and the date, and everything downstream (the GeoJSON layers, the web map, the QGIS
export, the notebooks) reads the upgraded layers. :func:`upgrade_layers` runs once in the
build, right after :func:`geo.layers.build_layers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError, default_dir
from geo.bases import superseded
from geo.edits.contributions import (
    CONTRIBUTIONS_FILENAME,
    EDITABLE_LAYERS,
    Contribution,
    read_contributions,
)
from geo.layers.industrial_areas import KINDS
from geo.layers.roads import MAPPED
from geo.metric import WGS84, length_km
from geo.schema import HISTORY

HISTORY_FIELDS: Final = tuple(item.name for item in HISTORY)
"""``contributor``, ``contribution_date``, ``previous_bases``."""

MAPPED_ROAD: Final = "mapped_road"
"""Kind of a road drawn along its route (as an OpenStreetMap import draws it)."""


def _records(frame: gpd.GeoDataFrame) -> tuple[list[dict[str, Any]], list[BaseGeometry | None]]:
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    for record in records:
        for name in HISTORY_FIELDS:
            value = record.get(name)
            keep = isinstance(value, list) if name == "previous_bases" else isinstance(value, str)
            record[name] = value if keep else None
    return records, list(frame.geometry)


def _upgraded(record: dict[str, Any], contribution: Contribution) -> dict[str, Any]:
    upgraded = {
        **record,
        "location_basis": contribution.location_basis,
        "accuracy_m": contribution.accuracy_m,
        "source": contribution.source,
        "note_vi": contribution.note_vi,
        "note_en": contribution.note_en,
        "contributor": contribution.contributor,
        "contribution_date": contribution.contribution_date,
        "previous_bases": superseded(record),
    }
    if contribution.layer == "roads":
        upgraded |= {
            "kind": MAPPED_ROAD,
            "status": MAPPED,
            "schematic": False,
            "length_km_computed": round(length_km(contribution.geometry), 2),
            "via_points": None,
        }
    return upgraded


def _new_record(contribution: Contribution, origin: Path | str) -> dict[str, Any]:
    attributes = dict(contribution.attributes)
    record: dict[str, Any] = {
        "id": contribution.id,
        "name_vi": attributes.pop("name_vi"),
        "name_en": attributes.pop("name_en"),
        "location_basis": contribution.location_basis,
        "accuracy_m": contribution.accuracy_m,
        "source": contribution.source,
        "note_vi": contribution.note_vi,
        "note_en": contribution.note_en,
        "contributor": contribution.contributor,
        "contribution_date": contribution.contribution_date,
        "previous_bases": None,
    }
    if contribution.layer == "roads":
        return record | {
            "kind": MAPPED_ROAD,
            "ref": attributes["ref"],
            "status": MAPPED,
            "schematic": False,
            "length_km_official": attributes.get("length_km_official"),
            "length_km_computed": round(length_km(contribution.geometry), 2),
            "via_points": None,
        }
    if attributes["kind"] not in KINDS:
        msg = f"{origin}: new feature '{contribution.label}' has kind {attributes['kind']!r}, "
        msg += f"not one of {KINDS}"
        raise AuthoredDataError(msg)
    return record | {
        "kind": attributes["kind"],
        "status": attributes["status"],
        "area_ha": attributes.get("area_ha"),
        "district_2024_gso": attributes["district_2024_gso"],
        "commune_2024_vi": attributes["commune_2024_vi"],
        "commune_2025_vi": attributes["commune_2025_vi"],
        "reference_point": f"{CONTRIBUTIONS_FILENAME}#{contribution.label}",
    }


def apply_contributions(
    layers: Mapping[str, gpd.GeoDataFrame],
    contributions: Sequence[Contribution],
    origin: Path | str = CONTRIBUTIONS_FILENAME,
) -> dict[str, gpd.GeoDataFrame]:
    """Apply contributions to built layers; every other feature is left as it is.

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame in EPSG:4326 (the output of
        :func:`geo.layers.build_layers`, or of an earlier upgrade).
    contributions
        The contributions, at most one per feature.
    origin
        File the contributions come from, for messages.

    Returns
    -------
    dict
        The layers, the editable ones (:data:`geo.edits.contributions.EDITABLE_LAYERS`) with
        every field of :data:`geo.schema.HISTORY`.

    Raises
    ------
    AuthoredDataError
        When a contribution changes a feature the layer does not have, or adds one it has.
    """
    result = dict(layers)
    for name in EDITABLE_LAYERS:
        records, geometries = _records(layers[name])
        index = {record["id"]: position for position, record in enumerate(records)}
        for contribution in (item for item in contributions if item.layer == name):
            position = index.get(contribution.id)
            if contribution.change == "new":
                if position is not None:
                    msg = f"{origin}: new feature '{contribution.label}' is already in the layer"
                    raise AuthoredDataError(msg)
                index[contribution.id] = len(records)
                records.append(_new_record(contribution, origin))
                geometries.append(contribution.geometry)
                continue
            if position is None:
                msg = (
                    f"{origin}: contribution for '{contribution.label}', which the layer does "
                    "not have (was it renamed?)"
                )
                raise AuthoredDataError(msg)
            records[position] = _upgraded(records[position], contribution)
            geometries[position] = contribution.geometry
        result[name] = gpd.GeoDataFrame(records, geometry=geometries, crs=WGS84)
    return result


def upgrade_layers(
    layers: Mapping[str, gpd.GeoDataFrame],
    folder: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Apply the authored-data folder's contributions to built layers (the upgrades stage).

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame in EPSG:4326, from :func:`geo.layers.build_layers`.
    folder
        Authored-data folder; defaults to the package's ``geo/data``.
    progress
        Called with a short message when contributions are applied.

    Returns
    -------
    dict
        The upgraded layers, in the same order.
    """
    folder = folder or default_dir()
    contributions = read_contributions(folder)
    if contributions and progress is not None:
        progress(f"applying {len(contributions)} contribution(s) from {CONTRIBUTIONS_FILENAME}")
    return apply_contributions(layers, contributions, folder / CONTRIBUTIONS_FILENAME)
