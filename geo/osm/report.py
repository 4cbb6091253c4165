r"""What an OpenStreetMap import matched, left unmatched, found ambiguous or skipped.

The report is Markdown, and most of its text comes from the extract (names and references
from tags, the file name) or from authored files. Such text is written as text: line breaks
and other control characters become visible escapes (``\n``, ``\x00``, ``\u2028``) and
Markdown's punctuation is backslash-escaped, so a tag cannot start a heading, a list item, a
link or an HTML element of the report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final, Literal

REPORT_FILENAME: Final = "osm_import_report.md"
"""Name of the import report, written beside the override file."""

Outcome = Literal["matched", "unmatched", "ambiguous"]

_HEADINGS: Final[dict[Outcome, str]] = {
    "matched": "Matched: OSM geometry applied",
    "unmatched": "Unmatched: previous geometry kept",
    "ambiguous": "Ambiguous: not applied, previous geometry kept (check the OSM ids)",
}

_MARKDOWN_PUNCTUATION: Final = re.compile(r"([\\`*_\[\]<>!|~&])")
"""Characters with an inline meaning in Markdown or HTML; each is written with a backslash.
(``#``, ``-``, ``+`` and ``.`` start blocks only at the start of a line, where data never
is: every line of the report starts with the report's own text.)"""
_LINE_BREAKING: Final = frozenset({"Cc", "Zl", "Zp"})
"""Unicode categories written as escapes: controls (C0, DEL, C1 with U+0085), U+2028, U+2029."""


def _visible(character: str) -> str:
    if unicodedata.category(character) not in _LINE_BREAKING:
        return character
    return character.encode("unicode_escape").decode("ascii")


def markdown_text(text: str) -> str:
    r"""Return ``text`` as inline Markdown that shows it literally, on one line.

    Parameters
    ----------
    text
        Any string (a tag value, a file name, a message holding them).

    Returns
    -------
    str

    Examples
    --------
    >>> print(markdown_text("x\n## Matched\n* fake <b>"))
    x\n## Matched\n\* fake \<b\>
    """
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return "".join(map(_visible, escaped))


def markdown_code(text: str) -> str:
    """Return ``text`` as a Markdown code span that shows it literally, on one line.

    The fence is one backtick longer than the longest run of backticks inside, and control
    characters become visible escapes as in :func:`markdown_text`.

    Parameters
    ----------
    text
        Any string (an id, a file name).

    Returns
    -------
    str

    Examples
    --------
    >>> print(markdown_code("t4"), markdown_code("a`b"))
    `t4` ``a`b``
    """
    visible = "".join(map(_visible, text))
    fence = "`" * (max(map(len, re.findall("`+", visible)), default=0) + 1)
    if visible.strip(" ") and (visible[:1] in "` " or visible[-1:] in "` "):
        visible = f" {visible} "  # CommonMark strips one space on each side
    return f"{fence}{visible}{fence}"


@dataclass(frozen=True)
class Entry:
    """The outcome for one feature.

    Attributes
    ----------
    id
        Feature id (``kcn_thanh_liem``, ``dt495b``, ``osm_ql1a``…).
    outcome
        ``matched``, ``unmatched`` or ``ambiguous``.
    detail
        Why, in one sentence.
    osm_ids
        The OSM objects concerned (applied for a match, candidates when ambiguous, refused
        candidates when unmatched).
    """

    id: str
    outcome: Outcome
    detail: str
    osm_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """An OSM object the import would have looked at but could not use.

    Attributes
    ----------
    osm_id
        ``way/<id>`` or ``relation/<id>``.
    reason
        Why (nodes missing or out of range, one node, an over-long tag, missing members…).
    """

    osm_id: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """The report of one import.

    Attributes
    ----------
    extract
        File name of the extract.
    timestamp
        Time the extract was cut, or ``None``.
    timestamp_origin
        Where the timestamp comes from.
    entries
        One entry per feature looked for.
    skipped
        OSM objects that were not used, with the reason.
    coverage
        What the extract covers, as a phrase (``lon 102.1–109.5, lat 8.2–23.4 (file header)``).
    """

    extract: str
    timestamp: str | None
    timestamp_origin: str
    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)
    coverage: str = "unknown"

    def of(self, outcome: Outcome) -> list[Entry]:
        """Return the entries with one outcome.

        Parameters
        ----------
        outcome
            ``matched``, ``unmatched`` or ``ambiguous``.

        Returns
        -------
        list of Entry
        """
        return [entry for entry in self.entries if entry.outcome == outcome]

    def to_markdown(self) -> str:
        """Return the report as Markdown (every text from data escaped, see the module).

        Returns
        -------
        str
        """
        stamp = markdown_text(self.timestamp or "unknown")
        summary = (
            f"{len(self.of('matched'))} matched, {len(self.of('unmatched'))} unmatched, "
            f"{len(self.of('ambiguous'))} ambiguous."
        )
        if self.skipped:
            summary += f" {len(self.skipped)} OSM object(s) skipped."
        lines = [
            "# OpenStreetMap import",
            "",
            f"Extract {markdown_code(self.extract)}, data as of {stamp} "
            f"({markdown_text(self.timestamp_origin)}), covering {markdown_text(self.coverage)}. "
            "Geometry © OpenStreetMap contributors, ODbL 1.0.",
            "",
            summary,
        ]
        for outcome, heading in _HEADINGS.items():
            entries = self.of(outcome)
            if not entries:
                continue
            lines += ["", f"## {heading}", ""]
            for entry in entries:
                ids = f" [{markdown_text(', '.join(entry.osm_ids))}]" if entry.osm_ids else ""
                lines.append(f"- {markdown_code(entry.id)}: {markdown_text(entry.detail)}{ids}")
        if self.skipped:
            lines += ["", "## Skipped: OSM objects that could not be used", ""]
            lines += [
                f"- {markdown_code(item.osm_id)}: {markdown_text(item.reason)}"
                for item in self.skipped
            ]
        return "\n".join(lines) + "\n"
