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
# # 01 — The layers at a glance
#
# What each layer of the Thanh Liêm map holds, and for **every feature** how its position
# was obtained (`location_basis`), how far it may be off (`accuracy_m`) and where it comes
# from (`source`). Nothing on the map is more precise than its `accuracy_m` says.
#
# The layers are read from `$THANH_LIEM_LAYERS_DIR`, or from `layers/` (here or one folder
# up). Build them first with `make map`.

# %%
import json

import matplotlib.pyplot as plt
import pandas as pd

import geo
from geo.facts import load_article, load_facts
from geo.reading import reading_guide
from geo.style import STYLES

pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 60)

print("layers folder:", geo.default_layers_dir().resolve())
layers = geo.load_layers()
print("article:", load_article().citation())

# %% [markdown]
# ## What each layer holds
#
# Five layers, all RFC 7946 GeoJSON in WGS 84. Features without geometry are kept in their
# layer (they are part of the story) but cannot be placed on a map or measured.

# %%
summary = pd.DataFrame(
    [
        {
            "layer": name,
            "features": len(frame),
            "with geometry": len(geo.mapped(frame)),
            "geometry types": ", ".join(sorted(geo.mapped(frame).geom_type.unique())),
            "kinds": ", ".join(sorted(frame["kind"].unique())),
        }
        for name, frame in layers.items()
    ]
).set_index("layer")
print(summary.to_string())

# %% [markdown]
# ## Basis and accuracy of every feature
#
# `basis` is the key at the start of `location_basis` (`geo/bases.py` says what each means);
# the accuracy is a radius in metres. How the article's places are known, from the data:

# %%
places = {
    name: [
        (row, row.geometry is not None and not row.geometry.is_empty) for _, row in frame.iterrows()
    ]
    for name, frame in layers.items()
}
for item in reading_guide(places):
    print(f"- {item.basis.label_en} ({item.names('en')}): {item.basis.explain_en}")

# %%
rows = []
for name, frame in layers.items():
    for _, feature in frame.iterrows():
        accuracy = feature["accuracy_m"]
        rows.append(
            {
                "layer": name,
                "id": feature["id"],
                "name_vi": feature["name_vi"],
                "basis": str(feature["location_basis"]).partition(":")[0],
                "accuracy_m": None if pd.isna(accuracy) else float(accuracy),
                "source": feature["source"],
            }
        )
features = pd.DataFrame(rows).set_index("id")
print(features.drop(columns="source").to_string())

# %% [markdown]
# How many features rest on each basis, and how uncertain they are:

# %%
by_basis = features.groupby("basis", sort=False)["accuracy_m"].agg(
    features="size", min_accuracy_m="min", max_accuracy_m="max"
)
print(by_basis.to_string())

# %% [markdown]
# The sources, each with the features that rest on it:

# %%
for source, group in features.groupby("source", sort=False):
    print(f"- {source}\n    {', '.join(group.index)}")

# %% [markdown]
# ## What cannot be placed
#
# The article names roads T1 and T4, but no source reachable here publishes their route,
# length or geometry. They stay in the roads layer with a null geometry, and every spatial
# question skips them and says so.

# %%
missing = geo.unmapped(layers)
print(missing.to_string())

# %% [markdown]
# ## The article's count of industrial areas against the layer
#
# The article's figure (a fact record, `geo/data/facts.csv`) and the number of features in
# the `industrial_areas` layer must agree.

# %%
facts = load_facts()
count_fact = facts["industrial_area_count"]
print(f"article: {count_fact.number:g} ({count_fact.measure_en}, ¶{count_fact.paragraph})")
print(f"layer:   {len(layers['industrial_areas'])} features")

# %% [markdown]
# ## Accuracy by feature, and where that puts each one
#
# Left: the uncertainty radius of every mapped feature (log scale). Right: the district, the
# industrial areas and the 2025 seats with their uncertainty circles, and the roads drawn
# (dashed where the line is not the real route), in UTM 48N (metres, so that circles are
# round and distances true).

