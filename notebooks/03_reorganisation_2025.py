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
# # 03 — The 2025 reorganisation
#
# On 1 July 2025 Vietnam abolished the district level, and Hà Nam merged with Nam Định and
# Ninh Bình into a new Ninh Bình province. Thanh Liêm district's communes were regrouped
# into new, larger units. This notebook lists the district's communes before and after,
# and follows where its territory went.
#
# What the layers can and cannot tell: the 2025 units come with their predecessors, their
# published area and population, and a **seat point** (the published coordinate of the
# unit's headquarters). No boundary of a 2025 unit is published, so the new units cannot be
# drawn as areas, and a seat is not the unit's centre.

# %%
import json

import matplotlib.pyplot as plt
import pandas as pd

import geo
from geo.style import STYLES

pd.set_option("display.width", 160)

layers = geo.load_layers(crs=geo.METRIC_CRS)
district = layers["district"]
units = layers["admin_2025"]
print(district["change_2025_en"].iloc[0])

# %% [markdown]
# ## Before and after: the district's communes
#
# The 16 commune-level units of 2020–2025 (GSO codes from the district layer) and the 2025
# unit each became part of (from the units' `from_thanh_liem` lists).

# %%
communes = geo.commune_successors(district, units)
print(communes.to_string())
unmatched = list(communes.index[communes["unit_2025_id"].isna()])
print(f"\n{len(communes)} communes before, {communes['unit_2025_id'].nunique()} units after")
print("communes no 2025 unit names:", unmatched or "none")
print("province from 1/07/2025:", ", ".join(sorted(units["province_2025"].unique())))

# %% [markdown]
# ## The new units
#
# For each 2025 unit: how many of its predecessors were Thanh Liêm communes, which were not,
# the published area (with the layer's flag where it cannot be right) and where its seat
# lies against the old district boundary (verdict with both uncertainties, see notebook 02).

# %%
summary = geo.reorganisation(district, units)
print(summary.round({"seat_signed_distance_m": 0}).to_string())
whole = list(summary.loc[summary["whole_from_thanh_liem"], "name_vi"])
shared = summary.loc[~summary["whole_from_thanh_liem"]].set_index("name_vi")["from_elsewhere"]
print("\nmade only of Thanh Liêm communes:", ", ".join(whole))
for name, others in shared.items():
    # a predecessor may carry the new unit's name (the old Phủ Lý ward of Châu Sơn): say so
    outside = [f"the former {o}" if o == name else o for o in str(others).split("; ")]
    print(f"{name} also takes in, from outside the district: {', '.join(outside)}")

# %% [markdown]
# Five new communes are made only of Thanh Liêm communes; the sixth unit, Phường Châu Sơn,
# joins the district town Kiện Khê with two wards of Phủ Lý city. Its seat lies within a
# few dozen metres of the old district boundary, closer than the uncertainties, so whether
# it stands on former Thanh Liêm land cannot be told from these data.
#
# ## Where the territory went, in km²
#
# All of the district went to Ninh Bình province. Splitting its area between the new units
# needs their areas, and two of the published areas are flagged as inconsistent: together
# they exceed the whole district. What the unflagged figures do allow is a budget: the
# district's computed area minus the published areas of the unflagged units made only of
# Thanh Liêm communes leaves what Tân Thanh, Thanh Bình and Kiện Khê's part of Châu Sơn
# must share.

# %%
area = geo.area_check(district)
whole_units = summary[summary["whole_from_thanh_liem"]]
unflagged = whole_units[~whole_units["area_flag"]]
flagged = whole_units[whole_units["area_flag"]]
unflagged_km2 = float(unflagged["area_km2_published"].sum())
left_km2 = area.computed_km2 - unflagged_km2
flagged_km2 = float(flagged["area_km2_published"].sum())
print(f"district, computed in UTM 48N:               {area.computed_km2:7.2f} km²")
print(f"unflagged units ({', '.join(unflagged['name_vi'])}): {unflagged_km2:7.2f} km²")
print(f"left for {', '.join(flagged['name_vi'])} and Kiện Khê: {left_km2:7.2f} km²")
print(f"published for {', '.join(flagged['name_vi'])}:  {flagged_km2:7.2f} km² (flagged)")
for _, unit in units[units["area_flag"]].iterrows():
    print(f"  {unit['name_vi']}: {unit['note_en']}")

