"""Writing the GeoPackage (GDAL through pyogrio) with a default QGIS style per table."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Final

import pandas as pd
import pyogrio

from geo.qgis_export.tables import Table

GPKG_VERSION: Final = "1.3"
"""GeoPackage version written (QGIS 3.22 warns on 1.4)."""
GPKG_APPLICATION_ID: Final = 0x47504B47
"""``PRAGMA application_id`` of a GeoPackage ('GPKG')."""
GPKG_USER_VERSION: Final = 10300
"""``PRAGMA user_version`` of GeoPackage 1.3."""
GEOMETRY_COLUMN: Final = "geom"
STYLES_TABLE: Final = "layer_styles"
STYLE_NAME: Final = "thanh-liem-map"


@contextlib.contextmanager
def _quiet_pyogrio() -> Iterator[None]:
    """Silence pyogrio's per-layer "Created N records" messages."""
    logger = logging.getLogger("pyogrio")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _styles_frame(tables: Sequence[Table], qml: Mapping[str, str]) -> pd.DataFrame:
    """Return the ``layer_styles`` rows, in the schema QGIS itself creates."""
    now = pd.Timestamp.now(tz="UTC").floor("s")
    return pd.DataFrame(
        {
            "f_table_catalog": ["" for _ in tables],
            "f_table_schema": ["" for _ in tables],
            "f_table_name": [table.name for table in tables],
            "f_geometry_column": [GEOMETRY_COLUMN for _ in tables],
            "styleName": [STYLE_NAME for _ in tables],
            "styleQML": [qml[table.name] for table in tables],
            "styleSLD": ["" for _ in tables],
            "useAsDefault": pd.array([True for _ in tables], dtype="boolean"),
            "description": [
                f"{table.name}: thanh-liem-map symbology (geo/style.py)" for table in tables
            ],
            "owner": ["" for _ in tables],
            "ui": ["" for _ in tables],
            "update_time": [now for _ in tables],
        }
    )


def _write_tables(
    path: Path,
    tables: Sequence[Table],
    qml: Mapping[str, str],
    descriptions: Mapping[str, tuple[str, str]],
) -> None:
    for index, table in enumerate(tables):
        identifier, description = descriptions[table.name]
        pyogrio.write_dataframe(
            table.frame,
            path,
            layer=table.name,
            driver="GPKG",
            geometry_type=table.geometry_type,
            promote_to_multi=table.family != "point",
            dataset_options={"VERSION": GPKG_VERSION} if index == 0 else None,
            layer_options={
                "IDENTIFIER": identifier,
                "DESCRIPTION": description,
                "GEOMETRY_NAME": GEOMETRY_COLUMN,
            },
        )
    pyogrio.write_dataframe(
        _styles_frame(tables, qml),
        path,
        layer=STYLES_TABLE,
        driver="GPKG",
        layer_options={"FID": "id"},
    )


def write_geopackage(
    path: Path,
    tables: Sequence[Table],
    qml: Mapping[str, str],
    descriptions: Mapping[str, tuple[str, str]],
) -> None:
    """Write every table and its default style into a new GeoPackage.

    Parameters
    ----------
    path
        File to create (must not exist).
    tables
        The tables, in order.
    qml
        Table name → QML style document, stored as its default style.
    descriptions
        Table name → (identifier, description) for ``gpkg_contents``.

    Raises
    ------
    RuntimeError
        When the written file is not a GeoPackage of version :data:`GPKG_VERSION`.
    """
    with _quiet_pyogrio():
        _write_tables(path, tables, qml, descriptions)
    with closing(sqlite3.connect(path)) as db:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
    if (application_id, user_version) != (GPKG_APPLICATION_ID, GPKG_USER_VERSION):
        msg = (
            f"{path}: GDAL wrote application_id {application_id:#x}, user_version "
            f"{user_version}; expected a GeoPackage {GPKG_VERSION}"
        )
        raise RuntimeError(msg)
