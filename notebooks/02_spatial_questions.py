# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 — Spatial questions
#
# Six questions about the industrial areas, ĐT495B and the district, answered on the
# layers. Every distance and area is computed in WGS 84 / UTM zone 48N (EPSG:32648), never
# in degrees, and every answer carries the position uncertainty (`accuracy_m`) of the
# features involved: a distance is a range, "inside" is inside / outside / uncertain.
#
# Remember what the features are: the first cell prints how each of the article's places
# is known, from its `location_basis` and `accuracy_m` (`geo/bases.py` explains each basis).

# %%
import json

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd

import geo
from geo.bases import split_basis
from geo.reading import guide_text, reading_guide
from geo.style import STYLES

pd.set_option("display.width", 160)

layers = geo.load_layers(crs=geo.METRIC_CRS)
district = layers["district"]
areas = layers["industrial_areas"]
road = geo.pick(layers, "dt495b")
road_basis, _ = split_basis(str(road["location_basis"].iloc[0]))
print("layers CRS:", district.crs)
places = {
    name: [
        (row, row.geometry is not None and not row.geometry.is_empty) for _, row in frame.iterrows()
    ]
    for name, frame in layers.items()
}
print(guide_text(reading_guide(places), "en"))

# %% [markdown]
# ## 1. Which industrial areas lie inside the 2013–2025 district?
#
# `nominal` answers for the features as drawn; `signed_distance_m` is the distance to the
# district boundary (positive inside, negative outside). The `verdict` is inside or outside
# only when that distance exceeds `margin_m`, the feature's `accuracy_m` plus the
# boundary's; otherwise it is uncertain.

# %%
inside = geo.containment(areas, district)
columns = ["name_vi", "nominal", "signed_distance_m", "accuracy_m", "margin_m", "verdict"]
print(inside[columns].round(0).to_string())

kcn = inside.loc["kcn_thanh_liem"]
kcn_outside_km = -kcn["signed_distance_m"] / 1000
kcn_shape = areas.set_index("id").geom_type["kcn_thanh_liem"]
position = {
    "outside": f"lies {kcn_outside_km:.2f} km outside",
    "inside": f"lies {-kcn_outside_km:.2f} km inside",
    "straddles": f"straddles ({kcn['share_inside']:.0%} inside)",
}[kcn["nominal"]]
print(
    f"\nKCN Thanh Liêm, as drawn ({kcn_shape}), {position} the district boundary. "
    f"Its uncertainty plus the boundary's is {kcn['margin_m'] / 1000:.2f} km: "
    f"verdict '{kcn['verdict']}'."
)

# %% [markdown]
# What the layer's attributes say about where each area was before 2025 (GSO code of the
# district-level unit, and the commune). The park's point is in Thanh Tuyền, the strip of
# land that Resolution 89/NQ-CP moved from the district to Phủ Lý (GSO 347) in 2013; the
# park keeps the district's name. The clusters are known only by their commune, which lies
# in the district (GSO 351): Thanh Hải's circle covers its whole commune, which touches the
# district's southern edge, hence "uncertain" from geometry alone.

# %%
print(areas.set_index("id")[["district_2024_gso", "commune_2024_vi"]].to_string())
inside_nominal = sorted(inside.index[inside["nominal"] == "inside"])
inside_certain = sorted(inside.index[inside["verdict"] == "inside"])
print("\ninside as drawn:            ", ", ".join(inside_nominal))
print("inside whatever the errors: ", ", ".join(inside_certain))

# %% [markdown]
# ## 2. How far is each industrial area from ĐT495B?
#
# Nearest distance to ĐT495B as drawn, with the range the two uncertainties allow:
# `min = max(0, d − accuracy_area − accuracy_road)` and `max = d + accuracy_area +
# accuracy_road`. A minimum of 0 means the road may pass through the area.

# %%
ranges = geo.distance_range(areas, road)
for _, row in ranges.iterrows():
    print(
        f"{row['name_vi']:<28} {row['min_m'] / 1000:5.2f} – {row['distance_m'] / 1000:5.2f} – "
        f"{row['max_m'] / 1000:5.2f} km  (±{row['accuracy_m']:.0f} m area, "
        f"±{row['target_accuracy_m']:.0f} m road)"
    )

