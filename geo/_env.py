"""Names of the environment settings, in a module that imports nothing heavy."""

from __future__ import annotations

from typing import Final

DATA_DIR_ENV: Final = "THANH_LIEM_DATA_DIR"
"""Offline folder laid out like upstream (same as ``--data-dir``)."""

OFFLINE_ENV: Final = "THANH_LIEM_OFFLINE"
"""``1`` forbids any download (same as ``--offline``)."""

CACHE_ENV: Final = "THANH_LIEM_CACHE_DIR"
"""Download cache (default: the user cache)."""

LAYERS_DIR_ENV: Final = "THANH_LIEM_LAYERS_DIR"
"""Layers folder the notebooks read (default: ``layers/``)."""

DEBUG_ENV: Final = "THANH_LIEM_DEBUG"
"""``1`` shows the traceback of an unexpected error."""
