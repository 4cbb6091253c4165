"""The figure's legend: one entry per kind drawn, symbols from :mod:`geo.style`.

Each entry shows its symbol as the map draws it (area, line, point symbol or uncertainty
circle) and a label from the style table; a point or line kind of the article's layers adds
how its positions were obtained (``location_basis``) and the range of their ``accuracy_m``.
Kinds are told apart by shape and dash as well as by colour, so the legend still reads in
greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

from geo import captions
from geo.figure.data import FigureData
from geo.figure.labels import wrap
from geo.figure.mapdraw import fill_rgba, linestyle, marker_pt, width_pt
from geo.style import STYLES, UNCERTAINTY_KIND, UNCERTAINTY_LAYERS

LEGEND_ORDER: Final = (
    "district",
    "hanam_district",
    "neighbour_province",
    "kcn",
    "ccn",
    "uncertainty",
    "schematic_road",
    "mapped_road",
    "context_road",
    "river",
)
"""Legend order (as on the web map); kinds not listed follow in :data:`geo.style.STYLES`
order."""

DETAIL_LAYERS: Final = frozenset({"industrial_areas", "roads"})
"""Layers whose legend entries give the basis and accuracy of their features."""

UNCERTAINTY_TEXT: Final = (
    "Vòng sai số: địa điểm nằm đâu đó trong vòng (bán kính = sai số vị trí)",
    "Uncertainty: the place lies somewhere in the circle (radius = position uncertainty)",
)

HANDLE_CM: Final = 0.75
"""Width of a legend symbol, centimetres."""


@dataclass(frozen=True)
class Entry:
    """One legend entry.

    Attributes
    ----------
    kind
        Feature kind (key of :data:`geo.style.STYLES`).
    drawing
        ``area``, ``line``, ``symbol`` or ``ring`` (the uncertainty circle).
    label
        Its text.
    """

    kind: str
    drawing: str
    label: str


def _drawing(kind: str, geometry_types: set[str]) -> str:
    if kind == UNCERTAINTY_KIND:
        return "ring"
    if STYLES[kind].marker and "Point" in geometry_types:
        return "symbol"
    return "line" if all("Line" in t for t in geometry_types) else "area"


def _label(kind: str, rows: list[dict[str, Any]], drawing: str, lang: str) -> str:
    refs = [str(row.get("ref") or "") for row in rows if row["_layer"] == "roads"]
    label = captions.kind_label(kind, refs, lang)
    if not any(row["_layer"] in DETAIL_LAYERS for row in rows):
        return label
    accuracy = captions.accuracy_range((float(r["accuracy_m"]) for r in rows), lang)
    if drawing == "symbol":
        bases = dict.fromkeys(captions.basis_text(str(r["location_basis"]), lang) for r in rows)
        label = f"{label}: {', '.join(bases)}"
    return f"{label} ({accuracy})" if accuracy else label


def legend_entries(data: FigureData, lang: str) -> list[Entry]:
    """Return the legend entries of the kinds drawn, in :data:`LEGEND_ORDER`.

    Parameters
    ----------
    data
        The figure's data.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    list of Entry
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    types: dict[str, set[str]] = {}
    for layer, frame in data.layers.items():
        for (_, row), geometry_type in zip(frame.iterrows(), frame.geom_type, strict=True):
            rows.setdefault(str(row["kind"]), []).append({**row.to_dict(), "_layer": layer})
            types.setdefault(str(row["kind"]), set()).add(str(geometry_type))
            if layer in UNCERTAINTY_LAYERS and geometry_type == "Point" and row["accuracy_m"]:
                rows.setdefault(UNCERTAINTY_KIND, [])
    order: list[str] = [kind for kind in LEGEND_ORDER if kind in rows]
    order += [kind for kind in STYLES if kind in rows and kind not in order]
    entries = []
    for kind in order:
        drawing = _drawing(kind, types.get(kind, set()))
        label = (
            captions.pick(UNCERTAINTY_TEXT, lang)
            if drawing == "ring"
            else _label(kind, rows[kind], drawing, lang)
        )
        entries.append(Entry(kind, drawing, label))
    return entries


def handle(entry: Entry) -> Artist:
    """Return the legend symbol of an entry, drawn as the map draws the kind.

    Parameters
    ----------
    entry
        The entry.

    Returns
    -------
    matplotlib.artist.Artist
    """
    style = STYLES[entry.kind]
    if entry.drawing == "symbol":
        return Line2D(
            [],
            [],
            linestyle="none",
            marker={"square": "s", "triangle": "^"}.get(style.marker, "o"),
            markersize=marker_pt(style),
            markerfacecolor=fill_rgba(style, style.fill_opacity),
            markeredgecolor=style.stroke,
            markeredgewidth=width_pt(style),
        )
    if entry.drawing == "line":
        return Line2D(
            [], [], color=style.stroke, linewidth=width_pt(style), linestyle=linestyle(style)
        )
    return Patch(
        facecolor=fill_rgba(style, style.area_fill_opacity),
        edgecolor=style.stroke,
        linewidth=width_pt(style),
        linestyle=linestyle(style),
        label="ring" if entry.drawing == "ring" else None,
    )


def _ring(*, xdescent: float, ydescent: float, width: float, height: float, **_: Any) -> Circle:
    """Legend symbol of the uncertainty circle (called by :class:`HandlerPatch`)."""
    radius = min(width, height * 1.6) / 2
    return Circle((width / 2 - xdescent, height / 2 - ydescent), radius)


def make_legend(  # noqa: PLR0917 (each argument is needed; all are positional by nature)
    fig: Figure,
    entries: list[Entry],
    width_cm: float,
    font: FontProperties,
    size: float,
    renderer: RendererBase,
) -> Legend:
    """Add the legend to the figure, its labels wrapped to fit ``width_cm``.

    Parameters
    ----------
    fig
        The figure.
    entries
        From :func:`legend_entries`.
    width_cm
        Width the legend may take.
    font
        Font family of the labels.
    size
        Font size, points.
    renderer
        Renderer that measures the labels.

    Returns
    -------
    matplotlib.legend.Legend
        Anchored by its upper-left corner; move it with ``set_bbox_to_anchor``.
    """
    sized = font.copy()
    sized.set_size(size)
    handle_pt = HANDLE_CM / 2.54 * 72
    text_cm = width_cm - HANDLE_CM - 0.35
    handles = [handle(entry) for entry in entries]
    labels = [wrap(entry.label, text_cm, sized, renderer) for entry in entries]
    ring = HandlerPatch(patch_func=_ring)
    handler_map: dict[Any, Any] = {
        h: ring for h, e in zip(handles, entries, strict=True) if e.drawing == "ring"
    }
    return fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0, 1),
        frameon=False,
        prop=sized,
        handlelength=handle_pt / size,
        handleheight=1.4,
        handletextpad=0.6,
        borderpad=0,
        borderaxespad=0,
        labelspacing=0.55,
        alignment="left",
        handler_map=handler_map,
    )
