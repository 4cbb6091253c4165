"""Placing the figure's labels so that none covers another or a symbol.

Each label is tried at a few candidate positions, in order of preference, and kept at the
first where its box (measured by the renderer) overlaps no symbol, no label placed before it
and stays inside the map; when every candidate collides it keeps the first. The order of the
calls is the priority: the district, then the places, then the roads, then the context.
Text stays text (no path effects, which would turn it into outlines in the SVG and PDF); a
pale box behind a label keeps it legible where it crosses a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geo.style import LABEL_HALO

POINT_OFFSETS: Final = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.8, 0.8, "left", "bottom"),
    (0.8, -0.8, "left", "top"),
    (-0.8, 0.8, "right", "bottom"),
    (-0.8, -0.8, "right", "top"),
)
"""Candidate directions around a point symbol (dx, dy, horizontal and vertical alignment)."""

HALO_BOX: Final = {
    "boxstyle": "round,pad=0.12",
    "facecolor": LABEL_HALO,
    "edgecolor": "none",
    "alpha": 0.75,
}
"""The pale box behind a label (text halos would not stay text in SVG and PDF)."""

GRID_STEPS: Final = 7
"""Interior candidates of an area label: points of a GRID_STEPS × GRID_STEPS grid."""

AREA_TOLERANCE_M: Final = 150.0
"""How far (metres) an area label's box may reach past the area's edge."""

CM: Final = 1 / 2.54
"""Inches per centimetre."""


def wrap(text: str, width_cm: float, font: FontProperties, renderer: RendererBase) -> str:
    """Break a text into lines no wider than ``width_cm`` (measured, greedy, by words).

    Parameters
    ----------
    text
        The text; existing line breaks are kept.
    width_cm
        Widest line.
    font
        Its font.
    renderer
        Renderer that measures it.

    Returns
    -------
    str
    """
    limit = width_cm * CM * 72 * cast("float", renderer.points_to_pixels(1.0))
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            width = float(renderer.get_text_width_height_descent(candidate, font, ismath=False)[0])
            if line and width > limit:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


@dataclass
class Placer:
    """Places labels on one map, avoiding what is already there.

    Attributes
    ----------
    ax
        The map.
    renderer
        Renderer used to measure text.
    obstacles
        Boxes (display coordinates) labels must not cover.
    """

    ax: Axes
    renderer: RendererBase
    obstacles: list[Bbox] = field(default_factory=list)

    def _area(self) -> Bbox:
        return self.ax.get_window_extent(self.renderer)

    def _free(self, box: Bbox) -> bool:
        area = self._area()
        inside = box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1
        return inside and not any(box.overlaps(other) for other in self.obstacles)

    def _within(self, box: Bbox, area: BaseGeometry) -> bool:
        """Tell whether a label's box (display coordinates) lies within an area (data)."""
        (x0, y0), (x1, y1) = self.ax.transData.inverted().transform(box.get_points())
        return bool(area.buffer(AREA_TOLERANCE_M).contains(shapely.box(x0, y0, x1, y1)))

    def avoid_points(self, xy: Sequence[tuple[float, float]], size_pt: float) -> None:
        """Mark point symbols as obstacles.

        Parameters
        ----------
        xy
            Symbol centres, data coordinates.
        size_pt
            Symbol size (width), points.
        """
        half = size_pt / 2 * self.ax.figure.dpi / 72
        for x, y in xy:
            px, py = self.ax.transData.transform((x, y))
            self.obstacles.append(Bbox.from_extents(px - half, py - half, px + half, py + half))

    def avoid_box(self, box: Bbox) -> None:
        """Mark a box (display coordinates), e.g. an inset over the map, as an obstacle.

        Parameters
        ----------
        box
            The box.
        """
        self.obstacles.append(box)

    def _keep(
        self,
        text: Text,
        candidates: Sequence[dict[str, Any]],
        within: BaseGeometry | None = None,
    ) -> bool:
        """Try ``text`` at each candidate (``Text.set`` arguments); keep the first free one.

        Returns whether a free candidate was found; otherwise the text stays at the first.
        """
        found = False
        for candidate in candidates:
            text.set(**candidate)
            box = text.get_window_extent(self.renderer)
            if self._free(box) and (within is None or self._within(box, within)):
                found = True
                break
        if not found:
            text.set(**candidates[0])
        self.obstacles.append(text.get_window_extent(self.renderer))
        return found

    def point(self, xy: tuple[float, float], label: str, gap_pt: float, **style: Any) -> Text:
        """Label a point symbol beside it.

        Parameters
        ----------
        xy
            The symbol's centre, data coordinates.
        label
            The text.
        gap_pt
            Distance from the centre to the label, points.
        **style
            Text properties (font size, weight, colour).

        Returns
        -------
        matplotlib.text.Text
        """
        text = self.ax.annotate(
            label,
            xy,
            xytext=(0, 0),
            textcoords="offset points",
            bbox=HALO_BOX,
            zorder=20,
            **style,
        )
        candidates = [
            {
                "position": (dx * gap_pt, dy * gap_pt),
                "horizontalalignment": ha,
                "verticalalignment": va,
            }
            for dx, dy, ha, va in POINT_OFFSETS
        ]
        self._keep(text, candidates)
        return text

    def area(
        self, shape: BaseGeometry, label: str, *, required: bool = True, **style: Any
    ) -> Text | None:
        """Label an area inside it, at its pole of inaccessibility or another inner point.

        Upright positions are tried first; then the same turned by 90° (a neighbour seen as a
        narrow strip along the map's edge).

        Parameters
        ----------
        shape
            The visible part of the area, data coordinates.
        label
            The text.
        required
            When no candidate fits inside the area without a collision: keep the label at
            its first candidate (true) or leave the area unlabelled (false).
        **style
            Text properties.

        Returns
        -------
        matplotlib.text.Text or None
            ``None`` when the area is empty or its optional label did not fit.
        """
        if shape.is_empty or shape.area == 0:
            return None
        polygons = getattr(shape, "geoms", [shape])
        largest = max(polygons, key=lambda part: part.area)
        points = [_xy(polylabel(largest, tolerance=50)), *_inner_points(largest)]
        # upright first; turned along a narrow strip (a neighbour at the map's edge) after
        candidates = [{"position": xy, "rotation": angle} for angle in (0, 90) for xy in points]
        x, y = points[0]
        text = self.ax.text(
            x,
            y,
            label,
            ha="center",
            va="center",
            bbox=HALO_BOX,
            zorder=19,
            **style,
        )
        if self._keep(text, candidates, within=shape) or required:
            return text
        self.obstacles.pop()
        text.remove()
        return None

    def line(self, line: BaseGeometry, label: str, **style: Any) -> Text | None:
        """Label a line along it, at the middle of its longest visible part, or near it.

        Parameters
        ----------
        line
            The visible part of the line, data coordinates.
        label
            The text.
        **style
            Text properties.

        Returns
        -------
        matplotlib.text.Text or None
            ``None`` when nothing of the line is visible.
        """
        parts = [p for p in getattr(line, "geoms", [line]) if p.geom_type == "LineString"]
        if not parts:
            return None
        longest = max(parts, key=lambda part: part.length)
        at_middle = longest.interpolate(0.5, normalized=True)
        candidates = []
        for fraction in (0.5, 0.35, 0.65, 0.2, 0.8):
            at = longest.interpolate(fraction, normalized=True)
            ahead = longest.interpolate(min(1.0, fraction + 0.02), normalized=True)
            behind = longest.interpolate(max(0.0, fraction - 0.02), normalized=True)
            start = self.ax.transData.transform((behind.x, behind.y))
            end = self.ax.transData.transform((ahead.x, ahead.y))
            angle = float(np.degrees(np.arctan2(end[1] - start[1], end[0] - start[0])))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
            candidates.append({"position": (at.x, at.y), "rotation": angle})
        text = self.ax.text(
            at_middle.x,
            at_middle.y,
            label,
            ha="center",
            va="center",
            rotation_mode="anchor",
            bbox=HALO_BOX,
            zorder=18,
            **style,
        )
        self._keep(text, candidates)
        return text


def _xy(point: BaseGeometry) -> tuple[float, float]:
    return (float(point.x), float(point.y))


def _inner_points(polygon: BaseGeometry) -> list[tuple[float, float]]:
    """Grid points inside a polygon, the farthest from its edge first."""
    xmin, ymin, xmax, ymax = polygon.bounds
    xs = np.linspace(xmin, xmax, GRID_STEPS + 2)[1:-1]
    ys = np.linspace(ymin, ymax, GRID_STEPS + 2)[1:-1]
    points = [shapely.Point(x, y) for y in ys for x in xs]
    inside = [p for p in points if polygon.contains(p)]
    inside.sort(key=lambda p: (-polygon.exterior.distance(p), p.y, p.x))
    return [_xy(p) for p in inside]