# %%
mapped = features.dropna(subset=["accuracy_m"]).sort_values("accuracy_m")
kinds = pd.concat(frame.set_index("id")["kind"] for frame in layers.values())
colours = [STYLES[kinds[feature_id]].stroke for feature_id in mapped.index]

metric = geo.load_layers(crs=geo.METRIC_CRS)
fig, (bars, ax) = plt.subplots(1, 2, figsize=(13, 6.5), width_ratios=[1, 1.2])
labels = [*missing["name_vi"], *mapped["name_vi"]]
bars.barh(
    labels,
    [0] * len(missing) + list(mapped["accuracy_m"]),
    color=colours[:1] * len(missing) + colours,
)
for position, _ in enumerate(missing.index):
    bars.text(110, position, "no geometry: route not published", va="center", fontsize=7)
bars.set_xscale("log")
bars.set_xlim(80, 5000)
bars.set_xlabel("accuracy_m (metres, log scale)")
bars.set_title("Position uncertainty of each feature")
bars.tick_params(axis="y", labelsize=7)

district = metric["district"]
district.plot(ax=ax, facecolor=STYLES["district"].fill, alpha=STYLES["district"].fill_opacity)
district.boundary.plot(ax=ax, color=STYLES["district"].stroke, linewidth=1.5)
for layer in ("industrial_areas", "admin_2025"):
    circles = geo.uncertainty_areas(metric[layer])
    circles.plot(
        ax=ax,
        facecolor="none",
        edgecolor=STYLES["uncertainty"].stroke,
        linestyle="--",
        linewidth=0.8,
    )
industrial = metric["industrial_areas"]
footprints = industrial[industrial.geom_type != "Point"]  # OSM outlines, when imported
if len(footprints):
    footprints.plot(ax=ax, facecolor=STYLES["kcn"].fill, edgecolor=STYLES["kcn"].stroke, alpha=0.5)
for kind, marker in (("kcn", "s"), ("ccn", "^")):
    subset = industrial[industrial["kind"] == kind]
    anchors = subset.set_geometry(subset.representative_point())
    anchors.plot(
        ax=ax,
        color=STYLES[kind].fill,
        edgecolor=STYLES[kind].stroke,
        marker=marker,
        markersize=60,
        zorder=3,
    )
    for _, anchor in anchors.iterrows():
        short = (
            anchor["name_vi"].replace("Khu công nghiệp", "KCN").replace("Cụm công nghiệp", "CCN")
        )
        ax.annotate(
            short,
            (anchor.geometry.x, anchor.geometry.y),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=8,
        )
metric["admin_2025"].plot(
    ax=ax, color=STYLES["unit_2025_commune"].fill, edgecolor="black", markersize=15, zorder=3
)
roads = geo.mapped(metric["roads"])
for kind, group in roads.groupby("kind"):
    style = STYLES[kind]
    group.plot(ax=ax, color=style.stroke, linestyle="--" if style.dash else "-", linewidth=1.5)
xmin, ymin, xmax, ymax = district.total_bounds
ax.plot([xmin, xmin + 5000], [ymin - 2500] * 2, color="black", linewidth=2)
ax.text(xmin + 2500, ymin - 2200, "5 km", ha="center", fontsize=8)
ax.set_xlim(xmin - 4000, xmax + 20000)
ax.set_ylim(ymin - 4000, ymax + 4000)
ax.set_title(
    "District, industrial areas (dashed circle: accuracy_m),\n"
    "2025 seats and the roads drawn, in UTM 48N"
)
ax.set_axis_off()
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Answers
#
# The key numbers of this notebook as one JSON line (the test suite reads it).

# %%
answers = {
    "layer_counts": {name: len(frame) for name, frame in layers.items()},
    "mapped_counts": {name: len(geo.mapped(frame)) for name, frame in layers.items()},
    "unmapped": list(missing.index),
    "unmapped_status": sorted(set(missing["status"])),
    "accuracy_m": {k: v for k, v in features["accuracy_m"].items() if not pd.isna(v)},
    "basis": features["basis"].to_dict(),
    "article_industrial_area_count": count_fact.number,
    "layer_industrial_area_count": len(layers["industrial_areas"]),
}
print("ANSWERS", json.dumps(answers, ensure_ascii=False))
