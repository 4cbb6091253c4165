"""Texts of the print products (locator figure, QGIS print layout), generated from the data.

Nothing here is written for one state of the data: the legend names the kinds drawn, with
each kind's basis (how positions were obtained) and the range of its features' ``accuracy_m``;
what is not drawn is listed from the features without geometry and their ``status``; the
credit line names the article (``geo/data/article.toml``) and the sources that the drawn
features' ``source`` and ``location_basis`` name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from geo.bases import LANGS, STATUS, basis_key, split_basis
from geo.facts import Article
from geo.reading import short_name
from geo.style import STYLES

Bilingual = tuple[str, str]
"""Vietnamese and English wording of one text."""


NBSP: Final = "\u00a0"
"""No-break space between a number and its unit."""

APPROXIMATE_M: Final = 100.0
"""Above this ``accuracy_m`` a position is called approximate in the subtitle."""

UNIT_PREFIXES: Final = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ")
"""Prefixes dropped from a unit's name where the map says what kind of unit it is."""


@dataclass(frozen=True)
class CreditRule:
    """A source recognised in the drawn features' ``source`` or ``location_basis``.

    Attributes
    ----------
    pattern
        Regular expression searched in ``source`` and ``location_basis``; a ``{0}`` in the
        wording is replaced by its match.
    vi, en
        The credit.
    """

    pattern: str
    vi: str
    en: str


CREDIT_RULES: Final = (
    CreditRule(
        r"dvhcvn",
        "địa giới hành chính của Cổng TTĐT Chính phủ (gis.chinhphu.vn), qua daohoangson/dvhcvn"
        " (GPL-3.0)",
        "boundaries from the Government web portal (gis.chinhphu.vn), via daohoangson/dvhcvn"
        " (GPL-3.0)",
    ),
    CreditRule(
        r"^openstreetmap:|OpenStreetMap",
        "© những người đóng góp OpenStreetMap (ODbL)",
        "© OpenStreetMap contributors (ODbL)",
    ),
    CreditRule(r"GADM \d+(?:\.\d+)?", "{0} (điểm đại diện xã)", "{0} (commune points)"),
    CreditRule(
        r"company's (?:warehouse )?address",
        "địa chỉ doanh nghiệp đã công bố",
        "a published company address",
    ),
    CreditRule(
        r"\b[a-z0-9-]+\.(?:com\.vn|vn|com|net|org)\b(?: \(\d\d/\d\d/\d{4}\))?", "{0}", "{0}"
    ),
)
"""Credits by what the data says; a drawn feature none of them matches is credited with the
words of its own ``source`` (contributed data, a source added later)."""

ARTICLE_CITATION: Final = re.compile(r"¶\d")
"""A ``source`` part citing a paragraph cites the article (credited from ``article.toml``)."""


def pick(text: Bilingual, lang: str) -> str:
    """Return the wording of one language.

    Parameters
    ----------
    text
        Vietnamese and English.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    return text[LANGS.index(lang)]


def number(value: float, lang: str, decimals: int = 0) -> str:
    """Format a number, rounded half up: ``1.234,5`` in Vietnamese, ``1,234.5`` in English.

    Parameters
    ----------
    value
        The number.
    lang
        ``vi`` or ``en``.
    decimals
        Decimals kept.

    Returns
    -------
    str
    """
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def distance(metres: float, lang: str) -> str:
    """Format a distance: metres below 1 km, else km with one decimal (no-break space).

    Parameters
    ----------
    metres
        Distance, metres.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    if metres < 1000:
        return f"{number(metres, lang)}{NBSP}m"
    km = metres / 1000
    return f"{number(km, lang, 0 if km == int(km) else 1)}{NBSP}km"