# %% [markdown]
# ## The article's industrial areas after 2025
#
# Each industrial area's 2025 unit (see notebook 02 for the checks): the park and the two
# clusters now belong to three different units.

# %%
now = geo.successor_unit(layers["industrial_areas"], units)
print(now[["name_vi", "commune_2024_vi", "unit_2025_vi", "seat_check"]].to_string())

# %% [markdown]
# ## Map and chart
#
# Left: the old district and Phủ Lý with the six seats, each labelled with its unit and how
# many Thanh Liêm communes it took (the units' own shapes are not published). Right: the
# published areas of the five communes made only of Thanh Liêm communes, stacked, against
# the district's computed area; the hatched parts are the flagged figures.

# %%
fig, (ax, chart) = plt.subplots(1, 2, figsize=(13, 6), width_ratios=[1.1, 1])
phu_ly = layers["context"][layers["context"]["id"] == "gso_347"]
phu_ly.plot(ax=ax, facecolor="#f0f0f0", edgecolor="#737373", linewidth=0.8)
centre = phu_ly.geometry.iloc[0].representative_point()
ax.text(centre.x, centre.y, "Thành phố Phủ Lý", fontsize=8, color="#525252", ha="center")
district.plot(ax=ax, facecolor=STYLES["district"].fill, alpha=0.08)
district.boundary.plot(ax=ax, color=STYLES["district"].stroke, linewidth=2)
for kind in ("unit_2025_commune", "unit_2025_ward"):
    seats = units[units["kind"] == kind]
    seats.plot(
        ax=ax,
        color=STYLES[kind].fill,
        edgecolor=STYLES[kind].stroke,
        markersize=50,
        zorder=3,
        label=STYLES[kind].label_en,
    )
for _, unit in units.iterrows():
    count = int(summary.loc[unit["id"], "from_thanh_liem"])
    ax.annotate(
        f"{unit['name_vi']} ({count})",
        (unit.geometry.x, unit.geometry.y),
        xytext=(-6, 4) if unit["unit_type"] == "phường" else (6, -4),
        ha="right" if unit["unit_type"] == "phường" else "left",
        textcoords="offset points",
        fontsize=7,
    )
xmin, ymin, xmax, ymax = district.total_bounds
ax.set_xlim(xmin - 3000, xmax + 3000)
ax.set_ylim(ymin - 3000, ymax + 6000)
ax.legend(loc="lower left", fontsize=7)
ax.set_title("2025 seats over the 2013–2025 district\n(in brackets: how many of its communes)")
ax.set_axis_off()

left = 0.0
for _, unit in whole_units.iterrows():
    value = unit["area_km2_published"]
    chart.barh(
        1,
        value,
        left=left,
        color="#f4a582" if unit["area_flag"] else "#5ab4ac",
        hatch="//" if unit["area_flag"] else "",
        edgecolor="white",
    )
    chart.text(left + value / 2, 1.45, unit["name_vi"].removeprefix("Xã "), ha="center", fontsize=7)
    left += value
chart.barh(0, area.computed_km2, color=STYLES["district"].stroke, alpha=0.6)
chart.set_yticks([0, 1], ["2013–2025 district\n(computed)", "5 new communes\n(published)"])
chart.set_ylim(-0.6, 1.8)
chart.set_xlabel("km² (hatched: published area flagged as inconsistent)")
chart.set_title("The new communes' published areas add up to more than the district")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Answers
#
# The key numbers of this notebook as one JSON line (the test suite reads it).

# %%
answers = {
    "communes_before": len(communes),
    "units_after": int(communes["unit_2025_id"].nunique()),
    "province_2025": sorted(units["province_2025"].unique()),
    "unmatched_communes": unmatched,
    "commune_to_unit": dict(
        zip(communes["commune_2024_vi"], communes["unit_2025_vi"], strict=True)
    ),
    "whole_units": whole,
    "shared_units": shared.to_dict(),
    "flagged_area_units": list(flagged["name_vi"]),
    "unflagged_whole_area_km2": round(unflagged_km2, 3),
    "left_for_flagged_and_kien_khe_km2": round(left_km2, 3),
    "flagged_published_km2": round(flagged_km2, 3),
    "seat_verdicts": summary.set_index("name_vi")["seat_verdict"].to_dict(),
}
print("ANSWERS", json.dumps(answers, ensure_ascii=False))
