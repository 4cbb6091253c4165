"""What an OpenStreetMap import matched, left unmatched, or found ambiguous."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

Outcome = Literal["matched", "unmatched", "ambiguous"]

_HEADINGS: Final[dict[Outcome, str]] = {
    "matched": "Matched: OSM geometry applied",
    "unmatched": "Unmatched: previous geometry kept",
    "ambiguous": "Ambiguous: not applied, previous geometry kept (check the OSM ids)",
}


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
        The OSM objects concerned (applied for a match, candidates when ambiguous).
    """

    id: str
    outcome: Outcome
    detail: str
    osm_ids: tuple[str, ...] = ()


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
    incomplete
        OSM objects that matched but could not be built (nodes missing from the extract).
    """

    extract: str
    timestamp: str | None
    timestamp_origin: str
    entries: tuple[Entry, ...]
    incomplete: tuple[str, ...] = field(default_factory=tuple)

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
        """Return the report as Markdown.

        Returns
        -------
        str
        """
        stamp = self.timestamp or "unknown"
        lines = [
            "# OpenStreetMap import",
            "",
            f"Extract `{self.extract}`, data as of {stamp} ({self.timestamp_origin}). "
            "Geometry © OpenStreetMap contributors, ODbL 1.0.",
            "",
            f"{len(self.of('matched'))} matched, {len(self.of('unmatched'))} unmatched, "
            f"{len(self.of('ambiguous'))} ambiguous.",
        ]
        for outcome, heading in _HEADINGS.items():
            entries = self.of(outcome)
            if not entries:
                continue
            lines += ["", f"## {heading}", ""]
            for entry in entries:
                ids = f" [{', '.join(entry.osm_ids)}]" if entry.osm_ids else ""
                lines.append(f"- `{entry.id}`: {entry.detail}{ids}")
        if self.incomplete:
            lines += [
                "",
                "## Skipped: objects that could not be built (nodes missing from the extract)",
                "",
                ", ".join(self.incomplete),
            ]
        return "\n".join(lines) + "\n"
