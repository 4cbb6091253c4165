"""Drawing the layers on a map axes with the shared style table (:mod:`geo.style`).

Widths, sizes and dash patterns of :data:`geo.style.STYLES` are CSS pixels; on paper they are
converted to points (× :data:`PX_TO_PT`) and scaled by :data:`PRINT_SCALE`, so that lines keep
the web map's proportions at a print size. Approximate places get their uncertainty circle of
radius ``accuracy_m`` metres (the axes are in EPSG:32648, so the circle is true to the ground),
as on the web map and in QGIS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

from geo import captions
from geo.figure.data import Extent, FigureData, circles, province_shape, visible_part
from geo.figure.labels import Placer
from geo.style import LABEL_COLOUR, STYLES, UNCERTAINTY_KIND, UNCERTAINTY_LAYERS, Style

PX_TO_PT: Final = 0.75
"""CSS pixels (96 per inch) to points (72 per inch)."""
PRINT_SCALE: Final = 0.6
"""Line widths, dash lengths and symbol sizes on paper, relative to the web map's."""

MARKERS: Final = {"square": "s", "triangle": "^", "circle": "o"}
"""Marker names of :class:`geo.style.Style` → matplotlib markers."""

ZORDER: Final = {"polygon": 1, "uncertainty": 3, "line": 4, "point": 5}
"""Drawing order: areas, circles, lines, point symbols (labels come above, from 18)."""

LABEL_SIZES: Final = {"district": 8.5, "place": 7.0, "road": 6.5, "context": 6.5, "province": 6.0}
"""Font sizes of the map's labels, points."""

INSET_MARGIN: Final = 0.18
"""Margin of the inset around the province, as a share of the province's larger side."""


def width_pt(style: Style) -> float:
    """Return a style's line width on paper, points.

    Parameters
    ----------
    style
        A style.

    Returns
    -------
    float
    """
    return style.stroke_width * PX_TO_PT * PRINT_SCALE


def linestyle(style: Style) -> Any:
    """Return a style's matplotlib line style: solid, or its dash pattern in points.

    Parameters
    ----------
    style
        A style.

    Returns
    -------
    str or tuple
    """
    if not style.dash:
        return "solid"
    return (0, tuple(length * PX_TO_PT * PRINT_SCALE for length in style.dash))


def marker_pt(style: Style) -> float:
    """Return a style's point symbol size on paper, points.

    Parameters
    ----------
    style
        A style.

    Returns
    -------
    float
    """
    return style.marker_size * PX_TO_PT * PRINT_SCALE


def fill_rgba(style: Style, opacity: float) -> tuple[float, float, float, float]:
    """Return a style's fill colour at an opacity (transparent when it has no fill).

    Parameters
    ----------
    style
        A style.
    opacity
        Opacity, 0–1.

    Returns
    -------
    tuple of float
        RGBA.
    """
    return to_rgba(style.fill or style.stroke, opacity if style.fill else 0.0)


