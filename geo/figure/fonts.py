"""The figure's typeface: Noto Sans when installed, else DejaVu Sans (both cover Vietnamese).

Noto Sans (Debian ``fonts-noto-core``, SIL Open Font Licence) is preferred. Where it is
missing the figure is still built, in DejaVu Sans, which matplotlib ships itself, so that
``make map`` works on any machine; a log line names the package that brings Noto. Either
font has every precomposed Vietnamese letter, and either is embedded in the PDF (TrueType,
``pdf.fonttype`` 42) and named, not drawn, in the SVG (``svg.fonttype`` ``none``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from matplotlib import font_manager

LOG = logging.getLogger(__name__)

PREFERRED: Final = "Noto Sans"
FALLBACK: Final = "DejaVu Sans"
NOTO_FILES: Final = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
"""Files of the preferred family, looked for among the system fonts when matplotlib's font
cache predates their installation."""
VIETNAMESE_SAMPLE: Final = "ĂÂĐÊÔƠƯăâđêôơư ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
"""Letters a font must have to set Vietnamese."""


@dataclass(frozen=True)
class FigureFont:
    """The typeface the figure is set in.

    Attributes
    ----------
    family
        Family name, as matplotlib and the SVG name it.
    path
        The regular face's file.
    fallback
        True when the preferred family is missing and :data:`FALLBACK` is used.
    """

    family: str
    path: Path
    fallback: bool

    @property
    def postscript_name(self) -> str:
        """PostScript name of the regular face (what a PDF lists as its font)."""
        return str(font_manager.get_font(str(self.path)).postscript_name)


def _find(family: str) -> Path | None:
    try:
        found = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    except ValueError:
        return None
    return Path(found)


def _register_noto() -> Path | None:
    """Add Noto Sans to matplotlib's font list when its cache was built before it was installed."""
    regular = None
    for name in font_manager.findSystemFonts():
        if Path(name).name in NOTO_FILES:
            font_manager.fontManager.addfont(name)
            if Path(name).name == NOTO_FILES[0]:
                regular = Path(name)
    return regular


def covers_vietnamese(path: Path) -> bool:
    """Tell whether a font file has a glyph for every letter of :data:`VIETNAMESE_SAMPLE`.

    Parameters
    ----------
    path
        A TrueType or OpenType file.

    Returns
    -------
    bool
    """
    charmap = font_manager.get_font(str(path)).get_charmap()
    return all(ord(letter) in charmap for letter in VIETNAMESE_SAMPLE if letter != " ")


def figure_font(preferred: str = PREFERRED) -> FigureFont:
    """Return the typeface to set the figure in.

    Parameters
    ----------
    preferred
        Family to use when it is installed and covers Vietnamese.

    Returns
    -------
    FigureFont
        ``preferred``, else :data:`FALLBACK` (logged).
    """
    path = _find(preferred)
    if path is None and preferred == PREFERRED:
        path = _register_noto()
    if path is not None and covers_vietnamese(path):
        return FigureFont(preferred, path, fallback=False)
    LOG.warning(
        "font %s is not installed (Debian: apt-get install fonts-noto-core); "
        "the figure uses %s, which also covers Vietnamese",
        preferred,
        FALLBACK,
    )
    fallback = _find(FALLBACK)
    if fallback is None:  # pragma: no cover - matplotlib ships DejaVu Sans
        msg = f"neither {preferred} nor {FALLBACK} is available to matplotlib"
        raise RuntimeError(msg)
    return FigureFont(FALLBACK, fallback, fallback=True)
