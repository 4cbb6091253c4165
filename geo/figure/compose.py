"""The page of the locator figure: title, map, inset, legend, scale bar, north arrow, credits.

Sizes are physical: the figure is ``width_cm`` wide, text is set in points and does not
shrink with the width. From :data:`SIDEBAR_MIN_CM` up, the inset and the legend stand in a
column beside the map; below it they stand under the map, the inset inside its corner. The
height follows from the content, measured with the renderer before anything is placed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import Transformer

from geo import captions
from geo.figure.data import FigureData, focus_extent, with_aspect
from geo.figure.labels import CM, Placer, wrap
from geo.figure.legend import legend_entries, make_legend
from geo.figure.mapdraw import draw_inset, draw_main
from geo.metric import METRIC_CRS, WGS84
from geo.style import LABEL_COLOUR

DPI: Final = 300
"""Resolution of the PNG (and of every measurement)."""

SIDEBAR_MIN_CM: Final = 12.0
"""From this width up, the inset and legend stand beside the map."""
MARGIN_CM: Final = 0.3
GAP_CM: Final = 0.3
FOCUS_MARGIN: Final = 0.06
"""Margin of the main map around the district and the circles, share of the larger side."""
MAP_ASPECT: Final = (0.85, 1.3)
"""Bounds of the main map's height / width."""