# %% [markdown]
# ## 3. What lies within 5 km of ĐT495B?
#
# `within`: even the largest possible distance is at most 5 km; `beyond`: even the smallest
# is more; `possibly`: it depends on where the road and the feature really are. For a
# polygon (district, province) the distance is to its nearest edge. T1 and T4 have no
# geometry, so nothing can be said about them.

# %%
near = geo.within_distance(road, layers, 5000)
ORDER = ["within", "possibly", "beyond", f"unknown: {geo.NOT_PUBLISHED}"]
print(near.round(0).to_string())
within_5km = {verdict: sorted(group.index) for verdict, group in near.groupby("verdict", sort=True)}
for verdict, ids in sorted(within_5km.items(), key=lambda item: ORDER.index(item[0])):
    names = near.loc[ids, "name_vi"]
    print(f"\n{verdict} ({len(ids)}): {', '.join(names)}")

# %% [markdown]
# ## 4. Through which side does ĐT495B leave the district?
#
# The crossings of ĐT495B as drawn with the district boundary, in the line's order. The
# side is the edge of the district's extent nearest to the crossing; the last column
# repeats the test for every boundary vertex within the two uncertainties of the crossing,
# so a single side there holds whatever the real route.

# %%
crossings = geo.boundary_crossings(road, district)
print(crossings.round({"along_m": 0, "lon": 5, "lat": 5, "bearing_deg": 0}).to_string())
exit_side = geo.exit_side(road, district)
print(f"\nĐT495B leaves the district through its {exit_side}ern boundary.")

# %% [markdown]
# Where the line runs along a wiggly stretch of boundary it crosses it several times within
# a few hundred metres; while the line is a sketch, the real road crosses once somewhere
# within the uncertainty, on the same side.
#
# ## 5. The district's area against the official figure
#
# Area of the boundary polygon in UTM 48N against the district portal's figure. The
# worst-case range shrinks or grows the whole outline by its `accuracy_m`, the largest
# deviation found against independent datasets; typical deviations are far smaller, so the
# range is a loose bound, not an error bar.

# %%
area = geo.area_check(district)
print(f"computed in UTM 48N: {area.computed_km2:.2f} km² (layer attribute {area.attribute_km2})")
print(f"official:            {area.official_km2} km² — {area.official_source}")
print(f"difference:          {area.difference_km2:+.2f} km² ({area.difference_pct:+.2f} %)")
print(
    f"worst case (outline ±{area.accuracy_m:.0f} m over {area.perimeter_km:.1f} km): "
    f"{area.min_km2:.1f} – {area.max_km2:.1f} km²; official inside: {area.official_within_range}"
)

# %% [markdown]
# ## 6. Which 2025 unit is each industrial area in now?
#
# The answer is the authored `commune_2025_vi`, checked twice: by lineage (the area's 2024
# commune is one of the unit's predecessors) and against the nearest 2025 seat. The 2025
# units have no published boundary, only a seat point, so there is no point-in-polygon test
# to make: the nearest seat is a hint, and a nearer seat of another unit within the
# uncertainties makes the check inconclusive, not wrong.

# %%
now = geo.successor_unit(areas, layers["admin_2025"])
print(now.drop(columns=["name_vi", "unit_2025_id"]).round(0).to_string())

# %% [markdown]
# ## Map and distance chart
#
# Left: the district, its neighbours, ĐT495B as drawn with its nominal 5 km corridor,
# where it crosses the boundary, and the industrial areas with their uncertainty circles.
# Right: the distance ranges of question 2 against the 5 km of question 3.

# %%
fig, (ax, chart) = plt.subplots(1, 2, figsize=(13, 5.5), width_ratios=[1.4, 1])
context = layers["context"]
context.plot(ax=ax, facecolor="#f7f7f7", edgecolor="#969696", linewidth=0.6)
for _, unit in context[context["id"].isin(["gso_347", "gso_352", "gso_350"])].iterrows():
    centre = unit.geometry.representative_point()
    ax.text(centre.x, centre.y, unit["name_vi"], fontsize=8, color="#525252", ha="center")
