"""Publishing a set of files together: all of them replace their targets, or none does.

Every product is first written into a hidden staging folder inside its target folder (same
file system, so moving a file into place is a rename). :func:`publish` then moves each
previous file aside into the staging folder and the new one into its place; if any step fails
(a folder where a file should go, an immutable file, a disk error) the steps already done are
undone in reverse order, so the previous set is left exactly as it was.

A staging folder is named after the process that made it (``.staging-<pid>-…``); one whose
process is gone was left by a killed build and is removed by the next :func:`staging` call.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from geo._errors import OutputError
from geo.io import STAGING_PREFIX, reason, shown

KEPT_PREFIX: Final = ".kept-"
"""Name prefix a staging folder gets when it holds a previous file that could not be restored;
such folders are never removed automatically."""
BACKUP_SUFFIX: Final = ".previous"
"""Suffix of a previous file moved aside into the staging folder while publishing."""


def _owner_alive(stage: Path) -> bool:
    pid_text = stage.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)  # signal 0: only asks whether the process exists
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # it exists, run by another user
        return True
    return True


def remove_stale_stages(folder: Path) -> list[Path]:
    """Remove the staging folders of builds that are no longer running.

    Parameters
    ----------
    folder
        A target folder.

    Returns
    -------
    list of Path
        The folders removed.
    """
    removed = []
    for stage in sorted(folder.glob(f"{STAGING_PREFIX}*")):
        if stage.is_dir() and not stage.is_symlink() and not _owner_alive(stage):
            shutil.rmtree(stage, ignore_errors=True)
            removed.append(stage)
    return removed


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """Create a staging folder inside ``target``, removed again on leaving.

    Stale staging folders of killed builds are removed first.

    Parameters
    ----------
    target
        Folder the staged files will be published into; created if missing.

    Yields
    ------
    Path
        The empty staging folder.

    Raises
    ------
    OutputError
        When ``target`` cannot be created or written.
    """
    try:
        target.mkdir(parents=True, exist_ok=True)
        remove_stale_stages(target)
        stage = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=target))
    except OSError as error:
        msg = f"cannot write to {shown(target)}: {reason(error)}"
        raise OutputError(msg) from error
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@dataclass
class _Step:
    """One file being published, and how far it got."""

    staged: Path
    final: Path
    backup: Path | None = None
    placed: bool = False

    def run(self) -> None:
        if self.final.is_dir() and not self.final.is_symlink():
            raise IsADirectoryError(errno.EISDIR, "a folder is in its place", str(self.final))
        self.final.parent.mkdir(parents=True, exist_ok=True)
        if self.final.exists() or self.final.is_symlink():
            backup = self.staged.with_name(self.staged.name + BACKUP_SUFFIX)
            self.final.rename(backup)
            self.backup = backup
        self.staged.rename(self.final)
        self.placed = True

    def undo(self) -> None:
        if self.placed:
            self.final.rename(self.staged)
            self.placed = False
        if self.backup is not None:
            self.backup.rename(self.final)
            self.backup = None


def _keep(stage: Path) -> Path:
    """Rename a staging folder holding an unrestored previous file so nothing removes it."""
    kept = stage.with_name(KEPT_PREFIX + stage.name.removeprefix(STAGING_PREFIX))
    try:
        stage.rename(kept)
    except OSError:
        return stage
    return kept


def _rollback(done: list[_Step]) -> list[str]:
    """Undo every step, newest first; describe what could not be restored."""
    failed: list[tuple[_Step, OSError]] = []
    for step in reversed(done):
        try:
            step.undo()
        except OSError as error:
            failed.append((step, error))
    kept: dict[Path, Path] = {}
    lost = []
    for step, cause in failed:
        where = ""
        if step.backup is not None:
            stage = step.backup.parent
            kept.setdefault(stage, _keep(stage))
            where = f"; its previous version is kept as {kept[stage] / step.backup.name}"
        lost.append(f"could not restore {step.final} ({reason(cause)}){where}")
    return lost


def publish(files: Sequence[tuple[Path, Path]]) -> list[Path]:
    """Move staged files onto their final paths: all of them, or none.

    Parameters
    ----------
    files
        (staged file, final path) pairs; each staged file must be in a staging folder on the
        same file system as its final path (see :func:`staging`).

    Returns
    -------
    list of Path
        The final paths, in the order given.

    Raises
    ------
    OutputError
        When any final path cannot be replaced; every file already moved is moved back first,
        so the previous files are in place (the message says so, or names what was not).
    """
    done: list[_Step] = []
    for staged, final in files:
        step = _Step(staged, final)
        done.append(step)
        try:
            step.run()
        except OSError as error:
            lost = _rollback(done)
            state = (
                "; ".join(lost)
                if lost
                else "nothing was published and the previous files are unchanged"
            )
            msg = f"cannot replace {final}: {reason(error)}; {state}"
            raise OutputError(msg) from error
    return [final for _, final in files]
