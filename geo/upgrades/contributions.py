"""Contributors' edits as upgrades: ``contributions.geojson`` → :class:`Upgrade` records."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from geo.edits.contributions import (
    CONTRIBUTIONS_FILENAME,
    NEW_FEATURE_FIELDS,
    Contribution,
    read_contributions,
)
from geo.upgrades.merge import Upgrade

MAPPED_ROAD: Final = "mapped_road"
"""Kind of a road drawn along its route (as an OpenStreetMap import draws it)."""


def contribution_upgrade(contribution: Contribution) -> Upgrade:
    """Return the upgrade a contribution makes.

    A contribution names its whole source and credits its contributor; a road it draws
    becomes a ``mapped_road``. A new feature takes the attributes of the record (those its
    layer may have and the record leaves out are empty); a new industrial area names the
    record as its reference point.

    Parameters
    ----------
    contribution
        One record of the contributions file.

    Returns
    -------
    Upgrade
    """
    attributes = dict(contribution.attributes)
    kind = MAPPED_ROAD if contribution.layer == "roads" else None
    if contribution.change == "new":
        required, optional = NEW_FEATURE_FIELDS[contribution.layer]
        attributes = {name: attributes.get(name) for name in (*required, *optional)}
        if contribution.layer == "industrial_areas":
            kind = attributes.pop("kind")
            attributes["reference_point"] = f"{CONTRIBUTIONS_FILENAME}#{contribution.label}"
    return Upgrade(
        layer=contribution.layer,
        id=contribution.id,
        new=contribution.change == "new",
        geometry=contribution.geometry,
        location_basis=contribution.location_basis,
        accuracy_m=contribution.accuracy_m,
        source=contribution.source,
        note_vi=contribution.note_vi,
        note_en=contribution.note_en,
        contributor=contribution.contributor,
        contribution_date=contribution.contribution_date,
        kind=kind,
        attributes=attributes,
    )


def read_contribution_upgrades(folder: Path) -> tuple[Path, list[Upgrade]]:
    """Read the contributions of an authored-data folder as upgrades.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    tuple
        The file and its upgrades in file order (none when the folder has no
        ``contributions.geojson``).

    Raises
    ------
    AuthoredDataError
        When the file is unreadable or malformed
        (:func:`geo.edits.contributions.read_contributions`).
    """
    contributions = read_contributions(folder)
    return folder / CONTRIBUTIONS_FILENAME, [contribution_upgrade(item) for item in contributions]
