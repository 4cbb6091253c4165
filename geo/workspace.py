"""Where the importers write: the authored-data folder in use, never an installed package.

``import-osm`` and ``import-edits`` keep their results as authored data. They write into
``--authored-dir`` when given, else into the ``geo/data`` folder of the checkout the package
runs from (a source tree or an editable install). A package installed into site-packages has
no checkout: writing there would hide the data inside the Python installation, lose it on the
next upgrade and fail without permission, so the importers refuse and ask for
``--authored-dir`` (the same folder is then given to ``build --authored-dir``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Final

from geo import authored
from geo.io import OutputError

PROJECT_NAME: Final = "thanh-liem-map"


def checkout_of(data_dir: Path) -> Path | None:
    """Return the checkout an authored-data folder belongs to, if it is one's ``geo/data``.

    Parameters
    ----------
    data_dir
        A ``…/geo/data`` folder.

    Returns
    -------
    Path or None
        The folder holding this project's ``pyproject.toml``, or ``None`` (installed package).
    """
    root = data_dir.resolve().parent.parent
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    name = project.get("project", {}).get("name")
    return root if name == PROJECT_NAME else None


def authored_dir_for_writing(explicit: Path | None) -> Path:
    """Return the authored-data folder an importer writes into.

    Parameters
    ----------
    explicit
        ``--authored-dir``, if given.

    Returns
    -------
    Path
        ``explicit``, else the checkout's ``geo/data``.

    Raises
    ------
    geo.io.OutputError
        When no folder is given and the package is installed rather than a checkout.
    """
    if explicit is not None:
        return explicit
    package_data = authored.default_dir()
    if checkout_of(package_data) is None:
        msg = (
            f"{package_data} belongs to an installed package, not a checkout: importers do not "
            "write there. Copy that folder, pass it as --authored-dir DIR, and build with the "
            "same --authored-dir"
        )
        raise OutputError(msg)
    return package_data