def accuracy_range(values: Iterable[float], lang: str) -> str:
    """Format the spread of ``accuracy_m`` values: ``±750 m``, ``±2,6–3,3 km``.

    Parameters
    ----------
    values
        ``accuracy_m`` of some features, metres.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    texts = sorted({(v, distance(v, lang)) for v in values})
    if not texts:
        return ""
    low, high = texts[0][1], texts[-1][1]
    if low == high:
        return f"±{low}"
    if low.endswith(f"{NBSP}km") and high.endswith(f"{NBSP}km"):
        return f"±{low.removesuffix(f'{NBSP}km')}–{high}"
    return f"±{low} – {high}"


def basis_text(location_basis: str, lang: str) -> str:
    """Return how a position was obtained, in words (:data:`geo.bases.BASES`).

    Parameters
    ----------
    location_basis
        The property, ``key: details``.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
        The basis' short label; an unknown key is given as written.
    """
    try:
        basis, _ = split_basis(location_basis)
    except ValueError:
        return basis_key(location_basis)
    return basis.label(lang)


def status_text(status: str, lang: str) -> str:
    """Return a ``status`` in words; an unknown value is given as written.

    Parameters
    ----------
    status
        The property.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    return pick(STATUS[status], lang) if status in STATUS else status


def short_unit_name(name: str) -> str:
    """Drop the unit-type prefix of a name (``Tỉnh Nam Định`` → ``Nam Định``).

    Parameters
    ----------
    name
        A Vietnamese unit name.

    Returns
    -------
    str
    """
    for prefix in UNIT_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def place_label(props: dict[str, Any]) -> str:
    """Return a place's map label: KCN/CCN abbreviated, as on the web map (both languages).

    Parameters
    ----------
    props
        Feature properties.

    Returns
    -------
    str
    """
    return short_name("industrial_areas", props)


def road_label(props: dict[str, Any], lang: str) -> str:
    """Return a road's map label, qualified by its basis when the line is not its route.

    Parameters
    ----------
    props
        Feature properties.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    ref = short_name("roads", props)
    try:
        basis, _ = split_basis(str(props.get("location_basis") or ""))
    except ValueError:
        return ref
    qualifier = basis.qualifier_en if lang == "en" else basis.qualifier_vi
    return f"{ref} ({qualifier})" if qualifier else ref


def kind_label(kind: str, refs: Sequence[str], lang: str) -> str:
    """Return a kind's legend label from :data:`geo.style.STYLES`, naming the data's roads.

    A road style's label reads "<refs> – <what>"; the refs of the features drawn replace
    those of the style (as on the web map).

    Parameters
    ----------
    kind
        Feature kind.
    refs
        ``ref`` of the features of that kind (roads), else empty.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    style = STYLES[kind]
    label = style.label_vi if lang == "vi" else style.label_en
    if refs and all(refs) and " – " in label:
        return f"{', '.join(refs)} – {label.split(' – ', 1)[1]}"
    return label


def title(district: dict[str, Any], lang: str) -> str:
    """Return the figure's title, naming the district and its province.

    Parameters
    ----------
    district
        Properties of the district feature.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    province = short_unit_name(str(district["province_vi"]))
    if lang == "vi":
        name = str(district["name_vi"])
        return f"Công nghiệp ở {name[0].lower()}{name[1:]} ({province})"
    return f"Industry in {district['name_en']} ({province})"


def subtitle(article: Article, accuracies: Iterable[float], lang: str) -> str:
    """Return the subtitle: what the places are, and whether positions are approximate.

    Parameters
    ----------
    article
        The cited article.
    accuracies
        ``accuracy_m`` of the drawn places (industrial areas, roads).
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    approximate = any(value > APPROXIMATE_M for value in accuracies)
    if lang == "vi":
        text = f"Các địa điểm bài báo “{article.title}” ({article.outlet}, {article.year}) nhắc tới"
        return text + ("; vị trí gần đúng được vẽ kèm vòng sai số." if approximate else ".")
    english = f" (“{article.title_en}”)" if article.title_en else ""
    text = (
        f"Places named in the article “{article.title}”{english}, {article.outlet}, {article.year}"
    )
    return text + (
        "; approximate positions are drawn with their uncertainty." if approximate else "."
    )


