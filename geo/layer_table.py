"""One table of the published layers: names in both languages, group, order, visibility.

Every product reads it (the web map's layer control, the QGIS layer tree, the layers'
documentation), so a layer is named and placed the same way everywhere. How each *kind* of
feature is drawn is :mod:`geo.style`; what each layer's fields are is :mod:`geo.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class LayerInfo:
    """How readers meet one layer.

    Attributes
    ----------
    name
        The layer's name (file ``<name>.geojson``, GeoPackage table).
    name_vi, name_en
        Its name for readers.
    group
        Key of its group in :data:`GROUPS`.
    shown
        Whether it is on when the map or the project opens.
    printed
        Whether print products draw it (the locator figure, the QGIS print layout).
    """

    name: str
    name_vi: str
    name_en: str
    group: str
    shown: bool = True
    printed: bool = True

    def label(self) -> str:
        """Return ``name_vi / name_en``, for places that show both at once (QGIS)."""
        return f"{self.name_vi} / {self.name_en}"


GROUPS: Final[dict[str, tuple[str, str]]] = {
    "article": ("Bài báo", "Article"),
    "context": ("Bối cảnh", "Context"),
    "after_2025": ("Sau 2025", "After 2025"),
}
"""Groups of layers, top to bottom in a layer tree."""

LAYERS: Final[tuple[LayerInfo, ...]] = (
    LayerInfo(
        "context", "Huyện, tỉnh xung quanh", "Surrounding districts and provinces", "context"
    ),
    LayerInfo(
        "district", "Huyện Thanh Liêm (2013–2025)", "Thanh Liêm district (2013–2025)", "article"
    ),
    LayerInfo("roads", "Đường bài báo nêu", "Roads the article names", "article"),
    LayerInfo(
        "industrial_areas", "Khu, cụm công nghiệp", "Industrial park and clusters", "article"
    ),
    LayerInfo(
        "admin_2025",
        "Xã, phường từ 01/07/2025",
        "Units from 1/07/2025",
        "after_2025",
        shown=False,
        printed=False,
    ),
)
"""The published layers in drawing order, bottom first."""

LAYER_INFO: Final[dict[str, LayerInfo]] = {layer.name: layer for layer in LAYERS}
""":data:`LAYERS` by name."""

PRINTED: Final[tuple[str, ...]] = tuple(layer.name for layer in LAYERS if layer.printed)
"""The layers print products draw, bottom first."""


def printed_groups() -> list[tuple[str, tuple[str, ...]]]:
    """Return the printed layers by group, top to bottom, for a printed legend.

    Returns
    -------
    list of tuple
        ``("name_vi / name_en", (layer, …))`` per group that has a printed layer, its layers
        top first.
    """
    groups = []
    for key, (name_vi, name_en) in GROUPS.items():
        names = tuple(i.name for i in reversed(LAYERS) if i.group == key and i.printed)
        if names:
            groups.append((f"{name_vi} / {name_en}", names))
    return groups
