"""What the figure command accepts: light constants, read by the command line."""

from __future__ import annotations

from typing import Final

DEFAULT_WIDTH_CM: Final = 16.0
"""A newspaper page's text width (1,890 px at 300 dpi)."""
WIDTH_RANGE_CM: Final = (7.0, 60.0)
"""Widths the layout is made for: a narrow column to a poster."""
