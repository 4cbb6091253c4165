"""The page around the map: fact panel, legend and offline note, from the records.

Rendered with a Jinja template in ``templates/`` (autoescaping on). Every number in the
panel is a fact record, tagged with ``data-fact`` so a test can tie it to the record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import jinja2
from markupsafe import Markup

from geo.authored import AuthoredDataError
from geo.bases import split_basis
from geo.captions import feature_sources
from geo.facts import Article, Fact
from geo.layer_table import LAYER_INFO
from geo.reading import reading_guide, sentence_case
from geo.style import STYLES
from geo.webmap import content
from geo.webmap.chart import growth_chart
from geo.webmap.features import MapFeature
from geo.webmap.symbols import swatch_svg, symbol_svg

CHART_BARS: Final = (
    ("output_growth_2021", False),
    ("output_growth_2022", False),
    ("output_growth_2023", False),
    ("output_target_growth_2024", True),
)
"""Facts drawn as bars of the growth chart, and whether each is a target."""

CHART_REFERENCE: Final = "growth_target_congress"
"""Fact drawn as the dashed line of the chart."""

KEY_FIGURES: Final = ("industrial_area_count", "industry_share", "output_target_2024")
"""Facts shown as the panel's headline figures."""

PRODUCTS: Final = "key_products"
"""Fact listing the key products."""

LEGEND_ORDER: Final = (
    "district",
    "hanam_district",
    "neighbour_province",
    "kcn",
    "ccn",
    "uncertainty",
    "schematic_road",
    "mapped_road",
    "unmapped_road",
    "context_road",
    "river",
    "unit_2025_commune",
    "unit_2025_ward",
)
"""Legend order; kinds not listed follow in :data:`geo.style.STYLES` order."""


