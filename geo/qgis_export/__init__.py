"""The QGIS export: a styled GeoPackage and a project file (QGIS itself only in tests).

``export_qgis`` reads the finished GeoJSON layers, checks them, and writes

- ``thanh_liem.gpkg``: GeoPackage 1.3, one table per layer (see
  :mod:`geo.qgis_export.tables` for layers holding several geometry families), each with a
  default style in ``layer_styles`` generated from :data:`geo.style.STYLES`;
- ``thanh_liem.qgz``: a QGIS project reading those tables by relative path, grouped,
  in a metric CRS, titled with the article's citation and opening on the district, with an
  A4 print layout (:mod:`geo.qgis_export.layout`).

Both files are written in a staging folder beside their targets and moved into place only
when both are complete.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import pyogrio.errors

from geo.facts import load_article
from geo.io import OutputError
from geo.metric import WGS84
from geo.qgis_export.forms import table_title, with_footprints
from geo.qgis_export.gpkg import write_geopackage
from geo.qgis_export.layout import layout_texts, print_layouts
from geo.qgis_export.project import (
    layer_label,
    project_document,
    project_info,
    qgz_bytes,
)
from geo.qgis_export.qml import qml_document
from geo.qgis_export.tables import PROJECT_CRS, export_tables
from geo.reading import reading_guide
from geo.validate import checked_layers

GPKG_FILENAME: Final = "thanh_liem.gpkg"
PROJECT_FILENAME: Final = "thanh_liem.qgz"

__all__ = ["GPKG_FILENAME", "PROJECT_FILENAME", "export_qgis"]


def _staging(output_dir: Path) -> Path:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".qgis-export.", dir=output_dir))
    except OSError as error:
        msg = f"cannot write to {output_dir}: {error.strerror or error}"
        raise OutputError(msg) from error


def _features(collections: Mapping[str, Any]) -> dict[str, list[tuple[dict[str, Any], bool]]]:
    return {
        name: [(f["properties"], f["geometry"] is not None) for f in collection["features"]]
        for name, collection in collections.items()
    }


def export_qgis(
    layers_dir: Path,
    output_dir: Path,
    crs: str = WGS84,
    progress: Callable[[str], None] | None = None,
    *,
    authored_dir: Path | None = None,
) -> list[Path]:
    """Write the GeoPackage and the QGIS project from the layers in ``layers_dir``.

    Parameters
    ----------
    layers_dir
        Folder of the GeoJSON layers.
    output_dir
        Output folder.
    crs
        CRS the GeoPackage layers are written in (EPSG:4326, or EPSG:3405 for VN-2000).
    progress
        Called with a short message before each step.
    authored_dir
        Folder of ``article.toml`` (cited in the project); defaults to the package's.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValidationError
        When the layers are missing, fail validation or hold a geometry QGIS cannot take;
        nothing is written then.
    OutputError
        When the output folder cannot be written.
    """
    say = progress or (lambda _message: None)
    say("checking the layers")
    collections = checked_layers(layers_dir)
    tables, transform = export_tables(collections, crs)
    tables = with_footprints(tables, collections, crs)
    styles = {table.name: qml_document(table, crs) for table in tables}
    descriptions = {table.name: (layer_label(table), table_title(table)) for table in tables}
    targets = [output_dir / GPKG_FILENAME, output_dir / PROJECT_FILENAME]
    staging = _staging(output_dir)
    try:
        say(f"writing {GPKG_FILENAME} ({len(tables)} tables, {crs})")
        write_geopackage(staging / GPKG_FILENAME, tables, styles, descriptions)
        say(f"writing {PROJECT_FILENAME}")
        article = load_article(authored_dir)
        layouts = print_layouts(
            tables,
            PROJECT_CRS[crs],
            layout_texts(collections, article),
            {table.name: layer_label(table) for table in tables},
        )
        document = project_document(
            tables,
            crs,
            project_info(article, reading_guide(_features(collections))),
            GPKG_FILENAME,
            transform,
            layouts=layouts,
        )
        qgs_name = Path(PROJECT_FILENAME).with_suffix(".qgs").name
        (staging / PROJECT_FILENAME).write_bytes(qgz_bytes(document, qgs_name))
        for target in targets:
            (staging / target.name).chmod(0o644)
            (staging / target.name).replace(target)
    except (OSError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        msg = f"cannot write the QGIS export to {output_dir}: {error}"
        raise OutputError(msg) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return targets