corridor = road.buffer(5000)
corridor.plot(ax=ax, facecolor="#fee08b", alpha=0.4, edgecolor="#d9a400", linewidth=0.6)
district.plot(ax=ax, facecolor="none", edgecolor=STYLES["district"].stroke, linewidth=2)
road_style = STYLES[str(road["kind"].iloc[0])]
road.plot(ax=ax, color=road_style.stroke, linestyle="--" if road_style.dash else "-", linewidth=1.5)
crossing_points = gpd.GeoSeries(
    gpd.points_from_xy(crossings["lon"], crossings["lat"]), crs="EPSG:4326"
).to_crs(district.crs)
crossing_points.plot(ax=ax, color="#d7301f", marker="x", markersize=50, zorder=5)
geo.uncertainty_areas(areas).plot(
    ax=ax, facecolor="none", edgecolor=STYLES["uncertainty"].stroke, linestyle="--"
)
footprints = areas[areas.geom_type != "Point"]  # OSM outlines, when imported
if len(footprints):
    footprints.plot(ax=ax, facecolor=STYLES["kcn"].fill, edgecolor=STYLES["kcn"].stroke, alpha=0.5)
anchors = areas.set_geometry(areas.representative_point())
for kind, marker in (("kcn", "s"), ("ccn", "^")):
    anchors[anchors["kind"] == kind].plot(
        ax=ax,
        color=STYLES[kind].fill,
        edgecolor=STYLES[kind].stroke,
        marker=marker,
        markersize=60,
        zorder=4,
    )
for _, anchor in anchors.iterrows():
    short = anchor["name_vi"].replace("Khu công nghiệp", "KCN").replace("Cụm công nghiệp", "CCN")
    ax.annotate(
        short, (anchor.geometry.x, anchor.geometry.y), xytext=(6, 6), textcoords="offset points"
    )
xmin, ymin, xmax, ymax = district.total_bounds
ax.set_xlim(xmin - 6000, xmax + 22000)
ax.set_ylim(ymin - 6000, ymax + 6000)
ax.set_title(f"ĐT495B ({road_basis.label_en}) with its 5 km corridor")
ax.set_axis_off()

order = list(ranges.index)
for position, feature_id in enumerate(order):
    row = ranges.loc[feature_id]
    colour = STYLES[areas.set_index("id").loc[feature_id, "kind"]].stroke
    chart.plot([row["min_m"] / 1000, row["max_m"] / 1000], [position] * 2, color=colour, lw=6)
    chart.plot(row["distance_m"] / 1000, position, "k|", markersize=18)
chart.axvline(5, color="#d9a400", linestyle=":", label="5 km")
chart.set_yticks(range(len(order)), [ranges.loc[i, "name_vi"] for i in order], fontsize=8)
chart.set_xlabel("distance to ĐT495B, km (bar: possible range, tick: as drawn)")
chart.set_xlim(0, None)
chart.set_ylim(-0.6, len(order) - 0.4)
chart.legend(loc="upper right")
chart.set_title("Distance to ĐT495B given the uncertainties")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Answers
#
# The key numbers of this notebook as one JSON line (the test suite reads it).

# %%
answers = {
    "kcn_outside_km": round(kcn_outside_km, 3),
    "kcn_verdict": kcn["verdict"],
    "inside_nominal": inside_nominal,
    "inside_certain": inside_certain,
    "distance_to_dt495b_km": {
        feature_id: [round(row[column] / 1000, 3) for column in ("min_m", "distance_m", "max_m")]
        for feature_id, row in ranges.iterrows()
    },
    "within_5km_of_dt495b": within_5km,
    "dt495b_exit_side": exit_side,
    "dt495b_crossing_sides": sorted(
        {side for sides in crossings["sides_within_uncertainty"] for side in sides.split(", ")}
    ),
    "area_km2_computed": round(area.computed_km2, 3),
    "area_km2_official": area.official_km2,
    "area_diff_pct": round(area.difference_pct, 3),
    "unit_2025": now["unit_2025_vi"].to_dict(),
    "seat_check": now["seat_check"].to_dict(),
}
print("ANSWERS", json.dumps(answers, ensure_ascii=False))
