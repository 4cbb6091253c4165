"""HTML fragments of the panel and legend: bilingual text, numbers, symbols and the chart.

(Popups and labels are built in the page from the features' data: ``assets/cards.js``.)
Every text that comes from data goes through :func:`markupsafe.escape` (``Markup.format``
escapes its arguments), so a name such as ``<img src=x onerror=alert(1)>`` is shown as text.
Bilingual text is written twice, ``<span class="l-vi">`` then ``<span class="l-en">``;
the page shows one language at a time. Numbers are written from the record they come from,
with ``data-fact``/``data-value`` attributes naming it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Final

from markupsafe import Markup, escape

from geo.facts import Fact
from geo.style import Style

UNIT_EN: Final[dict[str, str]] = {
    "%": "%",
    "%/năm": "%/year",
    "tỷ đồng": "billion VND",
    "khu/cụm": "parks and clusters",
    "km²": "km²",
    "km": "km",
    "m": "m",
    "ha": "ha",
}
"""English for the units used in the records (Vietnamese)."""

STATUS: Final[dict[str, tuple[str, str]]] = {
    "existing": ("hiện có", "existing"),
    "planned": ("quy hoạch", "planned"),
    "schematic": ("sơ đồ, không phải tuyến thật", "schematic, not the real route"),
    "route not published": ("chưa công bố tuyến", "route not published"),
    "mapped": ("theo bản đồ", "mapped"),
}
"""Bilingual wording of the ``status`` values."""


def bi(vi: object, en: object) -> Markup:
    """Return text in both languages, each escaped.

    Parameters
    ----------
    vi, en
        Vietnamese and English text (escaped unless already :class:`~markupsafe.Markup`).

    Returns
    -------
    Markup
    """
    return Markup(
        '<span class="l-vi" lang="vi">{}</span><span class="l-en" lang="en">{}</span>'
    ).format(vi, en)


def decimals_of(value: float) -> int:
    """Return how many decimals a recorded number has (``28.7`` → 1, ``30640.0`` → 0).

    Parameters
    ----------
    value
        A number as read from a record.

    Returns
    -------
    int
    """
    text = repr(float(value))
    if "e" in text or "n" in text:
        return 2
    return len(text.partition(".")[2].rstrip("0"))


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """Format a number the way each language writes it.

    Vietnamese: ``30.640`` and ``28,7``; English: ``30,640`` and ``28.7``.

    Parameters
    ----------
    value
        The number.
    lang
        ``"vi"`` or ``"en"``.
    decimals
        Decimals to show; defaults to those of the recorded value.

    Returns
    -------
    str
    """
    places = decimals_of(value) if decimals is None else decimals
    text = f"{value:,.{places}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _with_unit(number: str, unit: str) -> Markup:
    if not unit or unit.startswith("%"):
        return escape(number + unit)
    return Markup('{}\u00a0<span class="tl-unit">{}</span>').format(number, unit)


def quantity(value: float, unit_vi: str, *, fact_id: str | None = None) -> Markup:
    """Return a number with its unit in both languages, tagged with where it comes from.

    Parameters
    ----------
    value
        The number.
    unit_vi
        Its unit as recorded (Vietnamese); translated by :data:`UNIT_EN`.
    fact_id
        The fact record it comes from, written as ``data-fact``.

    Returns
    -------
    Markup
    """
    unit_en = UNIT_EN.get(unit_vi, unit_vi)
    attributes = Markup(' data-fact="{}"').format(fact_id) if fact_id else Markup("")
    return Markup('<span class="tl-num"{} data-value="{}">{}</span>').format(
        attributes,
        repr(float(value)),
        bi(
            _with_unit(format_number(value, "vi"), unit_vi),
            _with_unit(format_number(value, "en"), unit_en),
        ),
    )


def fact_value(fact: Fact) -> Markup:
    """Return the value of a fact in both languages (a tagged number for a figure).

    Parameters
    ----------
    fact
        A fact record.

    Returns
    -------
    Markup
    """
    if fact.kind == "figure":
        return quantity(fact.number, fact.unit, fact_id=fact.id)
    return Markup('<span data-fact="{}">{}</span>').format(
        fact.id, bi(fact.value, fact.value_en or fact.value)
    )


def paragraph_ref(fact: Fact) -> Markup:
    """Return the ``¶n`` reference of a fact to the article.

    Parameters
    ----------
    fact
        A fact record.

    Returns
    -------
    Markup
    """
    return Markup('<span class="tl-para" title="{}">¶{}</span>').format(
        f"paragraph {fact.paragraph}", fact.paragraph
    )


# --- symbols and swatches -------------------------------------------------------------


def symbol_svg(style: Style, *, label: str | None = None, data_id: str | None = None) -> Markup:
    """Return the point symbol of a style as inline SVG.

    Parameters
    ----------
    style
        A style with a ``marker`` (``square``, ``triangle`` or ``circle``).
    label
        Accessible name (``aria-label``).
    data_id
        Feature id, written as ``data-id``.

    Returns
    -------
    Markup
    """
    size, width = style.marker_size, style.stroke_width
    half = width / 2
    paint = Markup('fill="{}" fill-opacity="{:g}" stroke="{}" stroke-width="{:g}"').format(
        style.fill or "none", style.fill_opacity, style.stroke, width
    )
    if style.marker == "square":
        shape = Markup('<rect x="{:g}" y="{:g}" width="{:g}" height="{:g}" {}/>').format(
            half, half, size - width, size - width, paint
        )
    elif style.marker == "triangle":
        shape = Markup('<polygon points="{:g},{:g} {:g},{:g} {:g},{:g}" {}/>').format(
            size / 2, half, size - half, size - half, half, size - half, paint
        )
    else:
        shape = Markup('<circle cx="{:g}" cy="{:g}" r="{:g}" {}/>').format(
            size / 2, size / 2, (size - width) / 2, paint
        )
    extra = Markup("")
    if label is not None:
        extra += Markup(' role="img" aria-label="{}"').format(label)
    if data_id is not None:
        extra += Markup(' data-id="{}"').format(data_id)
    return Markup(
        '<svg class="tl-symbol" width="{:g}" height="{:g}" viewBox="0 0 {:g} {:g}"{}>{}</svg>'
    ).format(size, size, size, size, extra, shape)


def swatch_svg(style: Style, geometry: str) -> Markup:
    """Return a legend swatch: an area, a line or a circle drawn with a style.

    Parameters
    ----------
    style
        The style.
    geometry
        ``"area"``, ``"line"`` or ``"ring"`` (an uncertainty circle).

    Returns
    -------
    Markup
    """
    dash = Markup(' stroke-dasharray="{}"').format(style.dash_css) if style.dash else Markup("")
    stroke = Markup('stroke="{}" stroke-width="{:g}"{}').format(
        style.stroke, min(style.stroke_width, 3), dash
    )
    fill = Markup('fill="{}" fill-opacity="{:g}"').format(
        style.fill or "none", style.fill_opacity if style.fill else 0
    )
    if geometry == "line":
        shape = Markup('<line x1="1" y1="9" x2="31" y2="9" {} fill="none"/>').format(stroke)
    elif geometry == "ring":
        shape = Markup('<circle cx="16" cy="9" r="7.5" {} {}/>').format(stroke, fill)
    else:
        shape = Markup('<rect x="2" y="2" width="28" height="14" rx="2" {} {}/>').format(
            stroke, fill
        )
    return Markup(
        '<svg class="tl-swatch" width="32" height="18" viewBox="0 0 32 18" aria-hidden="true">'
        "{}</svg>"
    ).format(shape)


# --- definition lists -----------------------------------------------------------------

Row = tuple[str, str, Markup]


def definition_list(rows: Iterable[Row], css: str = "") -> Markup:
    """Return ``(label_vi, label_en, value)`` rows as a bilingual ``<dl>``.

    Parameters
    ----------
    rows
        The rows, e.g. from :func:`provenance_rows`.
    css
        Class of the list.

    Returns
    -------
    Markup
        Empty when there are no rows.
    """
    items = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(bi(vi, en), value) for vi, en, value in rows
    )
    return Markup('<dl class="{}">{}</dl>').format(css, items) if items else Markup("")


# --- chart ----------------------------------------------------------------------------


def growth_chart(
    bars: Sequence[tuple[Fact, str, str, bool]], reference: Fact | None, colour: str
) -> Markup:
    """Return a small bar chart of yearly growth as inline SVG.

    Parameters
    ----------
    bars
        ``(fact, label_vi, label_en, is_target)`` per bar, left to right. Targets are drawn
        hatched.
    reference
        A figure drawn as a dashed horizontal line (a target rate), or ``None``.
    colour
        Bar colour.

    Returns
    -------
    Markup
        An ``<svg>`` whose bars carry ``data-fact`` and ``data-value``.
    """
    width, height = 300, 168
    top, bottom, left, right = 20, 36, 6, 6
    values = [fact.number for fact, *_ in bars]
    if reference is not None:
        values.append(reference.number)
    ceiling = max(5.0, math.ceil(max(values) / 5) * 5)
    plot_h = height - top - bottom
    slot = (width - left - right) / max(1, len(bars))
    bar_w = min(46.0, slot * 0.62)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / ceiling)

    parts = [
        Markup(
            '<defs><pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="3"/></pattern></defs>'
        ).format(colour),
        Markup('<line class="tl-axis" x1="{:g}" y1="{:g}" x2="{:g}" y2="{:g}"/>').format(
            left, top + plot_h, width - right, top + plot_h
        ),
    ]
    y_ref = y_of(reference.number) if reference is not None else None
    texts: list[Markup] = []
    for index, (fact, label_vi, label_en, is_target) in enumerate(bars):
        x = left + slot * index + (slot - bar_w) / 2
        y = y_of(fact.number)
        fill = "url(#tl-hatch)" if is_target else colour
        parts.append(
            Markup(
                '<rect class="tl-col" data-fact="{}" data-value="{}" x="{:.1f}" y="{:.1f}" '
                'width="{:.1f}" height="{:.1f}" fill="{}" stroke="{}" stroke-width="1.5"/>'
            ).format(fact.id, repr(fact.number), x, y, bar_w, top + plot_h - y, fill, colour)
        )
        centre = x + bar_w / 2
        value_y = y - 5
        if y_ref is not None and value_y - 11 <= y_ref <= value_y + 3:
            value_y = y_ref - 5  # lift the value above the dashed line it would cross
        for lang, label in (("vi", label_vi), ("en", label_en)):
            texts.append(
                Markup(
                    '<text class="l-{} tl-bar-value" x="{:.1f}" y="{:.1f}">{}</text>'
                    '<text class="l-{} tl-bar-label" x="{:.1f}" y="{:.1f}">{}</text>'
                ).format(
                    lang,
                    centre,
                    value_y,
                    format_number(fact.number, lang) + "%",
                    lang,
                    centre,
                    top + plot_h + 15,
                    label,
                )
            )
            if is_target:
                texts.append(
                    Markup(
                        '<text class="l-{} tl-bar-label tl-small" x="{:.1f}" y="{:.1f}">{}</text>'
                    ).format(
                        lang, centre, top + plot_h + 29, "mục tiêu" if lang == "vi" else "target"
                    )
                )
    if reference is not None and y_ref is not None:  # over the bars, under the values
        parts.append(
            Markup(
                '<line class="tl-ref" data-fact="{}" data-value="{}" x1="{:g}" y1="{:.1f}" '
                'x2="{:g}" y2="{:.1f}"/>'
            ).format(reference.id, repr(reference.number), left, y_ref, width - right, y_ref)
        )
    parts.extend(texts)
    return Markup(
        '<svg class="tl-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="tl-chart-title">'
        "{}</svg>"
    ).format(width, height, Markup("").join(parts))
