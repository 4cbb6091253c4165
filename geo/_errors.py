"""Every exception the project raises on purpose, each with the exit code the CLI gives it.

The command line (:mod:`geo.cli`) maps them once: a :class:`GeoError` ends the run with its
:attr:`~GeoError.exit_code` and a one-line message; anything else is a bug
(:data:`EXIT_SOFTWARE`). The classes are re-exported where they used to live
(``geo.authored``, ``geo.sources``, ``geo.io``, ``geo.validate``).
"""

from __future__ import annotations

from typing import ClassVar, Final

EXIT_OK: Final = 0
"""Success."""
EXIT_INVALID: Final = 1
"""The layers fail validation."""
EXIT_USAGE: Final = 2
"""Wrong command-line arguments (argparse's own code)."""
EXIT_SOURCE: Final = 3
"""A source file is missing, unreadable, unavailable, corrupt or has a wrong hash."""
EXIT_AUTHORED: Final = 4
"""Authored data (``geo/data`` or ``--authored-dir``) is missing, unreadable or invalid."""
EXIT_OUTPUT: Final = 5
"""An output cannot be written or replaced (unwritable folder, full disk, locked file)."""
EXIT_SOFTWARE: Final = 70
"""An unexpected error: a bug (``EX_SOFTWARE`` of BSD's sysexits.h)."""


class GeoError(Exception):
    """Base class of the project's expected faults; :attr:`exit_code` is the CLI's code."""

    exit_code: ClassVar[int] = EXIT_SOFTWARE


class ValidationError(GeoError):
    """Layers failed validation; ``problems`` lists why."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class SourceError(GeoError):
    """Base class of every problem with a source file."""

    exit_code = EXIT_SOURCE


class AuthoredDataError(GeoError, ValueError):
    """An authored input is missing, unreadable or inconsistent."""

    exit_code = EXIT_AUTHORED


class OutputError(GeoError):
    """An output file cannot be written or put in place."""

    exit_code = EXIT_OUTPUT
