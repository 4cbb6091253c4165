"""The fact panel's growth chart: a small bar chart as inline SVG, tied to the fact records."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from geo.facts import Fact
from geo.webmap.content import format_number


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
