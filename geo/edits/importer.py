"""``thanh-liem-map import-edits``: a contributed file → the reviewed contributions file.

The import reads the file, compares it with the current layers (built from the same
authored-data folder and upgraded as the build upgrades them: its OpenStreetMap import and
earlier contributions applied), checks every edit, then checks
the upgraded layers with everything ``validate`` checks. Only when nothing is refused does it
write ``contributions.geojson``, in one atomic replacement; on any problem it raises
:class:`RefusedEditsError` listing them all, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.authored import AuthoredDataError
from geo.edits.read import read_edit_file
from geo.edits.report import format_report, printable
from geo.edits.review import review_rows
from geo.io import atomic_writer
from geo.layer_files import collections_of
from geo.layers import build_layers
from geo.sources import SourceSettings
from geo.upgrades import apply_upgrades, upgrade_layers
from geo.upgrades.contributions import (
    CONTRIBUTIONS_FILENAME,
    contribution_upgrade,
    dumps_contributions,
    read_contributions,
)
from geo.validate import problems_in

Progress = Callable[[str], None]


class RefusedEditsError(AuthoredDataError):
    """A contributed file was refused; ``problems`` lists why."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        listed = "\n".join(f"  ✗ {printable(problem)}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in {path}; nothing was imported:\n{listed}")
        self.problems = problems


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did.

    Attributes
    ----------
    report
        The report (Markdown-like text).
    written
        Files written (empty for a dry run or when nothing changed).
    """

    report: str
    written: tuple[Path, ...]


def import_edits(
    path: Path,
    folder: Path,
    settings: SourceSettings | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import the edits of a contributed file into an authored-data folder.

    Parameters
    ----------
    path
        A GeoPackage edited in QGIS, or any OGR-readable file (GeoJSON, KML…), in any CRS.
    folder
        Authored-data folder to compare with and to write ``contributions.geojson`` into.
    settings
        Where source files come from (the layers are rebuilt to compare with).
    dry_run
        Report only; write nothing.
    progress
        Called with a short message before each step.

    Returns
    -------
    ImportOutcome

    Raises
    ------
    RefusedEditsError
        When any edit is refused (exit code 4); nothing is written.
    geo.edits.read.EditFileError
        When the file cannot be read.
    """
    say = progress or (lambda _message: None)
    existing = read_contributions(folder)
    say(f"reading {path}")
    rows, unread = read_edit_file(path)
    say("building the current layers to compare with")
    current = upgrade_layers(build_layers(settings, folder), folder)
    review = review_rows(rows, current, existing, path.name)
    if review.problems:
        raise RefusedEditsError(path, review.problems)
    accepted = [change.contribution for change in review.changes]
    upgraded = apply_upgrades(current, [contribution_upgrade(item) for item in accepted], path)
    problems = problems_in(collections_of(upgraded))
    if problems:
        raise RefusedEditsError(path, problems)
    target = folder / CONTRIBUTIONS_FILENAME
    written: tuple[Path, ...] = ()
    if dry_run:
        outcome = "Dry run: nothing was written."
    elif not accepted:
        outcome = f"Nothing to import: {target} is unchanged."
    else:
        with atomic_writer(target) as out:
            out.write(dumps_contributions([*existing, *accepted]))
        written = (target,)
        outcome = f"Wrote {target}; the next build applies it (review the diff, then commit it)."
    return ImportOutcome(format_report(review, path.name, unread, outcome), written)
