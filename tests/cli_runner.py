"""Running ``python -m geo`` in a child process, as a user would, for the fault tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest


def _without_read_override() -> list[str]:
    """Return a command prefix under which file permissions apply, even to root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): permissions cannot apply")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def run_cli(*args: str, permissions_apply: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command line in a new process.

    Parameters
    ----------
    *args
        Arguments after ``python -m geo``.
    permissions_apply
        Run so that a file without read permission cannot be read, even as root (root keeps
        its uid but loses the capabilities that bypass permissions).

    Returns
    -------
    subprocess.CompletedProcess
    """
    prefix = _without_read_override() if permissions_apply else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "geo", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def error_lines(stderr: str) -> list[str]:
    """Return the lines of standard error that are not progress messages (``· …``).

    Parameters
    ----------
    stderr
        Captured standard error.

    Returns
    -------
    list of str
    """
    return [line for line in stderr.splitlines() if not line.startswith("· ")]
