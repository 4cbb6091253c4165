"""The locator figure for print: PNG (300 dpi), SVG and PDF, in Vietnamese and English.

``build_figures`` reads the finished layers (checked, like every product), draws the district,
its neighbours, the industrial park and clusters with their uncertainty circles and the roads
with their basis, and writes per language ``thanh_liem_locator_<lang>.png|svg|pdf``
(``…_<lang>_<W>cm.*`` at another width than the default 16 cm). Text stays text: the SVG
names its font (``svg.fonttype`` ``none``) and the PDF embeds it as TrueType (``pdf.fonttype``
42), so that both are searchable and editable in a layout program. The files carry no date
and the SVG's ids are salted with a constant, so the same layers give the same bytes.

The figure is made with matplotlib alone; QGIS is not needed. matplotlib is imported on first
use of :func:`build_figures` (:mod:`geo.figure.build`), so that the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from geo.bases import LANGS
from geo.figure.options import DEFAULT_WIDTH_CM, WIDTH_RANGE_CM

__all__ = [
    "DEFAULT_WIDTH_CM",
    "FIGURE_STEM",
    "FORMATS",
    "LANGS",
    "WIDTH_RANGE_CM",
    "build_figures",
    "figure_names",
    "render_figure",
]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(importlib.import_module("geo.figure.build"), name)
