"""The article's facts as records: the single source of every number the map shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from geo.authored import (
    AuthoredDataError,
    default_dir,
    number,
    read_csv,
    read_toml,
    toml_number,
    toml_text,
)
from geo.schema import FIGURE, PARAGRAPH, PERCENT, YEAR, Range
from geo.text import safe_url

KINDS: Final = ("figure", "list", "plan", "person")
REQUIRED: Final = ("id", "kind", "value", "year", "measure_vi", "measure_en", "paragraph")
OPTIONAL: Final = ("value_en", "unit", "feature_id", "note_vi", "note_en")
ARTICLE_KEYS: Final = ("outlet", "outlet_url", "title", "author", "year")


@dataclass(frozen=True)
class Article:
    """The cited article.

    Attributes
    ----------
    outlet, outlet_url, title, title_en, author, year, date_note, rights
        Citation fields, as in ``article.toml``.
    """

    outlet: str
    outlet_url: str
    title: str
    title_en: str
    author: str
    year: int
    date_note: str
    rights: str

    def citation(self, paragraph: int | None = None) -> str:
        """Return a one-line citation, optionally of one paragraph.

        Parameters
        ----------
        paragraph
            Paragraph number (headline = 1).

        Returns
        -------
        str
        """
        where = f", ¶{paragraph}" if paragraph is not None else ""
        return f"{self.outlet}, “{self.title}”, {self.author}, {self.year}{where}"


@dataclass(frozen=True)
class Fact:
    """One fact stated by the article.

    Attributes
    ----------
    id
        Stable identifier.
    kind
        ``figure`` (a number), ``list``, ``plan`` or ``person``.
    value
        The number for a figure; the text otherwise (Vietnamese).
    value_en
        English text for non-figures; empty for figures.
    unit
        Unit of a figure.
    year
        Year the fact refers to.
    measure_vi, measure_en
        What it measures.
    feature_ids
        Features it belongs to (``district`` for district-wide facts).
    paragraph
        Paragraph of the article it comes from (headline = 1).
    note_vi, note_en
        Short note in the project's own words.
    """

    id: str
    kind: str
    value: float | str
    value_en: str
    unit: str
    year: int
    measure_vi: str
    measure_en: str
    feature_ids: tuple[str, ...]
    paragraph: int
    note_vi: str
    note_en: str

    @property
    def number(self) -> float:
        """The value of a figure.

        Returns
        -------
        float
        """
        if not isinstance(self.value, float):
            msg = f"fact '{self.id}' is a {self.kind}, not a figure"
            raise TypeError(msg)
        return self.value

    @property
    def items_vi(self) -> list[str]:
        """The items of a list fact, Vietnamese.

        Returns
        -------
        list of str
        """
        return [item.strip() for item in str(self.value).split(";")]

    @property
    def items_en(self) -> list[str]:
        """The items of a list fact, English.

        Returns
        -------
        list of str
        """
        return [item.strip() for item in self.value_en.split(";")]


def _whole(row: dict[str, str], column: str, path: Path, within: Range) -> int:
    value = number(row, column, path, within=within)
    if value is None:  # required columns are never empty; kept for the type checker
        msg = f"{path}: fact '{row['id']}' has no {column}"
        raise AuthoredDataError(msg)
    return int(value)


def _figure(row: dict[str, str], path: Path) -> float:
    if not row["unit"].strip():
        msg = f"{path}: figure '{row['id']}' has no unit"
        raise AuthoredDataError(msg)
    value = number(row, "value", path, within=PERCENT if row["unit"].strip() == "%" else FIGURE)
    if value is None:
        msg = f"{path}: figure '{row['id']}' has no value"
        raise AuthoredDataError(msg)
    return value


def _fact(row: dict[str, str], path: Path) -> Fact:
    if row["kind"] not in KINDS:
        msg = f"{path}: fact '{row['id']}' has kind {row['kind']!r}, not one of {KINDS}"
        raise AuthoredDataError(msg)
    value: float | str = row["value"]
    if row["kind"] == "figure":
        value = _figure(row, path)
    elif not row["value_en"].strip():
        msg = f"{path}: fact '{row['id']}' has no value_en"
        raise AuthoredDataError(msg)
    return Fact(
        id=row["id"],
        kind=row["kind"],
        value=value,
        value_en=row["value_en"],
        unit=row["unit"],
        year=_whole(row, "year", path, YEAR),
        measure_vi=row["measure_vi"],
        measure_en=row["measure_en"],
        feature_ids=tuple(
            item.strip() for item in (row["feature_id"] or "district").split(";") if item.strip()
        ),
        paragraph=_whole(row, "paragraph", path, PARAGRAPH),
        note_vi=row["note_vi"],
        note_en=row["note_en"],
    )


def load_facts(folder: Path | None = None) -> dict[str, Fact]:
    """Load ``facts.csv``.

    Parameters
    ----------
    folder
        Authored-data folder; defaults to the package's.

    Returns
    -------
    dict
        Facts by id, in file order.
    """
    path = (folder or default_dir()) / "facts.csv"
    return {row["id"]: _fact(row, path) for row in read_csv(path, REQUIRED, OPTIONAL)}


def load_article(folder: Path | None = None) -> Article:
    """Load ``article.toml``.

    Parameters
    ----------
    folder
        Authored-data folder; defaults to the package's.

    Returns
    -------
    Article
    """
    path = (folder or default_dir()) / "article.toml"
    data = read_toml(path)
    missing = [key for key in ARTICLE_KEYS if key not in data or data[key] == ""]
    if missing:
        msg = f"{path}: missing {', '.join(missing)}"
        raise AuthoredDataError(msg)
    return Article(
        outlet=toml_text(data, "outlet", path),
        outlet_url=safe_url(toml_text(data, "outlet_url", path), f"{path}: outlet_url"),
        title=toml_text(data, "title", path),
        title_en=toml_text(data, "title_en", path, required=False),
        author=toml_text(data, "author", path),
        year=int(toml_number(data, "year", path, within=YEAR)),
        date_note=toml_text(data, "date_note", path, required=False),
        rights=toml_text(data, "rights", path, required=False),
    )


def facts_for(feature_id: str, facts: dict[str, Fact]) -> list[Fact]:
    """Return the facts that belong to one feature.

    Parameters
    ----------
    feature_id
        Feature id, or ``district``.
    facts
        All facts.

    Returns
    -------
    list of Fact
    """
    return [fact for fact in facts.values() if feature_id in fact.feature_ids]
