"""Drawing and writing the locator figure (see :mod:`geo.figure` for what it shows).

Each file is rendered from one matplotlib figure per language; the files carry no date and
the SVG's ids are salted with a constant, so the same layers give the same bytes.
"""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import matplotlib as mpl
from matplotlib.figure import Figure

from geo.bases import LANGS
from geo.figure.compose import DPI, make_figure
from geo.figure.data import load_figure_data
from geo.figure.fonts import FigureFont, figure_font
from geo.figure.options import DEFAULT_WIDTH_CM, WIDTH_RANGE_CM
from geo.io import OutputError

FIGURE_STEM: Final = "thanh_liem_locator"
FORMATS: Final = ("png", "svg", "pdf")

logging.getLogger("fontTools").setLevel(logging.WARNING)  # its font subsetter logs every glyph


def figure_names(lang: str, width_cm: float = DEFAULT_WIDTH_CM) -> list[str]:
    """Return the file names of one language's figure.

    Parameters
    ----------
    lang
        ``vi`` or ``en``.
    width_cm
        Width; other than :data:`DEFAULT_WIDTH_CM`, it is part of the name.

    Returns
    -------
    list of str
        PNG, SVG and PDF names.
    """
    size = "" if width_cm == DEFAULT_WIDTH_CM else f"_{width_cm:g}cm"
    return [f"{FIGURE_STEM}_{lang}{size}.{fmt}" for fmt in FORMATS]


def _rc(font: FigureFont) -> Any:
    return {
        "font.family": [font.family],
        "svg.fonttype": "none",
        "svg.hashsalt": FIGURE_STEM,
        "svg.id": FIGURE_STEM,
        "pdf.fonttype": 42,
        "text.parse_math": False,
        "lines.scale_dashes": False,
        "hatch.linewidth": 0.5,
    }


_METADATA: Final[dict[str, dict[str, Any]]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": "thanh-liem-map"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "thanh-liem-map"},
}
"""File metadata: no dates (same input, same bytes)."""


def render_figure(fig: Figure, fmt: str) -> bytes:
    """Return a figure's file in one format.

    Parameters
    ----------
    fig
        The figure (made under the figure's rc settings).
    fmt
        ``png``, ``svg`` or ``pdf``.

    Returns
    -------
    bytes
    """
    buffer = io.BytesIO()
    metadata = dict(_METADATA[fmt])
    if fmt == "pdf":
        metadata["Title"] = next(t.get_text() for t in fig.texts).replace("\n", " ")
    fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def _figures(
    layers_dir: Path,
    *,
    langs: Sequence[str],
    width_cm: float,
    authored_dir: Path | None,
    say: Callable[[str], None],
) -> Iterator[tuple[str, bytes]]:
    data = load_figure_data(layers_dir, authored_dir)
    font = figure_font()
    with mpl.rc_context(_rc(font)):
        for lang in langs:
            say(f"drawing the locator figure ({lang}, {width_cm:g} cm, {font.family})")
            fig = make_figure(data, lang, width_cm, font.family)
            for name, fmt in zip(figure_names(lang, width_cm), FORMATS, strict=True):
                yield name, render_figure(fig, fmt)


def build_figures(
    layers_dir: Path,
    output_dir: Path,
    langs: Sequence[str] = LANGS,
    width_cm: float = DEFAULT_WIDTH_CM,
    *,
    progress: Callable[[str], None] | None = None,
    authored_dir: Path | None = None,
) -> list[Path]:
    """Draw the locator figure from the layers and write it, every file or none.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers.
    output_dir
        Output folder.
    langs
        Languages, among :data:`LANGS`.
    width_cm
        Width of the figure, centimetres, within :data:`WIDTH_RANGE_CM`.
    progress
        Called with a short message before each language.
    authored_dir
        Authored-data folder holding ``article.toml``; the package's by default.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValueError
        For an unknown language or a width out of range.
    ValidationError
        When the layers are missing or fail validation; nothing is written then.
    OutputError
        When the output folder cannot be written.
    """
    unknown = sorted(set(langs) - set(LANGS))
    if unknown:
        msg = f"unknown language(s) {', '.join(unknown)}; use {' or '.join(LANGS)}"
        raise ValueError(msg)
    low, high = WIDTH_RANGE_CM
    if not low <= width_cm <= high:
        msg = f"figure width {width_cm:g} cm is outside {low:g}–{high:g} cm"
        raise ValueError(msg)
    say = progress or (lambda _message: None)
    files = dict(
        _figures(layers_dir, langs=langs, width_cm=width_cm, authored_dir=authored_dir, say=say)
    )
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".figure.", dir=output_dir))
    except OSError as error:
        msg = f"cannot write to {output_dir}: {error.strerror or error}"
        raise OutputError(msg) from error
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
            (staging / name).chmod(0o644)
        for name in files:
            (staging / name).replace(output_dir / name)
    except OSError as error:
        msg = f"cannot write the figure to {output_dir}: {error.strerror or error}"
        raise OutputError(msg) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [output_dir / name for name in files]
