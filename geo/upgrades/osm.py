"""The OpenStreetMap import as upgrades: ``osm_import.geojson`` → :class:`Upgrade` records."""

from __future__ import annotations

from pathlib import Path

from geo.osm.override import OVERRIDE_FILENAME, OsmFeature, is_new_feature, read_override
from geo.upgrades.merge import Upgrade


def osm_upgrade(feature: OsmFeature) -> Upgrade:
    """Return the upgrade an imported feature makes.

    A matched feature keeps its own source and adds the ODbL credit of its geometry; a road
    takes the kind of the import (``mapped_road``), an industrial area keeps its kind. A
    context road or the river is a new feature, named and referenced as OSM names it.

    Parameters
    ----------
    feature
        One feature of the override file.

    Returns
    -------
    Upgrade
    """
    new = is_new_feature(feature)
    attributes = (
        {
            "name_vi": feature.name_vi,
            "name_en": feature.name_en,
            "ref": feature.ref or feature.name_vi,
            "length_km_official": None,
        }
        if new
        else {}
    )
    return Upgrade(
        layer=feature.layer,
        id=feature.id,
        new=new,
        geometry=feature.geometry,
        location_basis=feature.location_basis,
        accuracy_m=feature.accuracy_m,
        source=feature.source,
        note_vi=feature.note_vi,
        note_en=feature.note_en,
        adds_source=True,
        kind=feature.kind if feature.layer == "roads" else None,
        attributes=attributes,
    )


def read_osm_upgrades(folder: Path) -> tuple[Path, list[Upgrade]]:
    """Read the OpenStreetMap import of an authored-data folder as upgrades, if there is one.

    Parameters
    ----------
    folder
        Authored-data folder.

    Returns
    -------
    tuple
        The file and its upgrades in file order (none when the folder has no
        ``osm_import.geojson``).

    Raises
    ------
    AuthoredDataError
        When the file is unreadable or malformed (:func:`geo.osm.override.read_override`).
    """
    override = read_override(folder)
    features = override.features if override is not None else ()
    return folder / OVERRIDE_FILENAME, [osm_upgrade(feature) for feature in features]
