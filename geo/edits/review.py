"""Comparing a contributed file with the current layers, and checking every edit in it.

A row of the file is an *edit* when it gives an existing feature a different geometry or a
different ``location_basis``, ``accuracy_m`` or ``source``, when it draws a footprint for an
industrial area, or when its id is new (a new feature). Rows equal to the current layers are
unchanged, and rows whose provenance is one the feature had before (an export made before
an import upgraded it: the point of an industrial area whose footprint came in the same
file) are outdated; both are ignored, which makes importing the same file twice change
nothing.

Every edit must name its source (a new one: not the source of the position it replaces), a
basis of :data:`geo.upgrades.contributions.CONTRIBUTION_BASES`, an accuracy > 0 and a
contributor; its geometry must be valid and plausible (:mod:`geo.edits.bounds`); a feature
may get one edit per file, and none when it already has a contribution (remove that record
first). Problems are collected, never raised one by one, so that the contributor sees them all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.authored import AREA_OF_INTEREST
from geo.edits.bounds import plausibility_problems
from geo.edits.read import EditRow, kit_layer
from geo.metric import to_metric
from geo.upgrades.contributions import (
    CONTRIBUTION_BASES,
    DATE_PATTERN,
    EDITABLE_LAYERS,
    FOOTPRINTS_TABLE,
    ID_PATTERN,
    LAYER_TYPES,
    NEW_FEATURE_FIELDS,
    NUMERIC_ATTRIBUTES,
    Contribution,
    basis_key,
)

GEOMETRY_TOLERANCE_M: Final = 1.0
"""Geometries closer than this (Hausdorff distance, UTM 48N) are the same: the export rounds
to 6 decimals (~0.1 m) and a VN-2000 round trip moves points by millimetres."""

MAX_TEXT: Final = 2000
"""Longest text accepted in a field, characters."""

PROVENANCE_FIELDS: Final = ("location_basis", "accuracy_m", "source")

Feature = tuple[dict[str, Any], BaseGeometry | None]


@dataclass(frozen=True)
class Change:
    """An accepted edit and what it replaces.

    Attributes
    ----------
    contribution
        The contribution to record.
    name_vi
        The feature's name.
    before
        ``location_basis``, ``accuracy_m`` and ``source`` before (empty for a new feature).
    before_geometry
        The geometry before, or ``None``.
    origin
        Where the edit is in the contributed file.
    """

    contribution: Contribution
    name_vi: str
    before: Mapping[str, Any]
    before_geometry: BaseGeometry | None
    origin: str


@dataclass
class Review:
    """The outcome of comparing a file with the layers.

    Attributes
    ----------
    changes
        Accepted edits, in file order.
    unchanged
        Rows equal to the current layers.
    problems
        Why edits are refused; any problem refuses the whole file.
    outdated
        Features of rows that hold an earlier state (``previous_bases``) of a feature upgraded
        since the file was exported: not edits, ignored.
    """

    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Outdated:
    label: str


@dataclass(frozen=True)
class _Candidate:
    row: EditRow
    layer: str
    id: str
    change: str
    current: Feature | None
    geometry: BaseGeometry | None


def _features(layers: Mapping[str, gpd.GeoDataFrame]) -> dict[str, dict[str, Feature]]:
    result = {}
    for name in EDITABLE_LAYERS:
        frame = layers[name]
        records = frame.drop(columns=frame.geometry.name).to_dict("records")
        result[name] = {
            str(record["id"]): (record, geometry)
            for record, geometry in zip(records, frame.geometry, strict=True)
        }
    return result


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def same_geometry(first: BaseGeometry | None, second: BaseGeometry | None) -> bool:
    """Tell whether two lon/lat geometries are the same within :data:`GEOMETRY_TOLERANCE_M`.

    Parameters
    ----------
    first, second
        Geometries in EPSG:4326, or ``None``.

    Returns
    -------
    bool
    """
    if first is None or second is None:
        return first is second
    if first.geom_type != second.geom_type:
        return False
    distance = shapely.hausdorff_distance(to_metric(first), to_metric(second))
    return bool(distance <= GEOMETRY_TOLERANCE_M)


def _differs(current: Any, given: Any) -> bool:
    if _missing(given):
        return False
    if _missing(current):
        return True
    if isinstance(current, float):
        try:
            return not math.isclose(current, float(given), abs_tol=1e-6)
        except (TypeError, ValueError):
            return True
    return str(current) != str(given)


def _layer_of(row: EditRow, feature_id: str, features: Mapping[str, Any]) -> str | None:
    given = kit_layer(row.table) or row.properties.get("layer")
    if given is not None:
        return str(given)
    found = [name for name in EDITABLE_LAYERS if feature_id in features[name]]
    if found:
        return found[0]
    if row.geometry is None:
        return None
    return next(
        (name for name, kinds in LAYER_TYPES.items() if row.geometry.geom_type in kinds), None
    )


def _footprint(row: EditRow, areas: Mapping[str, Feature]) -> _Candidate | str | None:
    area = row.properties.get("industrial_area_id")
    if not isinstance(area, str) or area not in areas:
        known = ", ".join(areas)
        return f"a footprint for industrial_area_id {area!r}, which is not one of {known}"
    current = areas[area]
    if row.geometry is None:
        return f"industrial_areas/{area}: a footprint row without a polygon"
    if same_geometry(current[1], row.geometry):
        return None
    return _Candidate(row, "industrial_areas", area, "geometry", current, row.geometry)


def _candidate(
    row: EditRow, features: Mapping[str, Mapping[str, Feature]]
) -> _Candidate | _Outdated | str | None:
    """Return the edit a row makes, ``None`` when it changes nothing, or a problem."""
    props = row.properties
    if row.table == FOOTPRINTS_TABLE or (
        kit_layer(row.table) is None and props.get("industrial_area_id") is not None
    ):
        return _footprint(row, features["industrial_areas"])
    feature_id = props.get("id")
    if not isinstance(feature_id, str):
        return "no id: give the id of the feature it changes (such as 't1') or of a new one"
    layer = _layer_of(row, feature_id, features)
    if layer not in EDITABLE_LAYERS:
        open_layers = ", ".join(EDITABLE_LAYERS)
        return f"'{feature_id}': layer {layer!r} is not open to contributions ({open_layers})"
    if feature_id not in features[layer]:
        return _Candidate(row, layer, feature_id, "new", None, row.geometry)
    return _existing(row, layer, feature_id, features[layer][feature_id])


def _existing(
    row: EditRow, layer: str, feature_id: str, current: Feature
) -> _Candidate | _Outdated | None:
    record, geometry = current
    props = row.properties
    moved = row.geometry is not None and not same_geometry(geometry, row.geometry)
    if not moved and not any(_differs(record[name], props.get(name)) for name in PROVENANCE_FIELDS):
        return None
    earlier = record.get("previous_bases")
    for entry in earlier if isinstance(earlier, list) else []:
        if not any(_differs(entry[name], props.get(name)) for name in PROVENANCE_FIELDS):
            return _Outdated(f"{layer}/{feature_id}")
    return _Candidate(row, layer, feature_id, "geometry", current, row.geometry or geometry)


def _text_problems(props: Mapping[str, Any]) -> list[str]:
    problems = []
    for name, value in props.items():
        if isinstance(value, str) and len(value) > MAX_TEXT:
            problems.append(f"{name} is longer than {MAX_TEXT} characters")
    return problems


def _accuracy(value: Any) -> float | None:
    try:
        accuracy = float(value)
    except (TypeError, ValueError):
        return None
    return accuracy if math.isfinite(accuracy) and accuracy > 0 else None


def _date_problem(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    try:
        if re.fullmatch(DATE_PATTERN, text):
            dt.date.fromisoformat(text)
            return None
    except ValueError:
        pass
    return f"contribution_date {text!r} is not a date YYYY-MM-DD"


def _provenance_problems(candidate: _Candidate) -> list[str]:
    props = candidate.row.properties
    problems = _text_problems(props)
    source = props.get("source")
    if not isinstance(source, str):
        problems.append(
            "no source: name where the geometry comes from (a plan and its number, imagery "
            "and its date, a site visit)"
        )
    elif candidate.current is not None and source == candidate.current[0]["source"]:
        problems.append(
            f"its source is the one of the position it replaces ({source!r}): name where the "
            "new geometry comes from"
        )
    if _accuracy(props.get("accuracy_m")) is None:
        problems.append(
            f"accuracy_m {props.get('accuracy_m')!r}: give how far off the geometry may be, "
            "in metres, greater than 0"
        )
    basis = props.get("location_basis")
    key = basis_key(basis) if isinstance(basis, str) else None
    if key not in CONTRIBUTION_BASES:
        keys = ", ".join(f"'{item}: …'" for item in CONTRIBUTION_BASES)
        problems.append(f"location_basis {basis!r} must read {keys}")
    elif key == "openstreetmap" and "ODbL" not in str(source):
        problems.append("a geometry from OpenStreetMap needs the ODbL credit in its source")
    if not isinstance(props.get("contributor"), str):
        problems.append("no contributor: name who to credit (CC BY 4.0)")
    date = _date_problem(props.get("contribution_date"))
    if date:
        problems.append(date)
    return problems


def _new_feature_problems(
    candidate: _Candidate, features: Mapping[str, Mapping[str, Feature]]
) -> list[str]:
    if not re.fullmatch(ID_PATTERN, candidate.id):
        return [f"new id {candidate.id!r}: use lower-case letters, digits and _ (such as 'ccn_x')"]
    elsewhere = [name for name in EDITABLE_LAYERS if candidate.id in features[name]]
    if elsewhere:
        return [f"id '{candidate.id}' is already a feature of {elsewhere[0]}"]
    required, optional = NEW_FEATURE_FIELDS[candidate.layer]
    missing = [name for name in required if not isinstance(candidate.row.properties.get(name), str)]
    problems = []
    if missing:
        problems.append(f"a new feature needs {', '.join(missing)}")
    for name in optional:
        value = candidate.row.properties.get(name)
        if name in NUMERIC_ATTRIBUTES and value is not None and _accuracy(value) is None:
            problems.append(f"{name} {value!r} is not a positive number")
    return problems


def _geometry_problems(candidate: _Candidate, district: BaseGeometry) -> list[str]:
    geometry = candidate.geometry
    if geometry is None:
        return ["no geometry: draw the feature"]
    if not geometry.is_valid:
        return [f"invalid geometry ({shapely.is_valid_reason(geometry)})"]
    west, south, east, north = AREA_OF_INTEREST
    minx, miny, maxx, maxy = geometry.bounds
    if minx < west or maxx > east or miny < south or maxy > north:
        return [
            f"lies outside lon {west}–{east}, lat {south}–{north} (wrong CRS, or lon/lat swapped?)"
        ]
    accuracy = _accuracy(candidate.row.properties.get("accuracy_m"))
    if accuracy is None:
        return []
    before: tuple[BaseGeometry | None, float | None] = (None, None)
    if candidate.current is not None:
        old_accuracy = candidate.current[0]["accuracy_m"]
        before = (candidate.current[1], None if _missing(old_accuracy) else float(old_accuracy))
    return plausibility_problems(candidate.layer, geometry, accuracy, before, district)


def _note(candidate: _Candidate, name: str) -> str | None:
    value = candidate.row.properties.get(name)
    if not isinstance(value, str):
        return None
    if candidate.current is not None and value == candidate.current[0].get(name):
        return None  # the note of the position being replaced
    return value


def _attributes(candidate: _Candidate) -> dict[str, Any]:
    if candidate.change != "new":
        return {}
    required, optional = NEW_FEATURE_FIELDS[candidate.layer]
    props = candidate.row.properties
    attributes: dict[str, Any] = {name: str(props[name]) for name in required}
    for name in optional:
        if props.get(name) is not None:
            attributes[name] = float(props[name]) if name in NUMERIC_ATTRIBUTES else props[name]
    return attributes


def _change(candidate: _Candidate, geometry: BaseGeometry, imported_from: str) -> Change:
    props = candidate.row.properties
    contribution = Contribution(
        layer=candidate.layer,
        id=candidate.id,
        change=candidate.change,
        location_basis=str(props["location_basis"]),
        accuracy_m=float(props["accuracy_m"]),
        source=str(props["source"]),
        contributor=str(props["contributor"]),
        contribution_date=props.get("contribution_date"),
        note_vi=_note(candidate, "note_vi"),
        note_en=_note(candidate, "note_en"),
        imported_from=imported_from,
        geometry=geometry,
        attributes=_attributes(candidate),
    )
    before = {}
    name = str(props.get("name_vi") or candidate.id)
    if candidate.current is not None:
        record = candidate.current[0]
        before = {key: record[key] for key in PROVENANCE_FIELDS}
        name = str(record["name_vi"])
    previous = candidate.current[1] if candidate.current else None
    return Change(contribution, name, before, previous, candidate.row.origin)


def _same_edit(first: _Candidate, second: _Candidate) -> bool:
    keys = (*PROVENANCE_FIELDS, "contributor", "contribution_date")
    return same_geometry(first.geometry, second.geometry) and all(
        first.row.properties.get(key) == second.row.properties.get(key) for key in keys
    )


def review_rows(
    rows: Sequence[EditRow],
    layers: Mapping[str, gpd.GeoDataFrame],
    existing: Sequence[Contribution],
    imported_from: str,
) -> Review:
    """Compare contributed rows with the current layers and check every edit.

    Parameters
    ----------
    rows
        The rows of the contributed file, in WGS 84.
    layers
        The current (upgraded) layers, EPSG:4326.
    existing
        The contributions already recorded.
    imported_from
        Name of the contributed file, recorded with each contribution.

    Returns
    -------
    Review
    """
    features = _features(layers)
    district = layers["district"].geometry.union_all()
    recorded = {contribution.key: contribution for contribution in existing}
    review = Review()
    candidates: dict[tuple[str, str], list[_Candidate]] = {}
    for row in rows:
        outcome = _candidate(row, features)
        if outcome is None:
            review.unchanged += 1
        elif isinstance(outcome, str):
            review.problems.append(f"{row.origin}: {outcome}")
        elif isinstance(outcome, _Outdated):
            review.outdated.append(outcome.label)
        else:
            candidates.setdefault((outcome.layer, outcome.id), []).append(outcome)
    for (layer, feature_id), group in candidates.items():
        label = f"{layer}/{feature_id}"
        first = group[0]
        if any(not _same_edit(first, other) for other in group[1:]):
            origins = "; ".join(candidate.row.origin for candidate in group)
            review.problems.append(f"{label}: {len(group)} different edits ({origins}): keep one")
            continue
        earlier = recorded.get((layer, feature_id))
        if earlier is not None:
            review.problems.append(
                f"{first.row.origin}: {label} already has a contribution (by "
                f"{earlier.contributor!r}, from {earlier.imported_from!r}): remove its record "
                "from contributions.geojson to replace it"
            )
            continue
        problems = _provenance_problems(first)
        if first.change == "new":
            problems += _new_feature_problems(first, features)
        problems += _geometry_problems(first, district)
        review.problems.extend(f"{first.row.origin}: {label}: {problem}" for problem in problems)
        if not problems and first.geometry is not None:
            review.changes.append(_change(first, first.geometry, imported_from))
    return review
