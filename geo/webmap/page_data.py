"""The page's data: one JSON document with every feature, the facts and the vocabulary.

The page's own script (``assets/cards.js``, ``assets/thanh_liem.js``) draws the features and
builds popups, labels and symbols from it, each text from the data as a text node. Each
feature's data is here once: its properties as the layer has them, and what only the map
needs (display geometry, anchor, label point, search names). What a layer's features share
is written once for the layer (properties of the same value, the words of their sources),
and lines and rings as Encoded Polyline strings (:mod:`geo.webmap.polyline`); the script
puts each feature back together before it draws it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final

from geo.bases import BASES, LANGS, STATUS
from geo.captions import feature_sources
from geo.facts import Fact
from geo.reading import ABBREVIATIONS as LABEL_ABBREVIATIONS
from geo.style import STYLES, UNCERTAINTY_KIND, UNCERTAINTY_LAYERS, Style
from geo.validate import ValidationError
from geo.webmap.content import UNIT_EN, format_number
from geo.webmap.features import (
    MapFeature,
    context_label_point,
    geometry_json,
    line_label_point,
)
from geo.webmap.polyline import encode_geometry

LAYER_PANES: Final = {
    "context": "tl-context",
    "district": "tl-district",
    "industrial_areas": "tl-unc",
    "roads": "tl-roads",
    "admin_2025": "tl-roads",
}

ABBREVIATIONS: Final = {
    **LABEL_ABBREVIATIONS,
    "Đường tỉnh": "ĐT",
    "Quốc lộ": "QL",
    "Thành phố": "TP",
    "Thị trấn": "TT",
}
"""Generic terms of Vietnamese names and the abbreviations readers search for: those the map's
labels use (:data:`geo.reading.ABBREVIATIONS`) and more."""


UNIT_TYPES: Final = {
    "Tỉnh": ("tỉnh", "province"),
    "Thành phố": ("thành phố", "city"),
    "Thị xã": ("thị xã", "town"),
    "Huyện": ("huyện", "district"),
    "Quận": ("quận", "urban district"),
}
"""Administrative levels of the context units, in both languages."""


def search_aliases(name_vi: str, name_en: str) -> str:
    """Return the other names a reader may search a feature by.

    Parameters
    ----------
    name_vi, name_en
        The feature's names.

    Returns
    -------
    str
        The English name and the Vietnamese name with its generic term abbreviated
        (``Khu công nghiệp Thanh Liêm`` → ``KCN Thanh Liêm``), space-separated.
    """
    aliases = [name_en]
    for term, short in ABBREVIATIONS.items():
        if name_vi.startswith(term):
            aliases.append(short + name_vi[len(term) :])
    return " ".join(alias for alias in aliases if alias)


def path_options(style: Style, *, area: bool = False) -> dict[str, Any]:
    """Return Leaflet path options for a style.

    Parameters
    ----------
    style
        The style.
    area
        The feature is an area: its fill opacity is :attr:`geo.style.Style.area_fill_opacity`
        (capped for a point-symbol kind drawn as a footprint).

    Returns
    -------
    dict
    """
    return {
        "color": style.stroke,
        "weight": style.stroke_width,
        "opacity": 1.0,
        "fill": style.fill is not None,
        "fillColor": style.fill or style.stroke,
        "fillOpacity": style.area_fill_opacity if area else style.fill_opacity,
        "dashArray": style.dash_css,
    }


def _symbol(style: Style) -> dict[str, Any]:
    return {
        "marker": style.marker,
        "size": style.marker_size,
        "width": style.stroke_width,
        "stroke": style.stroke,
        "fill": style.fill,
        "fillOpacity": style.fill_opacity,
    }


def search_keys(
    layers: Mapping[str, Sequence[MapFeature]], layer_names: Mapping[str, str]
) -> dict[tuple[str, str], str]:
    """Return a unique search name per drawn feature: its name, with its layer's if repeated.

    Parameters
    ----------
    layers
        Features by layer.
    layer_names
        Name of each layer shown to readers.

    Returns
    -------
    dict
        ``(layer, id)`` → name.
    """
    keys: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for layer, features in layers.items():
        for feature in features:
            if feature.geometry is None:
                continue
            key = str(feature.properties.get("name_vi") or feature.id)
            if key in used:
                key = f"{key} ({layer_names[layer]})"
            used.add(key)
            keys[(layer, feature.id)] = key
    return keys


def _feature_spec(
    feature: MapFeature,
    layers: Mapping[str, Sequence[MapFeature]],
    search_key: str,
    shared: Mapping[str, Any],
    sources: dict[tuple[str, ...], int],
) -> dict[str, Any]:
    style = STYLES[feature.kind]
    geometry = feature.geometry
    if geometry is not None and geometry.geom_type == "Point" and not style.marker:
        msg = f"{feature.layer}/{feature.id}: point of kind {feature.kind!r} has no marker style"
        raise ValidationError([msg])
    anchor = feature.anchor
    label_at: tuple[float, float] | None = anchor
    if feature.layer == "context":
        label_at = context_label_point(feature, layers)
    elif geometry is not None and "Line" in geometry.geom_type:
        label_at = line_label_point(feature, layers)
    name_vi = str(feature.properties.get("name_vi") or feature.id)
    words = tuple(feature_sources(dict(feature.properties), lang) for lang in LANGS)
    return {
        "props": {key: value for key, value in feature.properties.items() if key not in shared},
        "geometry": (
            encode_geometry(geometry_json(geometry))
            if geometry is not None and geometry.geom_type != "Point"
            else None
        ),
        "anchor": list(anchor) if anchor else None,
        "radius": feature.accuracy_m if feature.layer in UNCERTAINTY_LAYERS else None,
        "labelAt": list(label_at) if label_at else None,
        "sources": sources.setdefault(words, len(sources)),
        "search": search_key,
        "searchAlt": search_aliases(name_vi, str(feature.properties.get("name_en") or "")),
    }


def shared_properties(features: Sequence[MapFeature]) -> dict[str, Any]:
    """Return the properties every one of several features has with the same value.

    The page writes them once per layer (a context unit's source, basis and notes are the
    same for all eleven units) and its script gives them back to each feature.

    Parameters
    ----------
    features
        The features of one layer.

    Returns
    -------
    dict
        Property → value; empty for fewer than two features. Values are compared as JSON,
        so ``1`` and ``1.0`` or ``0`` and ``false`` stay apart.
    """
    if len(features) < 2:
        return {}
    first, *others = features
    return {
        key: value
        for key, value in first.properties.items()
        if all(
            key in other.properties and _same_json(other.properties[key], value) for other in others
        )
    }


def _same_json(one: Any, other: Any) -> bool:
    return json.dumps(one, sort_keys=True) == json.dumps(other, sort_keys=True)


def layer_spec(
    layer: str,
    layers: Mapping[str, Sequence[MapFeature]],
    keys: Mapping[tuple[str, str], str],
) -> dict[str, Any]:
    """Return what ``thanhLiem.featureLayer`` draws for one layer.

    Parameters
    ----------
    layer
        Layer name.
    layers
        Every layer's features.
    keys
        Unique search name per ``(layer, id)`` (:func:`search_keys`).

    Returns
    -------
    dict
        ``layer``, ``pane``, ``styles`` and ``symbols`` (by kind), ``uncertainty`` (path
        options or ``None``), the drawn ``features``, the properties they all share
        (``shared``, :func:`shared_properties`: not repeated in each feature's ``props``) and
        the words of their ``sources`` (``[vi, en]`` pairs, each once: a feature's
        ``sources`` is an index in this list). A feature's ``geometry`` is its lines and
        rings as Encoded Polyline strings (:func:`geo.webmap.polyline.encode_geometry`),
        ``None`` for a point; its ``id`` and ``kind`` are those of its properties.
    """
    features = layers[layer]
    styles, symbols = {}, {}
    for feature in features:
        area = feature.geometry is not None and "Polygon" in feature.geometry.geom_type
        style = STYLES[feature.kind]
        styles[feature.kind] = path_options(style, area=area)
        if style.marker:
            symbols[feature.kind] = _symbol(style)
    drawn = [f for f in features if f.geometry is not None]
    shared = shared_properties(drawn)
    sources: dict[tuple[str, ...], int] = {}
    specs = [_feature_spec(f, layers, keys[(layer, f.id)], shared, sources) for f in drawn]
    return {
        "layer": layer,
        "pane": LAYER_PANES.get(layer, "overlayPane"),
        "styles": styles,
        "symbols": symbols,
        "uncertainty": (
            path_options(STYLES[UNCERTAINTY_KIND]) if layer in UNCERTAINTY_LAYERS else None
        ),
        "features": specs,
        "shared": shared,
        "sources": [list(words) for words in sources],
    }


def _fact_record(fact: Fact) -> dict[str, Any]:
    figure = fact.kind == "figure"
    return {
        "id": fact.id,
        "features": list(fact.feature_ids),
        "measure_vi": fact.measure_vi,
        "measure_en": fact.measure_en,
        "number": fact.number if figure else None,
        "unit": fact.unit,
        "value_vi": format_number(fact.number, "vi") if figure else fact.value,
        "value_en": format_number(fact.number, "en") if figure else fact.value_en or fact.value,
        "paragraph": fact.paragraph,
    }


def vocabulary(facts: Mapping[str, Fact], drawn: Collection[str]) -> dict[str, Any]:
    """Return the words the page's script builds popups and labels with.

    Parameters
    ----------
    facts
        Fact records by id; those about a drawn feature are listed in its popup.
    drawn
        Ids of the drawn features: only facts about one of them are written (the others,
        about the district as a whole, are in the fact panel, not in a popup).

    Returns
    -------
    dict
        ``bases`` (:data:`geo.bases.BASES`), ``kinds`` (legend labels), ``status``,
        ``units`` (Vietnamese → English), ``unitTypes``, ``labelAbbreviations`` and
        ``facts``.
    """
    return {
        "bases": {
            basis.key: {
                "key": basis.key,
                "label": [basis.label_vi, basis.label_en],
                "explain": [basis.explain_vi, basis.explain_en],
                "qualifier": (
                    [basis.qualifier_vi, basis.qualifier_en] if basis.qualifier_vi else None
                ),
            }
            for basis in BASES.values()
        },
        "kinds": {kind: [style.label_vi, style.label_en] for kind, style in STYLES.items()},
        "status": {key: list(words) for key, words in STATUS.items()},
        "units": UNIT_EN,
        "unitTypes": {key: list(words) for key, words in UNIT_TYPES.items()},
        "labelAbbreviations": dict(LABEL_ABBREVIATIONS),
        "facts": [
            _fact_record(fact)
            for fact in facts.values()
            if any(feature_id in drawn for feature_id in fact.feature_ids)
        ],
    }


def page_document(
    layers: Mapping[str, Sequence[MapFeature]],
    facts: Mapping[str, Fact],
    config: Mapping[str, Any],
    layer_names: Mapping[str, str],
) -> dict[str, Any]:
    """Return the page's JSON document.

    Parameters
    ----------
    layers
        Features by layer.
    facts
        Fact records by id.
    config
        Settings of the page's controls (bounds, attribution, texts).
    layer_names
        The overlays in drawing order, each with its name shown to readers.

    Returns
    -------
    dict
        ``config``, ``vocab`` and ``layers`` (:func:`layer_spec` by name).
    """
    keys = search_keys(layers, layer_names)
    drawn = {feature_id for _, feature_id in keys}
    return {
        "config": dict(config),
        "vocab": vocabulary(facts, drawn),
        "layers": {layer: layer_spec(layer, layers, keys) for layer in layer_names},
    }
