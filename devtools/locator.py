"""The README's copy of the locator figure: the 300 dpi PNG, reduced for the web.

``make locator`` runs ``python -m devtools.locator output/thanh_liem_locator_vi.png
docs/locator_vi.png``: half the width (150 dpi) and a 256-colour palette keep the committed
picture small; the print files stay in ``output/``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from PIL import Image

from geo.io import atomic_writer

README_WIDTH_PX: Final = 945
"""Width of the README's copy: the 16 cm figure at 150 dpi."""


def reduce_png(source: Path, target: Path, width_px: int = README_WIDTH_PX) -> Path:
    """Write a smaller copy of a PNG: ``width_px`` wide, with a 256-colour palette.

    Parameters
    ----------
    source
        The full-size PNG.
    target
        The copy.
    width_px
        Its width.

    Returns
    -------
    Path
        ``target``.
    """
    with Image.open(source) as image:
        rgb = image.convert("RGB")
        height = round(rgb.height * width_px / rgb.width)
        small = rgb.resize((width_px, height), Image.Resampling.LANCZOS)
    palette = small.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    with atomic_writer(target, "wb") as out:
        palette.save(out, format="PNG", optimize=True, dpi=(150, 150))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Reduce the figure for the README.

    Parameters
    ----------
    argv
        ``SOURCE TARGET``.

    Returns
    -------
    int
        Exit code: 0, or 2 when the source is missing.
    """
    parser = argparse.ArgumentParser(prog="python -m devtools.locator", description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"error: {args.source} is missing; run make map first", file=sys.stderr)  # noqa: T201
        return 2
    print(reduce_png(args.source, args.target))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