@dataclass(frozen=True)
class PageData:
    """What the page template needs.

    Attributes
    ----------
    article
        The cited article.
    facts
        Every fact record, by id.
    layers
        The map's features by layer.
    credits
        Attribution lines shown in the panel (plain text).
    """

    article: Article
    facts: Mapping[str, Fact]
    layers: Mapping[str, Sequence[MapFeature]]
    credits: Sequence[str]


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("geo.webmap", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["bi"] = content.bi
    environment.filters["value"] = content.fact_value
    environment.filters["para"] = content.paragraph_ref
    return environment


def _fact(facts: Mapping[str, Fact], fact_id: str, kind: str) -> Fact:
    try:
        fact = facts[fact_id]
    except KeyError:
        msg = f"facts.csv has no fact '{fact_id}', which the map's fact panel shows"
        raise AuthoredDataError(msg) from None
    if fact.kind != kind:
        msg = f"facts.csv: fact '{fact_id}' is a {fact.kind}; the map needs a {kind}"
        raise AuthoredDataError(msg)
    return fact


def _chart(facts: Mapping[str, Fact]) -> Markup:
    bars = []
    for fact_id, is_target in CHART_BARS:
        fact = _fact(facts, fact_id, "figure")
        bars.append((fact, str(fact.year), str(fact.year), is_target))
    reference = _fact(facts, CHART_REFERENCE, "figure")
    return growth_chart(bars, reference, STYLES["district"].stroke)


def _drawing(kind: str, features: Sequence[MapFeature]) -> str:
    if kind == "uncertainty":
        return "ring"
    if STYLES[kind].marker:
        return "symbol"
    types = {f.geometry.geom_type for f in features if f.geometry is not None}
    if not types:  # drawn nowhere (a road without a published route): shown as a line
        return "line" if all(f.layer == "roads" for f in features) else "area"
    return "line" if all("Line" in t for t in types) else "area"


def _label(kind: str, features: Sequence[MapFeature]) -> Markup:
    """Return a legend label; for roads, name the roads the data has of that kind.

    A road style's label reads "<refs> – <what>" (``geo/style.py``); after an import maps
    some of them, the refs of the data replace those of the style.
    """
    style = STYLES[kind]
    refs = [str(f.properties.get("ref") or "") for f in features if f.layer == "roads"]
    if refs and all(refs) and " – " in style.label_vi and " – " in style.label_en:
        names = ", ".join(refs)
        return content.bi(
            f"{names} – {style.label_vi.split(' – ', 1)[1]}",
            f"{names} – {style.label_en.split(' – ', 1)[1]}",
        )
    return content.bi(style.label_vi, style.label_en)


def _legend(layers: Mapping[str, Sequence[MapFeature]]) -> list[Markup]:
    by_kind: dict[str, list[MapFeature]] = {}
    for features in layers.values():
        for feature in features:
            by_kind.setdefault(feature.kind, []).append(feature)
    if any(f.accuracy_m for f in layers.get("industrial_areas", ())):
        by_kind["uncertainty"] = []
    order: list[str] = [kind for kind in LEGEND_ORDER if kind in by_kind]
    order += [kind for kind in STYLES if kind in by_kind and kind not in order]
    entries = []
    for kind in order:
        features = by_kind[kind]
        style = STYLES[kind]
        drawing = _drawing(kind, features)
        symbol = symbol_svg(style) if drawing == "symbol" else swatch_svg(style, drawing)
        extra = Markup("")
        if kind == "unmapped_road":
            extra = _unmapped_details(features)
        elif kind.startswith("unit_2025"):
            extra = Markup('<small class="tl-hint">{}</small>').format(
                content.bi("bật lớp 2025 để xem", "switch the 2025 layer on")
            )
        entries.append(
            Markup('<li class="tl-legend-{}">{}<span>{}{}</span></li>').format(
                kind, symbol, _label(kind, features), extra
            )
        )
    return entries


def _basis_html(feature: MapFeature) -> Markup:
    basis, _ = split_basis(str(feature.properties.get("location_basis") or ""))
    return Markup("<strong>{}</strong>: {}").format(
        content.bi(basis.label_vi, basis.label_en), content.bi(basis.explain_vi, basis.explain_en)
    )


def _unmapped_details(features: Sequence[MapFeature]) -> Markup:
    """Return what is known of the features drawn nowhere (no geometry): legend only."""
    cards = Markup("").join(
        Markup('<div class="tl-unmapped" data-feature="{}">{}{}{}{}{}</div>').format(
            feature.id,
            Markup("<strong>{}</strong>").format(
                content.bi(feature.properties.get("name_vi"), feature.properties.get("name_en"))
            ),
            Markup("<p>{}</p>").format(
                content.bi(
                    feature.properties.get("note_vi") or "", feature.properties.get("note_en") or ""
                )
            ),
            Markup("<p>{}</p>").format(_basis_html(feature)),
            Markup("<p><strong>{}</strong>: {}</p>").format(
                content.bi("Nguồn", "Sources"),
                content.bi(
                    feature_sources(dict(feature.properties), "vi"),
                    feature_sources(dict(feature.properties), "en"),
                ),
            ),
            Markup('<details class="tl-pop-details"><summary>{}</summary>{}</details>').format(
                content.bi("chi tiết kỹ thuật", "technical details"),
                content.definition_list(
                    [
                        (
                            "Nguồn (nguyên văn)",
                            "Source (as recorded)",
                            Markup('<span data-field="source">{}</span>').format(
                                feature.properties.get("source") or "—"
                            ),
                        )
                    ],
                    "tl-pop-prov",
                ),
            ),
        )
        for feature in features
    )
    return Markup('<details class="tl-unmapped-list"><summary>{}</summary>{}</details>').format(
        content.bi("vì sao không vẽ?", "why not drawn?"), cards
    )


def reading_items(layers: Mapping[str, Sequence[MapFeature]]) -> list[Markup]:
    """Return how to read the map: each basis the article's places rest on, and which.

    Generated from the features' ``location_basis`` and ``accuracy_m``
    (:func:`geo.reading.reading_guide`), so it stays true after an upgrade.

    Parameters
    ----------
    layers
        Features by layer.

    Returns
    -------
    list of Markup
        One item per basis in use, then what the dashed circles mean (when any is drawn).
    """
    guide = reading_guide(
        {
            name: [(f.properties, f.geometry is not None) for f in found]
            for name, found in layers.items()
        }
    )
    items = [
        Markup('<li data-basis="{}"><strong>{}</strong> ({}): {}</li>').format(
            item.basis.key,
            content.bi(sentence_case(item.basis.label_vi), sentence_case(item.basis.label_en)),
            content.bi(item.names("vi"), item.names("en")),
            content.bi(item.basis.explain_vi, item.basis.explain_en),
        )
        for item in guide
    ]
    if any(f.accuracy_m and f.geometry is not None for f in layers.get("industrial_areas", ())):
        items.append(
            Markup("<li>{}</li>").format(
                content.bi(
                    "Vòng tròn đứt nét quanh mỗi khu, cụm công nghiệp là vùng vị trí thật của nó "
                    "có thể nằm trong đó.",
                    "The dashed circle around each industrial park or cluster is the area its "
                    "real position may lie in.",
                )
            )
        )
    return items


def render_page(data: PageData) -> str:
    """Render the panel, legend and offline note.

    Parameters
    ----------
    data
        Article, facts, layers and credits.

    Returns
    -------
    str
        HTML to place in the page body.

    Raises
    ------
    AuthoredDataError
        When a fact the panel needs is missing from ``facts.csv`` or has the wrong kind.
    """
    facts = data.facts
    shown = {fact_id for fact_id, _ in CHART_BARS} | {CHART_REFERENCE, PRODUCTS, *KEY_FIGURES}
    template = _environment().get_template("page.html.j2")
    return template.render(
        article=data.article,
        key_figures=[_fact(facts, fact_id, "figure") for fact_id in KEY_FIGURES],
        chart=_chart(facts),
        chart_facts=[_fact(facts, fact_id, "figure") for fact_id, _ in CHART_BARS],
        reference=_fact(facts, CHART_REFERENCE, "figure"),
        products=_fact(facts, PRODUCTS, "list"),
        other_figures=[f for f in facts.values() if f.kind == "figure" and f.id not in shown],
        plans=[f for f in facts.values() if f.kind == "plan"],
        lists=[f for f in facts.values() if f.kind == "list" and f.id not in shown],
        people=[f for f in facts.values() if f.kind == "person"],
        legend=_legend(data.layers),
        reading=reading_items(data.layers),
        units_layer=LAYER_INFO["admin_2025"],
        credits=data.credits,
    )