def not_drawn(features: Sequence[dict[str, Any]], lang: str) -> str:
    """Return the note on features without geometry, grouped by ``status``.

    Parameters
    ----------
    features
        Properties of the features without geometry.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
        ``Không vẽ: T1, T4 – chưa công bố tuyến``, or empty when every feature is drawn.
    """
    groups: dict[str, list[str]] = {}
    for props in features:
        name = str(props.get("ref") or props["name_vi"])
        groups.setdefault(str(props.get("status") or "none"), []).append(name)
    parts = [
        f"{', '.join(names)} – {status_text(status, lang)}" for status, names in groups.items()
    ]
    if not parts:
        return ""
    return pick(("Không vẽ: ", "Not drawn: "), lang) + "; ".join(parts)


def _own_words(source: str) -> str:
    """Return the parts of a ``source`` other than the article's citation."""
    parts = [part.strip() for part in source.split(";")]
    return "; ".join(part for part in parts if part and not ARTICLE_CITATION.search(part))


def source_credits(features: Iterable[dict[str, Any]], lang: str) -> list[str]:
    """Return the credits of the sources the drawn features name, in a stable order.

    Parameters
    ----------
    features
        Properties of every drawn feature.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    list of str
        One credit per source, by :data:`CREDIT_RULES`, then the own words of any feature's
        ``source`` that no rule recognises.
    """
    found: dict[int, list[str]] = {}
    unmatched: list[str] = []
    for props in features:
        texts = (str(props.get("location_basis") or ""), str(props.get("source") or ""))
        matched = False
        for index, rule in enumerate(CREDIT_RULES):
            for text in texts:
                for match in re.finditer(rule.pattern, text):
                    wording = (rule.vi if lang == "vi" else rule.en).format(match.group(0))
                    if wording not in found.setdefault(index, []):
                        found[index].append(wording)
                    matched = True
        own = _own_words(texts[1])
        if not matched and own and own not in unmatched:
            unmatched.append(own)
    named = [wording for index in sorted(found) for wording in found[index]]
    # a source named inside another credit (gis.chinhphu.vn in dvhcvn's) is not repeated
    named = [c for c in named if not any(c != other and c in other for other in named)]
    return named + unmatched


def credit_line(article: Article, features: Iterable[dict[str, Any]], lang: str) -> str:
    """Return the credit and source line.

    Parameters
    ----------
    article
        The cited article.
    features
        Properties of every drawn feature.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
    """
    sources = pick(("Nguồn", "Source"), lang)
    data = pick(("Dữ liệu", "Data"), lang)
    made = pick(("Bản đồ: thanh-liem-map", "Map: thanh-liem-map"), lang)
    named = "; ".join(source_credits(features, lang))
    return f"{sources}: {article.citation()}. {data}: {named}. {made}."


def feature_sources(props: dict[str, Any], lang: str) -> str:
    """Return where one feature's data comes from, in words of ``lang``.

    The article's paragraphs its ``source`` cites, then the sources :data:`CREDIT_RULES`
    recognise in it (and in its ``location_basis``); a source none recognises is quoted as
    written. The technical ``source`` itself stays in the layers for GIS users.

    Parameters
    ----------
    props
        The feature's properties.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    str
        E.g. ``bài báo (¶2, ¶14); GADM 4.1 (điểm đại diện xã)``; empty without a source.
    """
    paragraphs = list(dict.fromkeys(re.findall(r"¶\d+", str(props.get("source") or ""))))
    parts = []
    if paragraphs:
        article = "bài báo" if lang == "vi" else "the article"
        parts.append(f"{article} ({', '.join(paragraphs)})")
    return "; ".join(parts + source_credits([props], lang))
