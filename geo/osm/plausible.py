"""Plausibility bounds: is an OpenStreetMap geometry believable for what it would replace.

A name or a contained point identifies an OSM object; these bounds check that its geometry
fits what is known of the feature, so that a mistagged or runaway object (an "industrial
area" of 58,000 km² around the park's point) is reported as unmatched, with the reason and
its OSM id, instead of being drawn at ±30 m. A candidate fails when:

- **size** (industrial areas): its area in UTM 48N is outside :data:`AREA_HA_BOUNDS` for its
  kind, or, when ``industrial_areas.csv`` gives ``area_ha``, differs from it by more than a
  factor :data:`KNOWN_AREA_FACTOR`;
- **position** (industrial areas): its centroid is farther from the feature's known position
  than that position's ``accuracy_m`` plus the outline's own radius (√(area/π));
- **length** (roads with a published length): its length is outside
  :data:`LENGTH_RATIO_BOUNDS` times the published one;
- **position** (roads drawn before as a schematic line): a vertex lies farther from that line
  than its ``accuracy_m``;
- **geometry**: it is empty after repair, invalid, or reaches outside the area of interest
  (:data:`geo.authored.AREA_OF_INTEREST`).
"""

from __future__ import annotations

import math
from typing import Final

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.authored import AREA_OF_INTEREST, ReferencePoint
from geo.metric import METRIC_CRS, WGS84, to_metric

AREA_HA_BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "kcn": (10.0, 1000.0),
    "ccn": (5.0, 150.0),
}
"""Plausible area of an outline, hectares, by kind; judgements informed by what is known here
(``../shared/research/facts.md``). ``ccn``: Decree 32/2024/NĐ-CP (art. 2.1) sets clusters at
10–75 ha, 5–75 ha for craft-village clusters (the district's are "CCN - TTCN"); the clusters
proposed in the district for 2021–2030 are 69–75 ha and Hà Nam's 15 clusters averaged 21 ha
in 2020. The maximum is twice the legal ceiling, for outlines that take in roads and
neighbouring lots. ``kcn``: the park's known tenants hold lots of 20.4 and 26 ha and the parks
planned in the district in 2017 are 200 ha each; the largest figure seen for any park here is
293.3 ha. 10 ha (below any ordinary cluster) to 1,000 ha (five planned parks, 6 % of the
district's 16,469 ha) refuse a single building or a district-sized polygon while accepting any
outline a mapper could honestly draw."""
KNOWN_AREA_FACTOR: Final = 2.0
"""When ``area_ha`` is known, an outline may be this many times smaller or larger."""
LENGTH_RATIO_BOUNDS: Final = (0.3, 2.2)
"""OSM length of a road over its published length. At least 0.3: ĐT495B was unfinished in 2023
and OSM may hold only its Thanh Liêm section (≈10 of its 28.9 km, 35 %), but a shorter match is
a fragment or another road. At most 2.2: both carriageways of a dual road count (twice the
length), plus 10 %."""


def _hectares(value: float) -> str:
    return f"{value:,.1f} ha" if value < 100 else f"{value:,.0f} ha"


def geometry_problem(geometry: BaseGeometry) -> str | None:
    """Say why a lon/lat geometry cannot be applied, or return ``None``.

    Parameters
    ----------
    geometry
        The candidate geometry (after repair).

    Returns
    -------
    str or None
    """
    if geometry.is_empty:
        return "nothing is left of the geometry after repair"
    if not geometry.is_valid:
        return f"invalid geometry ({shapely.is_valid_reason(geometry)})"
    west, south, east, north = AREA_OF_INTEREST
    minx, miny, maxx, maxy = geometry.bounds
    if minx < west or maxx > east or miny < south or maxy > north:
        return (
            f"it reaches outside the area of interest (lon {west}–{east}, lat {south}–{north}): "
            f"lon {minx:.3f}–{maxx:.3f}, lat {miny:.3f}–{maxy:.3f}"
        )
    return None


def area_problem(
    kind: str, outline: BaseGeometry, reference: ReferencePoint, known_ha: float | None = None
) -> str | None:
    """Say why an outline is implausible for an industrial area, or return ``None``.

    Parameters
    ----------
    kind
        ``kcn`` or ``ccn`` (a key of :data:`AREA_HA_BOUNDS`).
    outline
        Polygon or MultiPolygon, lon/lat, valid.
    reference
        The feature's known position, with its ``radius_m`` (accuracy).
    known_ha
        The feature's ``area_ha`` when an authored source gives it.

    Returns
    -------
    str or None
    """
    if outline.is_empty or not outline.is_valid:
        return geometry_problem(outline)
    metric = to_metric(outline)
    hectares = metric.area / 1e4
    low, high = AREA_HA_BOUNDS[kind]
    if known_ha is not None:
        low, high = known_ha / KNOWN_AREA_FACTOR, known_ha * KNOWN_AREA_FACTOR
        bounds = f"{_hectares(low)}–{_hectares(high)}, within ×{KNOWN_AREA_FACTOR:g} of its "
        bounds += f"known {_hectares(known_ha)}"
    else:
        bounds = f"{_hectares(low)}–{_hectares(high)} for a {kind}"
    if not low <= hectares <= high:
        return f"an outline of {_hectares(hectares)} is outside the plausible {bounds}"
    accuracy = reference.radius_m or 0.0
    own_radius = math.sqrt(metric.area / math.pi)
    gap = metric.centroid.distance(to_metric(reference.point))
    if gap > accuracy + own_radius:
        return (
            f"the outline's centre lies {gap:,.0f} m from its position {reference.id}, more than "
            f"its accuracy ({accuracy:,.0f} m) plus the outline's own radius ({own_radius:,.0f} m)"
        )
    return geometry_problem(outline)


def route_problem(
    route: BaseGeometry,
    published_km: float | None,
    schematic: BaseGeometry | None = None,
    accuracy_m: float | None = None,
) -> str | None:
    """Say why an OSM route is implausible for a road, or return ``None``.

    Parameters
    ----------
    route
        LineString or MultiLineString, lon/lat.
    published_km
        The road's published length, when a source gives one.
    schematic
        The line the route would replace (lon/lat), when there is one.
    accuracy_m
        That line's accuracy.

    Returns
    -------
    str or None
    """
    problem = geometry_problem(route)
    if problem:
        return problem
    metric = to_metric(route)
    if published_km is not None:
        low, high = LENGTH_RATIO_BOUNDS
        length_km = metric.length / 1e3
        if not low * published_km <= length_km <= high * published_km:
            return (
                f"a route of {length_km:,.1f} km is outside {low:g}–{high:g} × its published "
                f"{published_km:g} km"
            )
    if schematic is not None and accuracy_m is not None:
        vertices = gpd.GeoSeries(shapely.points(shapely.get_coordinates(route)), crs=WGS84)
        gaps = vertices.to_crs(METRIC_CRS).distance(to_metric(schematic))
        if float(gaps.max()) > accuracy_m:
            return (
                f"the route strays {float(gaps.max()):,.0f} m from the schematic line it would "
                f"replace, more than its accuracy ({accuracy_m:,.0f} m)"
            )
    return None
