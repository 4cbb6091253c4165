"""How to read the map, from the data: which basis each of the article's places rests on.

Every product explains the positions the same way (the web map's panel, the QGIS project's
abstract and map tips), and from the features as they are, so that the words change when an
upgrade (an OpenStreetMap import, a contributor's edit) changes a feature's basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from geo.bases import BASES, Basis, format_accuracy, split_basis

ARTICLE_LAYERS: Final = ("district", "industrial_areas", "roads")
"""Layers of the places the article names."""

ABBREVIATIONS: Final = {"Khu công nghiệp": "KCN", "Cụm công nghiệp": "CCN"}
"""Generic terms written short in names on the map (the legend explains them)."""


@dataclass(frozen=True)
class GuideItem:
    """One basis and the places that rest on it.

    Attributes
    ----------
    basis
        The basis.
    names_vi, names_en
        The places, each with its uncertainty where the basis is approximate and the place
        is drawn (``CCN Thanh Hải ± 3,3 km``).
    """

    basis: Basis
    names_vi: tuple[str, ...]
    names_en: tuple[str, ...]

    def names(self, lang: str) -> str:
        """Return the places, comma-separated, in ``lang`` (``"vi"`` or ``"en"``)."""
        return ", ".join(self.names_en if lang == "en" else self.names_vi)


def short_name(layer: str, props: Mapping[str, Any]) -> str:
    """Return a place's name as the map writes it: a road's reference, ``KCN …``, ``CCN …``.

    Parameters
    ----------
    layer
        Its layer.
    props
        Its properties.

    Returns
    -------
    str
    """
    if layer == "roads":
        return str(props.get("ref") or props.get("name_vi") or props.get("id"))
    name = str(props.get("name_vi") or props.get("id"))
    for term, short in ABBREVIATIONS.items():
        if name.startswith(term + " "):
            return short + name[len(term) :]
    return name


def reading_guide(
    features: Mapping[str, Iterable[tuple[Mapping[str, Any], bool]]],
) -> list[GuideItem]:
    """Return each basis the article's places rest on, with the places.

    Parameters
    ----------
    features
        By layer, each feature's properties and whether it has a geometry.

    Returns
    -------
    list of GuideItem
        In the order of :data:`geo.bases.BASES`; only bases in use.
    """
    by_basis: dict[str, list[tuple[str, Mapping[str, Any], bool]]] = {}
    for layer in ARTICLE_LAYERS:
        for props, drawn in features.get(layer, ()):
            basis, _ = split_basis(str(props.get("location_basis") or ""))
            by_basis.setdefault(basis.key, []).append((layer, props, drawn))
    items = []
    for key, basis in BASES.items():
        names_vi, names_en = [], []
        for layer, props, drawn in by_basis.get(key, ()):
            name, accuracy = short_name(layer, props), props.get("accuracy_m")
            if accuracy is None or not drawn or basis.exact:
                names_vi.append(name)
                names_en.append(name)
            else:
                names_vi.append(f"{name} {format_accuracy(float(accuracy), 'vi')}")
                names_en.append(f"{name} {format_accuracy(float(accuracy), 'en')}")
        if names_vi:
            items.append(GuideItem(basis, tuple(names_vi), tuple(names_en)))
    return items


def sentence_case(text: str) -> str:
    """Return ``text`` with its first letter upper-case (the rest as it is)."""
    return text[:1].upper() + text[1:]


def guide_text(items: Iterable[GuideItem], lang: str) -> str:
    """Return the guide as plain sentences, one per basis.

    Parameters
    ----------
    items
        From :func:`reading_guide`.
    lang
        ``"vi"`` or ``"en"``.

    Returns
    -------
    str
    """
    return " ".join(
        f"{sentence_case(item.basis.label(lang))} ({item.names(lang)}): {item.basis.explain(lang)}"
        for item in items
    )
