"""The vocabulary of position bases: how a feature's position or geometry was obtained.

Every feature's ``location_basis`` reads ``key: free text``, the key one of :data:`BASES`
(``commune_point: a point inside the commune, computed from …``). The free text is the
technical wording kept for GIS users; every product shows readers the basis' label and
explanation instead, in Vietnamese or English, so that what a map says about a feature
follows its data: after an upgrade (an OpenStreetMap import, a contributor's edit) the
words change with the key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

LANGS: Final = ("vi", "en")
"""The languages every reader-facing text is written in."""


@dataclass(frozen=True)
class Basis:
    """One way a position can be known.

    Attributes
    ----------
    key
        The key at the start of ``location_basis``.
    label_vi, label_en
        Short label (legend, popups, form value maps).
    explain_vi, explain_en
        One sentence for a newspaper reader.
    qualifier_vi, qualifier_en
        Word added to the feature's map label where the drawing is not its real shape
        (``ĐT495B (sơ đồ)``), or ``""``.
    exact
        The geometry is the feature's real shape, within its accuracy.
    """

    key: str
    label_vi: str
    label_en: str
    explain_vi: str
    explain_en: str
    qualifier_vi: str = ""
    qualifier_en: str = ""
    exact: bool = False

    def label(self, lang: str) -> str:
        """Return the short label in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.label_en if lang == "en" else self.label_vi

    def explain(self, lang: str) -> str:
        """Return the explanation in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.explain_en if lang == "en" else self.explain_vi


BASES: Final[dict[str, Basis]] = {
    basis.key: basis
    for basis in (
        Basis(
            "official_boundary",
            "ranh giới chính thức",
            "official boundary",
            "Đường ranh giới lấy từ dữ liệu địa giới hành chính của Chính phủ.",
            "The boundary line comes from the government's administrative boundary data.",
            exact=True,
        ),
        Basis(
            "published_point",
            "điểm đã công bố",
            "published point",
            "Vị trí lấy từ một địa chỉ hay tọa độ đã công bố; nơi thật có thể ở bất cứ đâu "
            "trong vòng tròn quanh điểm.",
            "The position comes from a published address or coordinate; the real place may "
            "lie anywhere in the circle around it.",
        ),
        Basis(
            "commune_point",
            "điểm cấp xã",
            "commune-level point",
            "Chỉ biết xã nơi nó nằm: điểm đặt trong xã, vòng tròn bao cả xã.",
            "Only its commune is known: the point sits inside the commune and the circle "
            "covers the whole commune.",
            "vị trí cấp xã",
            "commune-level",
        ),
        Basis(
            "schematic",
            "sơ đồ qua các xã được nêu",
            "schematic line through named communes",
            "Không phải tuyến thật: các đoạn thẳng nối những xã mà nguồn nêu, theo thứ tự.",
            "Not the real route: straight lines joining the communes its sources name, in order.",
            "sơ đồ",
            "schematic",
        ),
        Basis(
            "openstreetmap",
            "theo OpenStreetMap",
            "from OpenStreetMap",
            "Tuyến đường hay ranh giới do cộng đồng OpenStreetMap vẽ, không phải số liệu "
            "chính thức.",
            "Route or outline drawn by OpenStreetMap volunteers, not official data.",
            exact=True,
        ),
        Basis(
            "digitised",
            "do người đóng góp vẽ",
            "digitised by a contributor",
            "Do một người đóng góp vẽ từ ảnh vệ tinh, bản đồ hay khảo sát thực địa, có ghi nguồn.",
            "Drawn by a contributor from imagery, a map or a site visit, with the source named.",
            exact=True,
        ),
        Basis(
            "not_published",
            "chưa công bố",
            "not published",
            "Chưa nguồn nào công bố vị trí hay tuyến của nó, nên nó không được vẽ.",
            "No source publishes its position or route, so it is not drawn.",
        ),
    )
}
"""Every basis, by key."""

STATUS: Final[dict[str, tuple[str, str]]] = {
    "existing": ("hiện có", "existing"),
    "planned": ("quy hoạch", "planned"),
    "schematic": ("sơ đồ, không phải tuyến thật", "schematic, not the real route"),
    "route not published": ("chưa công bố tuyến", "route not published"),
    "mapped": ("theo bản đồ", "mapped"),
}
"""Vietnamese and English wording of the ``status`` values."""


def basis_key(location_basis: str) -> str:
    """Return the key a ``location_basis`` starts with, known or not.

    Parameters
    ----------
    location_basis
        ``key: free text``.

    Returns
    -------
    str

    Examples
    --------
    >>> basis_key("openstreetmap: way 42")
    'openstreetmap'
    """
    return location_basis.partition(":")[0].strip()


def split_basis(location_basis: str) -> tuple[Basis, str]:
    """Return the basis a ``location_basis`` names, and its free text.

    Parameters
    ----------
    location_basis
        ``key: free text`` (the text may be empty).

    Returns
    -------
    tuple
        The :class:`Basis` and the free text after the colon, stripped.

    Raises
    ------
    ValueError
        When the key is not one of :data:`BASES`.

    Examples
    --------
    >>> basis, text = split_basis("schematic: straight segments through commune points")
    >>> basis.label_en, text
    ('schematic line through named communes', 'straight segments through commune points')
    """
    basis = BASES.get(basis_key(location_basis))
    text = location_basis.partition(":")[2]
    if basis is None:
        known = ", ".join(BASES)
        msg = f"location_basis {location_basis!r} does not start with a known basis ({known})"
        raise ValueError(msg)
    return basis, text.strip()


def format_accuracy(accuracy_m: float, lang: str) -> str:
    """Return ``± distance`` as each language writes it: metres below 1 km, else km.

    Parameters
    ----------
    accuracy_m
        Uncertainty in metres (finite, not negative).
    lang
        ``"vi"`` (decimal comma) or ``"en"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When ``accuracy_m`` is negative or not finite.

    Examples
    --------
    >>> format_accuracy(3300, "vi"), format_accuracy(3300, "en"), format_accuracy(750, "en")
    ('± 3,3 km', '± 3.3 km', '± 750 m')
    """
    if not math.isfinite(accuracy_m) or accuracy_m < 0:
        msg = f"accuracy_m must be a finite distance ≥ 0, not {accuracy_m!r}"
        raise ValueError(msg)
    if accuracy_m < 1000:
        return f"± {accuracy_m:.0f} m"
    tenths = math.floor(accuracy_m / 100 + 0.5)  # half up, as the page's script rounds
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return f"± {text.replace('.', ',') if lang == 'vi' else text} km"


def superseded(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return a feature's ``previous_bases`` once its current basis is replaced.

    An upgrade (an OpenStreetMap import, a contributor's edit) keeps what the feature had:
    its earlier ``previous_bases``, then its current ``location_basis``, ``accuracy_m`` and
    ``source``, oldest first.

    Parameters
    ----------
    record
        The feature's properties before the upgrade.

    Returns
    -------
    list of dict
        Entries ``{location_basis, accuracy_m, source}``; ``accuracy_m`` is ``None`` for a
        feature without geometry.

    Examples
    --------
    >>> superseded({"location_basis": "not_published: no route", "accuracy_m": None,
    ...             "source": "Báo Hà Nam 2024"})
    [{'location_basis': 'not_published: no route', 'accuracy_m': None, 'source': 'Báo Hà Nam 2024'}]
    """
    earlier = record.get("previous_bases")
    accuracy = record.get("accuracy_m")
    if accuracy is not None and not math.isfinite(float(accuracy)):
        accuracy = None  # pandas' missing value
    entry = {
        "location_basis": str(record["location_basis"]),
        "accuracy_m": None if accuracy is None else float(accuracy),
        "source": str(record["source"]),
    }
    return [*(earlier if isinstance(earlier, list) else []), entry]
