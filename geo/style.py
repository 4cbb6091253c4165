"""Symbology shared by the web map and the QGIS export, so that the two cannot drift.

Each feature ``kind`` (the ``kind`` property of every layer) has one :class:`Style`.
Colours are hexadecimal sRGB; widths are CSS pixels on the web map and millimetres ×
:data:`PX_TO_MM` in QGIS; a dash pattern is a list of on/off lengths in pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

PX_TO_MM: Final = 0.26
"""Conversion of CSS pixels (96 dpi) to millimetres for QGIS symbols."""

UNCERTAINTY_KIND: Final = "uncertainty"
"""Style of the position-uncertainty circle."""

UNCERTAINTY_LAYERS: Final = frozenset({"industrial_areas"})
"""Layers whose features are drawn with a circle of radius ``accuracy_m``."""

FOOTPRINT_MAX_FILL: Final = 0.35
"""Fill opacity cap when a point-symbol kind (KCN, CCN) is drawn as an area (a footprint)."""


@dataclass(frozen=True)
class Style:
    """How one feature kind is drawn.

    Attributes
    ----------
    label_vi, label_en
        Legend entry.
    stroke
        Outline or line colour.
    stroke_width
        Outline or line width, pixels.
    fill
        Fill colour, or ``None`` for no fill.
    fill_opacity
        Fill opacity, 0–1.
    dash
        Dash pattern (on, off, …) in pixels; empty for a solid line.
    marker
        Point symbol: ``square`` (park), ``triangle`` (cluster), ``circle`` (seat), or ``""``.
    marker_size
        Point symbol size, pixels.
    """

    label_vi: str
    label_en: str
    stroke: str
    stroke_width: float
    fill: str | None = None
    fill_opacity: float = 0.0
    dash: tuple[float, ...] = field(default_factory=tuple)
    marker: str = ""
    marker_size: float = 0.0

    @property
    def dash_css(self) -> str | None:
        """The dash pattern as a CSS/Leaflet ``dashArray``, or ``None`` when solid."""
        return " ".join(f"{length:g}" for length in self.dash) or None

    @property
    def area_fill_opacity(self) -> float:
        """Fill opacity when a feature of this kind is drawn as an area.

        A point-symbol kind (KCN, CCN) drawn as a footprint has its fill capped at
        :data:`FOOTPRINT_MAX_FILL`; other kinds keep :attr:`fill_opacity`.
        """
        return min(self.fill_opacity, FOOTPRINT_MAX_FILL) if self.marker else self.fill_opacity


STYLES: Final[dict[str, Style]] = {
    "district": Style(
        "Huyện Thanh Liêm (2013–2025)",
        "Thanh Liêm district (2013–2025)",
        stroke="#b2182b",
        stroke_width=3,
        fill="#b2182b",
        fill_opacity=0.06,
    ),
    "hanam_district": Style(
        "Huyện, thành phố khác của Hà Nam",
        "Other Hà Nam districts",
        stroke="#737373",
        stroke_width=1.2,
        fill="#f0f0f0",
        fill_opacity=0.25,
    ),
    "neighbour_province": Style(
        "Tỉnh lân cận",
        "Neighbouring provinces",
        stroke="#525252",
        stroke_width=1.8,
        fill="#d9d9d9",
        fill_opacity=0.15,
        dash=(6, 4),
    ),
    "kcn": Style(
        "Khu công nghiệp (KCN)",
        "Industrial park (KCN)",
        stroke="#542788",
        stroke_width=2,
        fill="#8073ac",
        fill_opacity=1.0,
        marker="square",
        marker_size=16,
    ),
    "ccn": Style(
        "Cụm công nghiệp (CCN)",
        "Industrial cluster (CCN)",
        stroke="#b35806",
        stroke_width=2,
        fill="#f1a340",
        fill_opacity=1.0,
        marker="triangle",
        marker_size=18,
    ),
    "uncertainty": Style(
        "Vùng có thể có vị trí thật (sai số)",
        "Where the real position may lie (uncertainty)",
        stroke="#6a51a3",
        stroke_width=1.5,
        fill="#9e9ac8",
        fill_opacity=0.12,
        dash=(4, 4),
    ),
    "schematic_road": Style(
        "ĐT495B – sơ đồ, không phải tuyến thật",
        "ĐT495B – schematic, not the real route",
        stroke="#1a1a1a",
        stroke_width=3,
        dash=(10, 8),
    ),
    "unmapped_road": Style(
        "T1, T4 – chưa công bố tuyến",
        "T1, T4 – route not published",
        stroke="#969696",
        stroke_width=2,
        dash=(2, 6),
    ),
    "unit_2025_commune": Style(
        "Xã mới từ 01/07/2025 (trụ sở)",
        "Commune from 1/07/2025 (seat)",
        stroke="#01665e",
        stroke_width=1.5,
        fill="#5ab4ac",
        fill_opacity=0.9,
        marker="circle",
        marker_size=10,
    ),
    "unit_2025_ward": Style(
        "Phường mới từ 01/07/2025 (trụ sở)",
        "Ward from 1/07/2025 (seat)",
        stroke="#01665e",
        stroke_width=1.5,
        fill="#c7eae5",
        fill_opacity=0.9,
        marker="circle",
        marker_size=10,
    ),
    # kinds that exist only after `thanh-liem-map import-osm` (geometry from OpenStreetMap)
    "mapped_road": Style(
        "ĐT495B, T1, T4 – tuyến theo OpenStreetMap",
        "ĐT495B, T1, T4 – route from OpenStreetMap",
        stroke="#1a1a1a",
        stroke_width=3,
    ),
    "context_road": Style(
        "QL1A, cao tốc Cầu Giẽ–Ninh Bình, QL21A (OpenStreetMap)",
        "QL1A, Cầu Giẽ–Ninh Bình expressway, QL21A (OpenStreetMap)",
        stroke="#d6604d",
        stroke_width=2.5,
    ),
    "river": Style(
        "Sông Đáy (OpenStreetMap)",
        "Đáy river (OpenStreetMap)",
        stroke="#4393c3",
        stroke_width=3,
    ),
}
"""Every feature kind and its symbology."""

LABEL_FONT: Final = "DejaVu Sans"
LABEL_COLOUR: Final = "#252525"
LABEL_HALO: Final = "#ffffff"


def style_of(kind: str) -> Style:
    """Return the style of a feature kind.

    Parameters
    ----------
    kind
        Value of a feature's ``kind`` property.

    Returns
    -------
    Style

    Raises
    ------
    KeyError
        When the kind has no style, naming it.
    """
    try:
        return STYLES[kind]
    except KeyError:
        msg = f"no style for feature kind {kind!r}; add it to geo/style.py"
        raise KeyError(msg) from None
