"""Plausibility bounds of a contributed geometry, measured in WGS 84 / UTM 48N (EPSG:32648).

A contribution replaces a position known to within ``accuracy_m`` by one its contributor
says is known to within its own ``accuracy_m``. It is plausible when:

- it is an upgrade: its accuracy is finite, at most :data:`MAX_ACCURACY_M`, and not worse
  than the accuracy of the position it replaces;
- it agrees with what was known: every point of the new geometry lies within the old
  accuracy plus the new accuracy of the old geometry (a footprint for CCN Thanh Hải, known to
  ±3.25 km around its commune point, must lie within 3.25 km + its own accuracy of that
  point); a feature that had no geometry (T1, T4, a new feature) must lie within
  :data:`NEAR_DISTRICT_M` of the 2013–2025 district;
- its size is that of its kind: a footprint between :data:`FOOTPRINT_HA` hectares, a road
  between :data:`ROAD_LENGTH_KM` kilometres.

These bounds are this module's own; the OpenStreetMap import judges matches by its own rules.
"""

from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry

from geo.metric import to_metric
from geo.upgrades.contributions import LAYER_TYPES

MAX_ACCURACY_M = 5000.0
"""Largest accuracy a contribution may claim (a commune-level point is ±2–3.5 km)."""

NEAR_DISTRICT_M = 5000.0
"""How far outside the 2013–2025 district a feature without earlier position may lie."""

FOOTPRINT_HA = (1.0, 1000.0)
"""Smallest and largest footprint of an industrial area, hectares (Vietnam's industrial
clusters are at most 75 ha, its industrial parks mostly 100–1000 ha)."""

ROAD_LENGTH_KM = (0.1, 100.0)
"""Shortest and longest road line, kilometres."""

SAMPLE_STEP_M = 50.0
"""Spacing of the points checked along a contributed line or outline."""


def farthest_m(geometry: BaseGeometry, reference: BaseGeometry) -> float:
    """Return how far the farthest point of ``geometry`` lies from ``reference``, metres.

    Parameters
    ----------
    geometry, reference
        Geometries in EPSG:4326; ``geometry`` is sampled every :data:`SAMPLE_STEP_M`.

    Returns
    -------
    float
        The directed Hausdorff distance from ``geometry`` to ``reference``, in UTM 48N.
    """
    points = shapely.points(
        shapely.get_coordinates(shapely.segmentize(to_metric(geometry), SAMPLE_STEP_M))
    )
    return float(shapely.distance(points, to_metric(reference)).max())


def _size_problem(layer: str, geometry: BaseGeometry) -> str | None:
    metric = to_metric(geometry)
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        hectares = metric.area / 1e4
        low, high = FOOTPRINT_HA
        if not low <= hectares <= high:
            return f"a footprint of {hectares:.2f} ha, outside {low:g}–{high:g} ha"
    elif layer == "roads":
        km = metric.length / 1e3
        low, high = ROAD_LENGTH_KM
        if not low <= km <= high:
            return f"a line of {km:.2f} km, outside {low:g}–{high:g} km"
    return None


def plausibility_problems(
    layer: str,
    geometry: BaseGeometry,
    accuracy_m: float,
    before: tuple[BaseGeometry | None, float | None],
    district: BaseGeometry,
) -> list[str]:
    """Check a contributed geometry against the bounds of this module.

    Parameters
    ----------
    layer
        Layer of the feature.
    geometry
        The contributed geometry, EPSG:4326 (valid, non-empty).
    accuracy_m
        Its accuracy, metres (> 0).
    before
        The feature's geometry (EPSG:4326) and accuracy before, each ``None`` when unknown.
    district
        The 2013–2025 district polygon, EPSG:4326.

    Returns
    -------
    list of str
        Why the contribution is implausible; empty when it is plausible.
    """
    problems = []
    if geometry.geom_type not in LAYER_TYPES[layer]:
        allowed = " or ".join(LAYER_TYPES[layer])
        return [f"has a {geometry.geom_type}; {layer} takes {allowed}"]
    if accuracy_m > MAX_ACCURACY_M:
        problems.append(f"accuracy ± {accuracy_m:g} m is more than {MAX_ACCURACY_M:g} m")
    old_geometry, old_accuracy = before
    if old_accuracy is not None and accuracy_m > old_accuracy:
        problems.append(
            f"accuracy ± {accuracy_m:g} m is worse than the ± {old_accuracy:g} m it would replace"
        )
    size = _size_problem(layer, geometry)
    if size:
        problems.append(f"is {size}")
    if old_geometry is not None and old_accuracy is not None:
        limit = old_accuracy + accuracy_m
        reach = farthest_m(geometry, old_geometry)
        if reach > limit:
            problems.append(
                f"reaches {reach:.0f} m from its previous position, more than its previous "
                f"accuracy plus its own ({old_accuracy:g} + {accuracy_m:g} m)"
            )
    else:
        reach = farthest_m(geometry, district)
        if reach > NEAR_DISTRICT_M:
            problems.append(
                f"reaches {reach:.0f} m outside the 2013–2025 district (at most "
                f"{NEAR_DISTRICT_M:g} m for a feature without earlier position)"
            )
    return problems
