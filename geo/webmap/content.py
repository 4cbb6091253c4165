"""The page's words: bilingual text, numbers written as each language writes them, facts.

Symbols are :mod:`geo.webmap.symbols`, the chart :mod:`geo.webmap.chart`; popups and labels
are built in the page from the features' data (``assets/cards.js``).
Every text that comes from data goes through :func:`markupsafe.escape` (``Markup.format``
escapes its arguments), so a name such as ``<img src=x onerror=alert(1)>`` is shown as text.
Bilingual text is written twice, ``<span class="l-vi">`` then ``<span class="l-en">``;
the page shows one language at a time. Numbers are written from the record they come from,
with ``data-fact``/``data-value`` attributes naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from markupsafe import Markup, escape

from geo.facts import Fact

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
        f"đoạn {fact.paragraph} / paragraph {fact.paragraph}", fact.paragraph
    )


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
