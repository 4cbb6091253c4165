"""thanh-liem-map: layers, a web map and a QGIS export of industry in Thanh Liêm (Hà Nam)."""

from __future__ import annotations

__version__ = "0.1.0"