SIZES: Final = {"title": 12.0, "subtitle": 7.5, "legend": 6.5, "note": 6.0, "credit": 5.5}
"""Font sizes, points."""


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, centimetres from the top-left corner.

    Attributes
    ----------
    left, top, width, height
        Position and size.
    """

    left: float
    top: float
    width: float
    height: float

    def rect(self, page: tuple[float, float]) -> tuple[float, float, float, float]:
        """Return the box in figure fractions (left, bottom, width, height).

        Parameters
        ----------
        page
            Width and height of the page, centimetres.

        Returns
        -------
        tuple of float
        """
        width, height = page
        bottom = height - self.top - self.height
        return (self.left / width, bottom / height, self.width / width, self.height / height)


def _whole_pixels(length_cm: float) -> float:
    """Round a length to whole pixels at :data:`DPI` (16 cm → 1,890 px, not 1,889)."""
    return round(length_cm * CM * DPI) / DPI / CM


def _height_cm(artist: Artist, renderer: RendererBase) -> float:
    return float(artist.get_window_extent(renderer).height) / DPI / CM


def north_angle(xy: tuple[float, float]) -> float:
    """Return the direction of true north at a point of the map, degrees from grid north.

    Parameters
    ----------
    xy
        A point in EPSG:32648.

    Returns
    -------
    float
        Counter-clockwise angle from the map's up direction to true north.
    """
    to_lonlat = Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)
    to_map = Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)
    lon, lat = to_lonlat.transform(*xy)
    x0, y0 = to_map.transform(lon, lat)
    x1, y1 = to_map.transform(lon, lat + 0.05)
    return math.degrees(math.atan2(-(x1 - x0), y1 - y0))


def draw_north_arrow(ax: Axes, lang: str, angle: float, font: FontProperties) -> Bbox:
    """Draw a north arrow in the map's lower-left corner, above the scale bar, to true north.

    Parameters
    ----------
    ax
        The map.
    lang
        ``vi`` (B, bắc) or ``en`` (N).
    angle
        Direction of true north, degrees counter-clockwise from up.
    font
        Font of the letter.

    Returns
    -------
    matplotlib.transforms.Bbox
        Where it is drawn, display coordinates.
    """
    x, y, length = 0.05, 0.2, 0.07
    dx = -math.sin(math.radians(angle)) * length
    dy = math.cos(math.radians(angle)) * length
    ax.annotate(
        "",
        xy=(x + dx / 2, y + dy / 2),
        xytext=(x - dx / 2, y - dy / 2),
        xycoords="axes fraction",
        arrowprops={
            "arrowstyle": "-|>,head_length=0.8,head_width=0.35",
            "color": LABEL_COLOUR,
            "linewidth": 1.2,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        zorder=30,
    )
    ax.text(
        x + dx / 2,
        y + dy / 2 + 0.012,
        captions.pick(("B", "N"), lang),
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontproperties=font,
        fontsize=8,
        fontweight="bold",
        color=LABEL_COLOUR,
        zorder=30,
    )
    corners = ax.transAxes.transform(
        [(x - 0.03, y - length / 2), (x + 0.03, y + length / 2 + 0.05)]
    )
    return Bbox(corners)


def add_scale_bar(ax: Axes, lang: str, font: FontProperties) -> ScaleBar:
    """Add a scale bar in metres (the map's CRS is metric) in the lower-left corner.

    Parameters
    ----------
    ax
        The map.
    lang
        ``vi`` or ``en`` (decimal separator).
    font
        Font of the label.

    Returns
    -------
    ScaleBar
    """

    def formatter(value: float, unit: str) -> str:
        return f"{captions.number(value, lang, 0 if value == int(value) else 1)} {unit}"

    bar = ScaleBar(
        1,
        "m",
        location="lower left",
        length_fraction=0.22,
        width_fraction=0.012,
        box_alpha=0.8,
        border_pad=0.6,
        sep=2,
        color=LABEL_COLOUR,
        font_properties={"family": font.get_family(), "size": SIZES["legend"]},
        scale_formatter=formatter,
    )
    ax.add_artist(bar)
    return bar


def _text(fig: Figure, content: str, size: float, font: FontProperties, **style: Any) -> Text:
    return fig.text(
        0,
        1,
        content,
        fontproperties=font,
        fontsize=size,
        va="top",
        ha="left",
        color=LABEL_COLOUR,
        **style,
    )


@dataclass(frozen=True)
class _Blocks:
    """The page's texts and legend, made before their places are known."""

    title: Text
    subtitle: Text
    legend: Legend
    note: Text | None
    credit: Text


def _blocks(
    fig: Figure, data: FigureData, lang: str, widths: tuple[float, float], font: FontProperties
) -> _Blocks:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    inner, side = widths

    def block(content: str, size: float, width: float, **style: Any) -> Text:
        sized = font.copy()
        sized.set_size(size)
        sized.set_weight(style.get("fontweight", "normal"))
        return _text(fig, wrap(content, width, sized, renderer), size, font, **style)

    accuracies = [
        float(v)
        for name in ("industrial_areas", "roads")
        for v in data.layers[name]["accuracy_m"].dropna()
    ]
    note_text = captions.not_drawn(data.not_drawn, lang)
    return _Blocks(
        title=block(captions.title(data.district, lang), SIZES["title"], inner, fontweight="bold"),
        subtitle=block(captions.subtitle(data.article, accuracies, lang), SIZES["subtitle"], inner),
        legend=make_legend(fig, legend_entries(data, lang), side, font, SIZES["legend"], renderer),
        note=block(note_text, SIZES["note"], side, fontstyle="italic") if note_text else None,
        credit=block(
            captions.credit_line(data.article, data.drawn_properties(), lang),
            SIZES["credit"],
            inner,
        ),
    )


def _arrange(fig: Figure, blocks: _Blocks, map_size: tuple[float, float]) -> tuple[Box, Box]:
    """Size the page to its content and move the blocks into place; return map and inset."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    width_cm = float(fig.get_size_inches()[0]) / CM
    inner = width_cm - 2 * MARGIN_CM
    map_w, map_h = map_size
    sidebar = map_w < inner
    title = Box(MARGIN_CM, MARGIN_CM, inner, _height_cm(blocks.title, renderer))
    subtitle = Box(MARGIN_CM, title.top + title.height + 0.12, inner, 0.0)
    top = subtitle.top + _height_cm(blocks.subtitle, renderer) + GAP_CM
    map_box = Box(MARGIN_CM, top, map_w, map_h)
    legend_h = _height_cm(blocks.legend, renderer)
    note_h = _height_cm(blocks.note, renderer) if blocks.note is not None else 0.0
    if sidebar:
        side_w = inner - map_w - GAP_CM
        inset = Box(MARGIN_CM + map_w + GAP_CM, top, side_w, side_w * 0.85)
        legend = Box(inset.left, inset.top + inset.height + GAP_CM, side_w, legend_h)
        bottom = max(top + map_h, legend.top + legend_h + 0.1 + note_h)
    else:
        inset_w = max(2.8, 0.34 * map_w)
        inset = Box(MARGIN_CM + 0.1, top + 0.1, inset_w, inset_w * 0.85)
        legend = Box(MARGIN_CM, top + map_h + GAP_CM, inner, legend_h)
        bottom = legend.top + legend_h + 0.1 + note_h
    credit = Box(MARGIN_CM, bottom + GAP_CM, inner, 0.0)
    page = (width_cm, _whole_pixels(credit.top + _height_cm(blocks.credit, renderer) + MARGIN_CM))
    fig.set_size_inches(page[0] * CM, page[1] * CM)
    for artist, box in (
        (blocks.title, title),
        (blocks.subtitle, subtitle),
        (blocks.credit, credit),
    ):
        artist.set_position((box.left / page[0], 1 - box.top / page[1]))
    blocks.legend.set_bbox_to_anchor(
        (legend.left / page[0], 1 - legend.top / page[1]), fig.transFigure
    )
    if blocks.note is not None:
        blocks.note.set_position(
            (legend.left / page[0], 1 - (legend.top + legend_h + 0.1) / page[1])
        )
    return map_box, inset


def make_figure(data: FigureData, lang: str, width_cm: float, family: str) -> Figure:
    """Compose the locator figure.

    Parameters
    ----------
    data
        The figure's data.
    lang
        ``vi`` or ``en``.
    width_cm
        Width of the figure, centimetres.
    family
        Font family.

    Returns
    -------
    matplotlib.figure.Figure
    """
    width_cm = _whole_pixels(width_cm)
    fig = Figure(figsize=(width_cm * CM, width_cm * CM), dpi=DPI)
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    font = FontProperties(family=family)
    inner = width_cm - 2 * MARGIN_CM
    sidebar = width_cm >= SIDEBAR_MIN_CM
    side_w = max(4.6, 0.32 * width_cm) if sidebar else inner
    map_w = inner - side_w - GAP_CM if sidebar else inner
    extent = focus_extent(data, FOCUS_MARGIN)
    aspect = (extent[3] - extent[1]) / (extent[2] - extent[0])
    aspect = min(max(aspect, MAP_ASPECT[0]), MAP_ASPECT[1])
    extent = with_aspect(extent, aspect)

    blocks = _blocks(fig, data, lang, (inner, side_w), font)
    map_box, inset_box = _arrange(fig, blocks, (map_w, map_w * aspect))
    page = (width_cm, float(fig.get_size_inches()[1]) / CM)
    ax = fig.add_axes(map_box.rect(page))
    inset = fig.add_axes(inset_box.rect(page), zorder=40)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    placer = Placer(ax, renderer)
    placer.avoid_box(add_scale_bar(ax, lang, font).get_window_extent(renderer))
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    placer.avoid_box(draw_north_arrow(ax, lang, north_angle(centre), font))
    if not sidebar:
        placer.avoid_box(inset.get_window_extent(renderer))
    draw_main(ax, data, extent, lang, placer)
    draw_inset(inset, data, extent, Placer(inset, renderer))
    return fig


def text_of(fig: Figure) -> Sequence[str]:
    """Return every text drawn on a figure (for checks and tests).

    Parameters
    ----------
    fig
        The figure.

    Returns
    -------
    list of str
    """
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]
