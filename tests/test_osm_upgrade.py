"""The upgrades stage applies an OpenStreetMap import: after the build, by the one rule."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Polygon

from geo.authored import AuthoredDataError, load_reference_points, read_csv
from geo.layers import build_layers
from geo.osm.importer import AREA_COLUMNS, import_osm
from geo.osm.match import match_industrial_areas
from geo.osm.reader import Extract, OsmObject
from geo.schema import LAYER_NAMES
from geo.sources import SourceSettings
from geo.upgrades import upgrade_layers
from geo.upgrades.osm import OVERRIDE_FILENAME, read_override
from tests.osm.extracts import KCN_POINT, full_extract


def _rewrite_override(folder: Path, feature_id: str, geometry: dict[str, Any] | None) -> None:
    path = folder / OVERRIDE_FILENAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == feature_id:
            feature["geometry"] = geometry
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


BadGeometry = tuple[str, dict[str, Any] | None, str]


@pytest.mark.parametrize(
    "case",
    [
        (
            "kcn_thanh_liem",
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [105.90, 20.49],
                        [105.91, 20.50],
                        [105.91, 20.49],
                        [105.90, 20.50],
                        [105.90, 20.49],
                    ]
                ],
            },
            r"'kcn_thanh_liem' has an invalid geometry \(Self-intersection",
        ),
        ("ccn_thanh_hai", None, r"'ccn_thanh_hai' has an empty geometry"),
        (
            "t1",
            {"type": "Point", "coordinates": [105.93, 20.47]},
            r"'t1' has a Point; roads takes LineString or MultiLineString",
        ),
    ],
)
def test_bad_override_geometry_is_refused_naming_the_feature(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings, case: BadGeometry
) -> None:
    feature_id, geometry, message = case
    osm, _ = full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    _rewrite_override(authored_copy, feature_id, geometry)
    built = build_layers(settings, authored_copy)  # the layers never read the import
    with pytest.raises(AuthoredDataError, match=message):
        upgrade_layers(built, authored_copy)


def test_the_layer_builders_never_read_the_import(
    authored_copy: Path, tmp_path: Path, settings: SourceSettings
) -> None:
    before = build_layers(settings, authored_copy)
    osm, _ = full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    built = build_layers(settings, authored_copy)
    for name in LAYER_NAMES:
        assert_geodataframe_equal(built[name], before[name])
    upgraded = upgrade_layers(built, authored_copy)  # the upgrades stage applies it
    areas = upgraded["industrial_areas"].set_index("id")
    assert areas.geometry["kcn_thanh_liem"].geom_type == "Polygon"
    assert areas.geometry["ccn_thanh_luu"].geom_type == "Point"  # unmatched
    assert list(upgraded["roads"]["id"]) == [
        *built["roads"]["id"],
        "osm_ql1a",
        "osm_cao_toc_cau_gie_ninh_binh",
        "osm_ql21a",
        "osm_song_day",
    ]


@pytest.mark.parametrize(
    "case",
    [
        (
            "ccn_thanh_hai",
            "ccn_gone",
            "'industrial_areas/ccn_gone' upgrades a feature the layer does not have",
        ),
        ("osm_ql1a", "t4", "new feature 'roads/t4' is already in the layer"),
    ],
)
def test_an_import_that_does_not_fit_the_layers_stops_the_upgrade(
    authored_copy: Path,
    tmp_path: Path,
    settings: SourceSettings,
    case: tuple[str, str, str],
) -> None:
    feature_id, renamed, message = case  # renamed in the import, and what the upgrade says
    osm, _ = full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    path = authored_copy / OVERRIDE_FILENAME
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == feature_id:
            feature["properties"]["id"] = renamed
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    built = build_layers(settings, authored_copy)
    with pytest.raises(AuthoredDataError, match=re.escape(f"{path}: {message}")):
        upgrade_layers(built, authored_copy)


def test_override_without_odbl_credit_is_refused(authored_copy: Path, tmp_path: Path) -> None:
    osm, _ = full_extract()
    import_osm(osm.write_xml(tmp_path / "extract.osm"), authored_copy)
    path = authored_copy / OVERRIDE_FILENAME
    path.write_text(path.read_text(encoding="utf-8").replace("ODbL", "CC0"), encoding="utf-8")
    with pytest.raises(AuthoredDataError, match=r"source: .* does not match 'ODbL'"):
        read_override(authored_copy)


def test_invalid_osm_outline_is_repaired_with_a_note(authored_copy: Path) -> None:
    lon, lat = KCN_POINT
    bowtie = Polygon(
        [(lon - 0.003, lat - 0.003), (lon + 0.003, lat + 0.003), (lon + 0.003, lat - 0.003),
         (lon - 0.003, lat + 0.003), (lon - 0.003, lat - 0.003)]
    )  # fmt: skip
    assert not bowtie.is_valid
    area = OsmObject("relation/7", {"landuse": "industrial", "name": "KCN Thanh Liêm"}, bowtie)
    extract = Extract("test.osm", None, "unknown", areas=[area])
    rows = read_csv(authored_copy / "industrial_areas.csv", AREA_COLUMNS)
    points = load_reference_points(authored_copy)
    features, entries = match_industrial_areas(extract, rows, points, authored_copy)
    (feature,) = features
    assert feature.geometry.is_valid
    assert feature.geometry.geom_type == "MultiPolygon"
    assert shapely.area(feature.geometry) == pytest.approx(2 * 0.003 * 0.003, rel=1e-6)
    assert "was invalid (Self-intersection" in feature.note_en
    assert "repaired" in entries[0].detail
    assert feature.location_basis.startswith("openstreetmap: landuse=industrial relation 7, ")
    assert "unknown date" in feature.location_basis
