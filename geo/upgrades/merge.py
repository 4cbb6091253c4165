"""The one rule by which an upgrade (an OpenStreetMap import, a contribution) changes a layer.

Every upgrade, whichever file it comes from, is an :class:`Upgrade`: a better geometry for one
feature, or a feature the layer did not have, with its provenance. :func:`apply_upgrades`
merges a list of them into built layers; the stage (:func:`geo.upgrades.upgrade_layers`)
calls it once per source, lowest precedence first, so that the last upgrade of a feature wins
and every earlier basis is kept in ``previous_bases``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.authored import AuthoredDataError
from geo.bases import superseded
from geo.metric import WGS84, length_km
from geo.schema import HISTORY, LAYER_KINDS

UPGRADABLE_LAYERS: Final = ("industrial_areas", "roads")
"""Layers an upgrade may change; they carry every field of :data:`geo.schema.HISTORY`."""

MAPPED: Final = "mapped"
"""``status`` of a road drawn along its route."""

HISTORY_FIELDS: Final = tuple(item.name for item in HISTORY)
"""``contributor``, ``contribution_date``, ``previous_bases``."""


@dataclass(frozen=True)
class Upgrade:
    """One better position for one feature, or one feature a layer did not have.

    Attributes
    ----------
    layer
        One of :data:`UPGRADABLE_LAYERS`.
    id
        The feature it changes or adds.
    new
        ``True`` when it adds a feature (then ``kind`` and ``attributes`` describe it).
    geometry
        lon/lat geometry.
    location_basis, accuracy_m, note_vi, note_en
        The feature's values after the upgrade.
    source
        Where the geometry comes from.
    adds_source
        ``True`` when ``source`` credits the geometry alone and is added after the feature's
        own source (an OpenStreetMap import: its facts still come from the article);
        ``False`` when it replaces it (a contribution names its whole source).
    contributor, contribution_date
        Who to credit for the geometry, and when, or ``None``.
    kind
        The feature's kind after the upgrade, or ``None`` to keep it.
    attributes
        A new feature's other attributes (``name_vi``, ``name_en``, and its layer's own).
    """

    layer: str
    id: str
    new: bool
    geometry: BaseGeometry
    location_basis: str
    accuracy_m: float
    source: str
    note_vi: str | None
    note_en: str | None
    adds_source: bool = False
    contributor: str | None = None
    contribution_date: str | None = None
    kind: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``layer/id``, for messages."""
        return f"{self.layer}/{self.id}"


def _records(frame: gpd.GeoDataFrame) -> tuple[list[dict[str, Any]], list[BaseGeometry | None]]:
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    for record in records:
        for name in HISTORY_FIELDS:
            value = record.get(name)
            keep = isinstance(value, list) if name == "previous_bases" else isinstance(value, str)
            record[name] = value if keep else None
    return records, list(frame.geometry)


def _drawn_along_route(geometry: BaseGeometry) -> dict[str, Any]:
    """Return the fields of a road once a geometry gives it its route."""
    return {
        "status": MAPPED,
        "schematic": False,
        "length_km_computed": round(length_km(geometry), 2),
        "via_points": None,
    }


def _checked_kind(upgrade: Upgrade, origin: Path | str) -> None:
    kinds = LAYER_KINDS[upgrade.layer]
    if upgrade.kind is None and upgrade.new:
        msg = f"{origin}: new feature '{upgrade.label}' has no kind"
        raise AuthoredDataError(msg)
    if upgrade.kind is not None and upgrade.kind not in kinds:
        msg = f"{origin}: '{upgrade.label}' has kind {upgrade.kind!r}, not one of {kinds}"
        raise AuthoredDataError(msg)


def _merged(record: Mapping[str, Any] | None, upgrade: Upgrade) -> dict[str, Any]:
    """Return a feature's properties after an upgrade (``record`` is ``None`` for a new one)."""
    if record is None:
        base = {"id": upgrade.id, **upgrade.attributes}
        previous, source = None, upgrade.source
    else:
        base = dict(record)
        previous = superseded(record)
        source = f"{record['source']}; {upgrade.source}" if upgrade.adds_source else upgrade.source
    merged = base | {
        "location_basis": upgrade.location_basis,
        "accuracy_m": upgrade.accuracy_m,
        "source": source,
        "note_vi": upgrade.note_vi,
        "note_en": upgrade.note_en,
        "contributor": upgrade.contributor,
        "contribution_date": upgrade.contribution_date,
        "previous_bases": previous,
    }
    if upgrade.kind is not None:
        merged["kind"] = upgrade.kind
    if upgrade.layer == "roads":
        merged |= _drawn_along_route(upgrade.geometry)
    return merged


def apply_upgrades(
    layers: Mapping[str, gpd.GeoDataFrame],
    upgrades: Sequence[Upgrade],
    origin: Path | str,
) -> dict[str, gpd.GeoDataFrame]:
    """Apply upgrades to built layers; every other feature is left as it is.

    An upgrade of an existing feature replaces its geometry, ``location_basis``,
    ``accuracy_m``, notes, contributor and date, and its source (or adds to it, see
    :attr:`Upgrade.adds_source`); the basis it replaces is appended to ``previous_bases``.
    A road takes the route: status ``mapped``, not schematic, its length recomputed. A new
    feature is added after the layer's features, in the order given.

    Parameters
    ----------
    layers
        Layer name → GeoDataFrame in EPSG:4326 (the output of
        :func:`geo.layers.build_layers`, or of an earlier upgrade).
    upgrades
        The upgrades, at most one per feature.
    origin
        File the upgrades come from, for messages.

    Returns
    -------
    dict
        The layers, those of :data:`UPGRADABLE_LAYERS` with every field of
        :data:`geo.schema.HISTORY`.

    Raises
    ------
    AuthoredDataError
        When an upgrade changes a feature the layer does not have, adds one it has, or gives
        a kind the layer does not hold.
    """
    result = dict(layers)
    for name in UPGRADABLE_LAYERS:
        records, geometries = _records(layers[name])
        index = {record["id"]: position for position, record in enumerate(records)}
        for upgrade in (item for item in upgrades if item.layer == name):
            _checked_kind(upgrade, origin)
            position = index.get(upgrade.id)
            if upgrade.new:
                if position is not None:
                    msg = f"{origin}: new feature '{upgrade.label}' is already in the layer"
                    raise AuthoredDataError(msg)
                index[upgrade.id] = len(records)
                records.append(_merged(None, upgrade))
                geometries.append(upgrade.geometry)
            elif position is None:
                msg = (
                    f"{origin}: '{upgrade.label}' upgrades a feature the layer does not have "
                    "(was it renamed?)"
                )
                raise AuthoredDataError(msg)
            else:
                records[position] = _merged(records[position], upgrade)
                geometries[position] = upgrade.geometry
        result[name] = gpd.GeoDataFrame(records, geometry=geometries, crs=WGS84)
    return result