def _path(geometry: BaseGeometry) -> Path:
    """Return a (multi)polygon as one matplotlib path, holes included."""
    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            vertices.append(xy)
            codes.append([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    return Path(np.concatenate(vertices), np.concatenate(codes))


def add_areas(ax: Axes, geometries: Iterable[BaseGeometry], **style: Any) -> PathCollection:
    """Draw polygons (geopandas' plot would redraw the whole figure at every call).

    Parameters
    ----------
    ax
        The map.
    geometries
        Polygons or multipolygons, data coordinates.
    **style
        Collection properties (face and edge colour, line width and style, z-order).

    Returns
    -------
    matplotlib.collections.PathCollection
    """
    collection = PathCollection([_path(g) for g in geometries if not g.is_empty], **style)
    ax.add_collection(collection, autolim=False)
    return collection


def add_lines(ax: Axes, geometries: Iterable[BaseGeometry], **style: Any) -> LineCollection:
    """Draw lines and multilines.

    Parameters
    ----------
    ax
        The map.
    geometries
        Line geometries, data coordinates.
    **style
        Collection properties.

    Returns
    -------
    matplotlib.collections.LineCollection
    """
    segments = [
        np.asarray(part.coords)
        for geometry in geometries
        for part in getattr(geometry, "geoms", [geometry])
    ]
    collection = LineCollection(segments, **style)
    ax.add_collection(collection, autolim=False)
    return collection


def draw_features(ax: Axes, frame: gpd.GeoDataFrame, layer: str) -> None:
    """Draw one layer's features, each by its kind's style.

    Parameters
    ----------
    ax
        The map, in EPSG:32648.
    frame
        The layer's features with a geometry, EPSG:32648.
    layer
        The layer's name (its points get uncertainty circles if it is one of
        :data:`geo.style.UNCERTAINTY_LAYERS`).
    """
    for kind, features in frame.groupby("kind", sort=False):
        style = STYLES[str(kind)]
        families = features.geom_type.str.replace("Multi", "")
        polygons, lines = features[families == "Polygon"], features[families == "LineString"]
        points = features[families == "Point"]
        if not polygons.empty:
            add_areas(
                ax,
                polygons.geometry,
                facecolor=fill_rgba(style, style.area_fill_opacity),
                edgecolor=style.stroke,
                linewidth=width_pt(style),
                linestyle=linestyle(style),
                zorder=ZORDER["polygon"] + (layer == "district"),
            )
        if not lines.empty:
            add_lines(
                ax,
                lines.geometry,
                color=style.stroke,
                linewidth=width_pt(style),
                linestyle=linestyle(style),
                zorder=ZORDER["line"],
            )
        if points.empty:
            continue
        if layer in UNCERTAINTY_LAYERS:
            draw_circles(ax, points)
        ax.scatter(
            points.geometry.x,
            points.geometry.y,
            s=marker_pt(style) ** 2,
            marker=MARKERS[style.marker or "circle"],
            facecolor=fill_rgba(style, style.fill_opacity),
            edgecolor=style.stroke,
            linewidth=width_pt(style),
            zorder=ZORDER["point"],
        )


def draw_circles(ax: Axes, points: gpd.GeoDataFrame) -> None:
    """Draw the uncertainty circles of points (radius ``accuracy_m``, metres).

    Parameters
    ----------
    ax
        The map, in EPSG:32648.
    points
        Point features with ``accuracy_m``.
    """
    shapes = circles(points)
    if shapes.empty:
        return
    style = STYLES[UNCERTAINTY_KIND]
    add_areas(
        ax,
        shapes,
        facecolor=fill_rgba(style, style.fill_opacity),
        edgecolor=style.stroke,
        linewidth=width_pt(style),
        linestyle=linestyle(style),
        zorder=ZORDER["uncertainty"],
    )


def _show(ax: Axes, extent: Extent) -> None:
    xmin, ymin, xmax, ymax = extent
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5)
        spine.set_edgecolor("#737373")


def draw_main(ax: Axes, data: FigureData, extent: Extent, lang: str, placer: Placer) -> None:
    """Draw and label the main map.

    Parameters
    ----------
    ax
        The map axes.
    data
        The figure's data.
    extent
        What the map shows.
    lang
        ``vi`` or ``en``.
    placer
        Label placer of this axes.
    """
    _show(ax, extent)
    for layer in ("context", "district", "industrial_areas", "roads"):
        draw_features(ax, data.layers[layer], layer)
    _label_main(data, extent, lang, placer)


def _label_main(data: FigureData, extent: Extent, lang: str, placer: Placer) -> None:
    places = data.layers["industrial_areas"]
    points = places[places.geom_type == "Point"]
    widest = max((marker_pt(STYLES[str(k)]) for k in places["kind"]), default=0.0)
    placer.avoid_points(list(zip(points.geometry.x, points.geometry.y, strict=True)), widest)
    for _, row in places.iterrows():
        label = captions.place_label(row.to_dict())
        if row["accuracy_m"]:
            label += f"\n±{captions.distance(float(row['accuracy_m']), lang)}"
        anchor = row.geometry if row.geometry.geom_type == "Point" else row.geometry.centroid
        placer.point(
            (anchor.x, anchor.y),
            label,
            gap_pt=widest / 2 + 2,
            fontsize=LABEL_SIZES["place"],
            fontweight="bold",
            color=LABEL_COLOUR,
            linespacing=1.1,
        )
    district = data.district
    name = str(district["name_vi"] if lang == "vi" else district["name_en"])
    placer.area(
        visible_part(data.district_shape, extent),
        name.upper(),
        fontsize=LABEL_SIZES["district"],
        fontweight="bold",
        color=STYLES["district"].stroke,
    )
    for _, row in data.layers["roads"].iterrows():
        placer.line(
            visible_part(row.geometry, extent),
            captions.road_label(row.to_dict(), lang),
            fontsize=LABEL_SIZES["road"],
            fontweight="bold",
            color=STYLES[str(row["kind"])].stroke,
        )
    for _, row in data.layers["context"].iterrows():
        province = row["kind"] == "neighbour_province"
        name = str(row["name_vi"] if lang == "vi" else row["name_en"])
        placer.area(
            visible_part(row.geometry, extent),
            captions.short_unit_name(str(row["name_vi"])).upper() if province else name,
            required=False,
            fontsize=LABEL_SIZES["province" if province else "context"],
            color=STYLES[str(row["kind"])].stroke,
            fontstyle="italic" if province else "normal",
        )


def inset_extent(data: FigureData, aspect: float) -> Extent:
    """Return the inset's window: the district's province and a margin around it.

    Parameters
    ----------
    data
        The figure's data.
    aspect
        Height / width of the inset.

    Returns
    -------
    Extent
    """
    from geo.figure.data import with_aspect  # noqa: PLC0415 (keeps the public names short)

    xmin, ymin, xmax, ymax = province_shape(data).bounds
    pad = max(xmax - xmin, ymax - ymin) * INSET_MARGIN
    return with_aspect((xmin - pad, ymin - pad, xmax + pad, ymax + pad), aspect)


def draw_inset(ax: Axes, data: FigureData, main_extent: Extent, placer: Placer) -> None:
    """Draw the inset: the district within its province and the neighbouring provinces.

    Parameters
    ----------
    ax
        The inset axes.
    data
        The figure's data.
    main_extent
        The main map's window, outlined on the inset.
    placer
        Label placer of this axes.
    """
    bbox = ax.get_position()
    fig_w, fig_h = ax.get_figure(root=True).get_size_inches()  # type: ignore[union-attr]
    window = inset_extent(data, (bbox.height * fig_h) / (bbox.width * fig_w))
    _show(ax, window)
    context = data.layers["context"]
    for kind, features in context.groupby("kind", sort=False):
        style = STYLES[str(kind)]
        add_areas(
            ax,
            features.geometry,
            facecolor=fill_rgba(style, min(1.0, style.fill_opacity * 3)),
            edgecolor=style.stroke,
            linewidth=0.3,
            zorder=1,
        )
    province = province_shape(data)
    add_areas(ax, [province], facecolor="none", edgecolor=LABEL_COLOUR, linewidth=0.9, zorder=2)
    add_areas(
        ax, [data.district_shape], facecolor=STYLES["district"].stroke, edgecolor="none", zorder=3
    )
    xmin, ymin, xmax, ymax = main_extent
    ax.add_patch(
        Rectangle(
            (xmin, ymin),
            xmax - xmin,
            ymax - ymin,
            fill=False,
            edgecolor="#000000",
            linewidth=0.6,
            zorder=4,
        )
    )
    district_box = data.district_shape.bounds
    placer.avoid_points(
        [((district_box[0] + district_box[2]) / 2, (district_box[1] + district_box[3]) / 2)],
        size_pt=_width_in_pt(ax, district_box),
    )
    placer.area(
        province.difference(data.district_shape),
        captions.short_unit_name(str(data.district["province_vi"])).upper(),
        fontsize=LABEL_SIZES["province"],
        fontweight="bold",
        color=LABEL_COLOUR,
    )
    for _, row in context[context["kind"] == "neighbour_province"].iterrows():
        placer.area(
            visible_part(row.geometry, window),
            captions.short_unit_name(str(row["name_vi"])),
            required=False,
            fontsize=LABEL_SIZES["province"] - 0.5,
            color=STYLES["neighbour_province"].stroke,
            fontstyle="italic",
        )


def _width_in_pt(ax: Axes, bounds: Sequence[float]) -> float:
    left = ax.transData.transform((bounds[0], bounds[1]))
    right = ax.transData.transform((bounds[2], bounds[1]))
    return float(right[0] - left[0]) * 72 / ax.figure.dpi
