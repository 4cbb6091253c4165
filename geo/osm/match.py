"""Matching OSM objects to the project's features: identify, never guess.

Industrial areas match a ``landuse=industrial`` area by name (``KCN Thanh Liêm``, ``Khu công
nghiệp Thanh Liêm``…) within the uncertainty radius of their position, or, when no area is
named like them and their position is a published point (not a commune-level stand-in), by
containing that point. Roads and the river match ways by reference or name inside the map
frame. Every candidate must then pass the bounds of :mod:`geo.osm.plausible` (size, position,
length). Zero plausible candidates leave the feature unmatched (the refused ones are named with
the reason); more than one makes it ambiguous. Both are reported and the feature keeps its
previous geometry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from geo.authored import ReferencePoint, number
from geo.metric import distance_m
from geo.osm.lines import merge_lines
from geo.osm.normalise import NAME_KEYS, industrial_key
from geo.osm.plausible import area_problem, route_problem
from geo.osm.reader import Extract, OsmObject
from geo.osm.report import Entry
from geo.osm.targets import (
    AREA_ACCURACY_M,
    ATTRIBUTION,
    FRAME,
    LINE_ACCURACY_M,
    LINE_TARGETS,
    LineTarget,
)
from geo.schema import AREA_HA, LENGTH_KM
from geo.upgrades.osm import BASIS_PREFIX, OsmFeature

_FRAME_BOX = box(*FRAME)

How = Callable[[OsmObject], tuple[str, str]]
"""How a candidate was identified, in English and Vietnamese."""


def _id_sort_key(osm_id: str) -> tuple[str, int]:
    kind, _, number = osm_id.partition("/")
    return kind, int(number)


def compact_ids(osm_ids: Sequence[str]) -> str:
    """Return OSM ids as a short phrase: ``ways 1, 2; relation 5``.

    Parameters
    ----------
    osm_ids
        Ids such as ``way/1``.

    Returns
    -------
    str
    """
    groups: dict[str, list[str]] = {}
    for osm_id in sorted(osm_ids, key=_id_sort_key):
        kind, _, number = osm_id.partition("/")
        groups.setdefault(kind, []).append(number)
    return "; ".join(
        f"{kind}{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"
        for kind, numbers in groups.items()
    )


def _extract_phrase(extract: Extract) -> str:
    return f"extract {extract.name} of {extract.timestamp or 'unknown date'}"


def _source(extract: Extract) -> str:
    return f"geometry: {ATTRIBUTION}, {_extract_phrase(extract)}"


def _names(obj: OsmObject) -> list[str]:
    return [obj.tags[key] for key in NAME_KEYS if obj.tags.get(key)]


def _polygonal(geometry: BaseGeometry) -> tuple[BaseGeometry, str | None]:
    """Return a valid polygonal geometry, and why it was repaired (``None`` if it was not)."""
    if geometry.is_valid:
        return geometry, None
    reason = shapely.is_valid_reason(geometry)
    parts = [
        part
        for part in shapely.get_parts(shapely.make_valid(geometry))
        if isinstance(part, Polygon) and not part.is_empty
    ]
    repaired = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return repaired, reason


def _area_feature(
    row: dict[str, str],
    area: OsmObject,
    outline: tuple[BaseGeometry, str | None],
    how: tuple[str, str],
    extract: Extract,
) -> tuple[OsmFeature, Entry]:
    how_en, how_vi = how
    geometry, repaired = outline
    note_en = (
        f"Outline from OpenStreetMap ({area.osm_id}, landuse=industrial), matched by {how_en}; "
        "drawn by OSM contributors, not an official boundary."
    )
    note_vi = (
        f"Ranh giới theo OpenStreetMap ({area.osm_id}, landuse=industrial), khớp theo {how_vi}; "
        "do cộng đồng OSM vẽ, không phải ranh giới chính thức."
    )
    if repaired:
        note_en += f" The OSM outline was invalid ({repaired}) and was repaired."
        note_vi += f" Ranh giới OSM không hợp lệ ({repaired}) và đã được sửa."
    feature = OsmFeature(
        id=row["id"],
        layer="industrial_areas",
        kind=row["kind"],
        name_vi=row["name_vi"],
        name_en=row["name_en"],
        ref=None,
        osm_ids=(area.osm_id,),
        osm_timestamp=extract.timestamp,
        matched_by=how_en,
        pieces=1,
        accuracy_m=AREA_ACCURACY_M,
        location_basis=(
            f"{BASIS_PREFIX} landuse=industrial {compact_ids([area.osm_id])}, "
            f"{_extract_phrase(extract)}; matched by {how_en}"
        ),
        source=_source(extract),
        note_vi=note_vi,
        note_en=note_en,
        geometry=geometry,
    )
    detail = f"matched by {how_en}" + (f"; outline repaired ({repaired})" if repaired else "")
    return feature, Entry(row["id"], "matched", detail, (area.osm_id,))


def _refusals(refused: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{osm_id}: {problem}" for osm_id, problem in refused)


def _choose_area(
    row: dict[str, str],
    candidates: Sequence[OsmObject],
    how: tuple[How, str],
    *,
    reference: ReferencePoint,
    known_ha: float | None,
    extract: Extract,
) -> tuple[OsmFeature | None, Entry]:
    """Apply the one plausible candidate; report several as ambiguous, none as unmatched.

    ``how`` says how a candidate was identified, and what several candidates have in common.
    """
    identified, in_common = how
    plausible, refused = [], []
    for area in candidates:
        outline = _polygonal(area.geometry)
        problem = area_problem(row["kind"], outline[0], reference, known_ha)
        if problem:
            refused.append((area.osm_id, problem))
        else:
            plausible.append((area, outline))
    if len(plausible) == 1:
        area, outline = plausible[0]
        feature, entry = _area_feature(row, area, outline, identified(area), extract)
        if refused:
            entry = replace(entry, detail=f"{entry.detail}; not plausible: {_refusals(refused)}")
        return feature, entry
    if plausible:
        detail = f"{len(plausible)} landuse=industrial areas {in_common}"
        if refused:
            detail += f"; not plausible: {_refusals(refused)}"
        ids = tuple(area.osm_id for area, _ in plausible)
        return None, Entry(row["id"], "ambiguous", detail, ids)
    detail = f"no plausible landuse=industrial area; {_refusals(refused)}"
    return None, Entry(row["id"], "unmatched", detail, tuple(osm_id for osm_id, _ in refused))


def _named_otherwise(area: OsmObject, key: tuple[str, str]) -> bool:
    names = _names(area)
    return bool(names) and key not in {industrial_key(name) for name in names}


def _by_name(area: OsmObject) -> tuple[str, str]:
    name = _names(area)[0]
    return f"name '{name}'", f"tên '{name}'"


def _by_point(reference: ReferencePoint) -> How:
    def how(_area: OsmObject) -> tuple[str, str]:
        return (
            f"containing its published point {reference.id}",
            f"vùng chứa điểm công bố {reference.id}",
        )

    return how


def _match_area(
    row: dict[str, str],
    areas: list[OsmObject],
    reference: ReferencePoint,
    known_ha: float | None,
    extract: Extract,
) -> tuple[OsmFeature | None, Entry]:
    key = industrial_key(row["name_vi"])
    radius = reference.radius_m or 0.0
    named = [a for a in areas if key is not None and key in map(industrial_key, _names(a))]
    near = [a for a in named if distance_m(a.geometry, reference.point) <= radius]
    far = [a.osm_id for a in named if a not in near]
    how: tuple[How, str] = (_by_name, "carry its name")
    if near:
        return _choose_area(row, near, how, reference=reference, known_ha=known_ha, extract=extract)
    if far:
        detail = (
            f"areas named like it lie farther than {radius:.0f} m (its uncertainty) "
            f"from its position {reference.id}"
        )
        return None, Entry(row["id"], "ambiguous", detail, tuple(far))
    if reference.kind != "published_point" or key is None:
        detail = (
            "no landuse=industrial area is named like it; its position is a commune point, "
            "too vague to match by containment"
        )
        return None, Entry(row["id"], "unmatched", detail)
    inside = [a for a in areas if a.geometry.covers(reference.point)]
    eligible = [a for a in inside if not _named_otherwise(a, key)]
    if eligible:
        how = (_by_point(reference), "contain its published point")
        return _choose_area(
            row, eligible, how, reference=reference, known_ha=known_ha, extract=extract
        )
    detail = "no landuse=industrial area is named like it or contains its point"
    skipped = tuple(a.osm_id for a in inside)
    if skipped:
        detail += " (areas with other names that contain it were not used)"
    return None, Entry(row["id"], "unmatched", detail, skipped)


def match_industrial_areas(
    extract: Extract,
    rows: list[dict[str, str]],
    points: dict[str, ReferencePoint],
    path: Path,
) -> tuple[list[OsmFeature], list[Entry]]:
    """Match the industrial areas to ``landuse=industrial`` areas of the extract.

    Parameters
    ----------
    extract
        What was read from the extract.
    rows
        Rows of ``industrial_areas.csv``.
    points
        Reference points by id.
    path
        Authored file, for messages.

    Returns
    -------
    tuple
        Features to apply, and one report entry per row.
    """
    areas = [area for area in extract.areas if area.geometry.intersects(_FRAME_BOX)]
    features, entries = [], []
    for row in rows:
        known_ha = number(row, "area_ha", path, within=AREA_HA) if "area_ha" in row else None
        reference = points[row["reference_point"]]
        feature, entry = _match_area(row, areas, reference, known_ha, extract)
        if feature is not None:
            features.append(feature)
        entries.append(entry)
    return features, entries


def _line_notes(target: LineTarget, ways: list[OsmObject], pieces: int) -> tuple[str, str]:
    count = len(ways)
    if pieces == 1:
        en = f"Route from OpenStreetMap: {count} way(s) joined into one line."
        vi = f"Tuyến theo OpenStreetMap: {count} đoạn (way) nối thành một đường."
    else:
        en = (
            f"Route from OpenStreetMap: {count} ways that do not join into one line "
            f"({pieces} pieces: gaps, branches or separate carriageways in OSM)."
        )
        vi = (
            f"Tuyến theo OpenStreetMap: {count} đoạn (way) không nối thành một đường "
            f"({pieces} phần: OSM còn thiếu đoạn, có nhánh hoặc tách làn)."
        )
    building = sum(1 for way in ways if way.tags.get("highway") == "construction")
    if building:
        en += f" {building} of them are tagged as under construction."
        vi += f" Trong đó {building} đoạn được gắn thẻ đang thi công."
    if target.clip:
        en += " Clipped to the map frame."
        vi += " Cắt theo khung bản đồ."
    return vi, en


def _previous_route(
    row: dict[str, str], points: dict[str, ReferencePoint]
) -> tuple[BaseGeometry | None, float | None]:
    """Return the schematic line a road had before (through its via points), its accuracy."""
    via = [name.strip() for name in row.get("via_points", "").split(";") if name.strip()]
    if len(via) < 2 or any(name not in points for name in via):
        return None, None
    line = LineString([points[name].point for name in via])
    return line, max(points[name].radius_m or 0.0 for name in via)


def _line_feature(
    target: LineTarget,
    ways: list[OsmObject],
    merged: tuple[BaseGeometry, int],
    extract: Extract,
    row: dict[str, str],
) -> tuple[OsmFeature, Entry]:
    geometry, pieces = merged
    ids = tuple(way.osm_id for way in ways)
    how = "; ".join(sorted({match for way in ways if (match := target.matches(way.tags))}))
    vi, en = _line_notes(target, ways, pieces)
    feature = OsmFeature(
        id=target.id,
        layer="roads",
        kind=target.kind,
        name_vi=row.get("name_vi", target.name_vi),
        name_en=row.get("name_en", target.name_en),
        ref=row.get("ref", target.ref),
        osm_ids=ids,
        osm_timestamp=extract.timestamp,
        matched_by=how,
        pieces=pieces,
        accuracy_m=LINE_ACCURACY_M,
        location_basis=(
            f"{BASIS_PREFIX} {target.key} {compact_ids(ids)}, "
            f"{_extract_phrase(extract)}; matched by {how}"
        ),
        source=_source(extract),
        note_vi=vi,
        note_en=en,
        geometry=geometry,
    )
    detail = f"{len(ways)} way(s) matched by {how}; " + (
        "joined into one line" if pieces == 1 else f"{pieces} separate pieces kept"
    )
    return feature, Entry(target.id, "matched", detail, ids)


def _match_line(
    target: LineTarget,
    extract: Extract,
    row: dict[str, str],
    points: dict[str, ReferencePoint],
    path: Path,
) -> tuple[OsmFeature | None, Entry]:
    ways = sorted(
        (
            way
            for way in extract.ways
            if target.matches(way.tags) and way.geometry.intersects(_FRAME_BOX)
        ),
        key=lambda way: _id_sort_key(way.osm_id),
    )
    ids = tuple(way.osm_id for way in ways)
    if not ways:
        detail = f"no {target.key} way with its reference or name in the map frame"
        return None, Entry(target.id, "unmatched", detail)
    try:
        merged = merge_lines([way.geometry for way in ways], target.start, clip=target.clip)
    except ValueError:
        detail = f"{len(ways)} way(s) carry its name but no line of them lies inside the map frame"
        return None, Entry(target.id, "unmatched", detail, ids)
    if target.one_piece and merged[1] > 1:
        detail = (
            f"{len(ways)} ways carry its name but form {merged[1]} separate lines, "
            "which may be different roads"
        )
        return None, Entry(target.id, "ambiguous", detail, ids)
    published = (
        number(row, "length_km_official", path, within=LENGTH_KM)
        if "length_km_official" in row
        else None
    )
    problem = route_problem(merged[0], published, *_previous_route(row, points))
    if problem:
        detail = f"{len(ways)} way(s) carry its name but are not plausible: {problem}"
        return None, Entry(target.id, "unmatched", detail, ids)
    return _line_feature(target, ways, merged, extract, row)


def match_lines(
    extract: Extract,
    existing: dict[str, dict[str, str]],
    points: dict[str, ReferencePoint],
    path: Path,
) -> tuple[list[OsmFeature], list[Entry]]:
    """Match ĐT495B, T1, T4, the context roads and the Đáy river to ways of the extract.

    A road of ``roads.csv`` is matched only when the route is plausible
    (:func:`geo.osm.plausible.route_problem`): its length against ``length_km_official``
    and its distance from the schematic line through its ``via_points``.

    Parameters
    ----------
    extract
        What was read from the extract.
    existing
        Rows of ``roads.csv`` by id (ĐT495B, T1, T4 are looked for only if present).
    points
        Reference points by id (for the schematic lines).
    path
        Authored file, for messages.

    Returns
    -------
    tuple
        Features to apply or add, and one report entry per target.
    """
    features, entries = [], []
    for target in LINE_TARGETS:
        if target.kind == "mapped_road" and target.id not in existing:
            continue
        feature, entry = _match_line(target, extract, existing.get(target.id, {}), points, path)
        if feature is not None:
            features.append(feature)
        entries.append(entry)
    return features, entries
