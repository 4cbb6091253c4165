"""Point symbols and legend swatches as inline SVG, drawn from :data:`geo.style.STYLES`.

The page's own script draws the map's symbols from the same style values
(``assets/cards.js``); these are the legend's.
"""

from __future__ import annotations

from markupsafe import Markup

from geo.style import Style


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
