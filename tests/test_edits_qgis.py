"""The round trip in the real QGIS: edit the export as a contributor, import, build, check.

Debian's QGIS (``python3-qgis``) opens the exported GeoPackage, a contributor gives T1 a line
and draws a footprint for CCN Thanh Hải, QGIS's own form constraints refuse T1 without a
source and accept it with one; then ``import-edits`` and a build carry the contributions into
the layers, the GeoPackage, the notebooks' answers and the map. The line, footprint and
source are test data.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyogrio
import pytest
from shapely.geometry import LineString, Point, box

from geo.authored import default_dir
from geo.bases import BASES
from geo.cli import EXIT_OK, main
from geo.metric import distance_m
from geo.pipeline import BuildOptions, run_build
from geo.qgis_export import GPKG_FILENAME, PROJECT_FILENAME, export_qgis
from geo.qgis_export.forms import quoted
from geo.query import LAYERS_DIR_ENV, load_layers, unmapped
from geo.sources import SourceSettings
from geo.upgrades.contributions import CONTRIBUTIONS_FILENAME
from geo.webmap import MAP_FILENAME
from tests.browser import open_map
from tests.qgis_shared import SYSTEM_PYTHON
from tests.qgis_shared import qgis_env as _qgis_env
from tests.qgis_shared import qgis_missing as _qgis_missing

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "qgis" / "edit_kit.py"
TIMEOUT_S = 240
T1_LINE = [(105.925, 20.47), (105.94, 20.475), (105.95, 20.48)]
FOOTPRINT = box(105.905, 20.384, 105.911, 20.389)
HAI_POINT = (105.90978, 20.3861)  # commune_thanh_hai in reference_points.csv
T1_SOURCE = "Test plan sheet <b>QH-03</b> {{ 7*7 }} (fictional, test data)"
T1_ATTRIBUTES = {
    "location_basis": "digitised: traced on satellite or aerial imagery",
    "accuracy_m": 40,
    "contributor": "Tester A",
    "contribution_date": "2026-11-30",
}
FOOTPRINT_ATTRIBUTES = {
    "location_basis": "digitised: traced on satellite or aerial imagery",
    "accuracy_m": 300,
    "source": "Test imagery 2024-03 (fictional, test data)",
    "contributor": "Tester B",
    "contribution_date": "2026-11-30",
}
HOSTILE = ["it's", "back\\slash", "new\nline\ttab", "'; DROP TABLE x; --", "{{ 7*7 }}"]


@dataclass(frozen=True)
class RoundTrip:
    """Everything the round trip produced."""

    qgis: dict[str, Any]
    import_code: int
    import_report: str
    again: tuple[int, str, bool]  # exit code, report, contributions file unchanged
    layers_dir: Path
    output_dir: Path


def _edit_in_qgis(export: Path, work: Path) -> dict[str, Any]:
    kit = work / "kit"
    shutil.copytree(export, kit)  # the contributor's copy of the export
    scenario = {
        "qgz": str(kit / PROJECT_FILENAME),
        "gpkg": str(kit / GPKG_FILENAME),
        "t1_line": T1_LINE,
        "t1_attributes": T1_ATTRIBUTES,
        "t1_source": T1_SOURCE,
        "footprint": list(FOOTPRINT.exterior.coords),
        "footprint_area": "ccn_thanh_hai",
        "footprint_attributes": FOOTPRINT_ATTRIBUTES,
        "literals": [[text, quoted(text)] for text in HOSTILE],
    }
    path = work / "scenario.json"
    path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [str(SYSTEM_PYTHON), str(HELPER), str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        env=_qgis_env(work),
        cwd=work,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def round_trip(
    settings: SourceSettings,
    full_build: tuple[Path, list[Path]],
    tmp_path_factory: pytest.TempPathFactory,
) -> RoundTrip:
    reason = _qgis_missing()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("round_trip")
    authored = base / "authored"
    shutil.copytree(default_dir(), authored)
    work = base / "qgis"
    work.mkdir()
    # the contributor edits a copy of the export a complete build (of these authored data) made
    qgis = _edit_in_qgis(full_build[0] / "output", work)
    command = ["import-edits", str(work / "kit" / GPKG_FILENAME), "--authored-dir", str(authored)]
    report, second = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(report), contextlib.redirect_stderr(io.StringIO()):
        code = main(command)
    written = (authored / CONTRIBUTIONS_FILENAME).read_bytes()
    with contextlib.redirect_stdout(second), contextlib.redirect_stderr(io.StringIO()):
        again = main(command)
    same = (authored / CONTRIBUTIONS_FILENAME).read_bytes() == written
    after = BuildOptions(
        sources=settings,
        layers_dir=base / "layers2",
        output_dir=base / "out2",
        authored_dir=authored,
    )
    run_build(after)
    return RoundTrip(
        qgis,
        code,
        report.getvalue(),
        (again, second.getvalue(), same),
        after.layers_dir,
        after.output_dir,
    )


def _basis_keys(form: dict[str, Any]) -> set[str]:
    values = [
        value for entry in form["location_basis"]["config"]["map"] for value in entry.values()
    ]
    return {value.split(":")[0] for value in values}


@pytest.mark.qgis
def test_the_project_and_the_geopackage_carry_the_same_forms(round_trip: RoundTrip) -> None:
    project = round_trip.qgis["project"]
    assert project["read"]
    roads = project["roads_thanh_liem"]
    assert roads == round_trip.qgis["t1"]["form"]  # the GeoPackage's default style: the same
    source = roads["source"]
    assert (source["not_null"], source["expression_hard"]) == (True, True)
    assert source["alias"] == "Nguồn / source"
    assert roads["location_basis"]["widget"] == "ValueMap"
    assert {"digitised", "published_point", "openstreetmap"} <= _basis_keys(roads)
    assert {"schematic", "not_published"} <= _basis_keys(roads)  # the values the table holds
    assert _basis_keys(roads) <= set(BASES)
    assert _basis_keys(project["industrial_areas_thanh_liem"]) >= {"commune_point", "digitised"}
    assert roads["accuracy_m"]["expression_hard"]
    assert roads["contribution_date"]["widget"] == "DateTime"
    assert roads["previous_bases"]["read_only"]
    footprints = project["footprints"]
    area = footprints["industrial_area_id"]
    assert area["widget"] == "ValueMap"
    assert [next(iter(entry.values())) for entry in area["config"]["map"]] == [
        "kcn_thanh_liem",
        "ccn_thanh_hai",
        "ccn_thanh_luu",
    ]
    assert (area["not_null"], area["unique"]) == (True, True)
    assert (footprints["accuracy_m"]["not_null"], footprints["kind"]["widget"]) == (True, "Hidden")


@pytest.mark.qgis
def test_qgis_refuses_t1_without_a_source_and_accepts_it_with_one(round_trip: RoundTrip) -> None:
    t1 = round_trip.qgis["t1"]
    assert (t1["valid"], t1["t1_geometry_before"], t1["start_editing"]) == (True, None, True)
    assert t1["change_geometry"]
    refused = t1["without_source"]
    assert refused["source"][0] is False
    assert "A source is required" in refused["source"][1][0]
    assert refused["ok_enabled"] is False
    assert refused["source_in_layer"] == "Báo Hà Nam 2024, ¶5 (named only)"  # not saved
    assert t1["zero_accuracy"][0] is False
    accepted = t1["with_source"]
    assert (accepted["source"][0], accepted["accuracy_m"][0], accepted["ok_enabled"]) == (
        True,
        True,
        True,
    )
    assert t1["saved_attributes"] == {**T1_ATTRIBUTES, "source": T1_SOURCE, "accuracy_m": 40.0}
    assert t1["commit"], t1["commit_errors"]


@pytest.mark.qgis
def test_qgis_draws_a_footprint_in_the_empty_table(round_trip: RoundTrip) -> None:
    footprint = round_trip.qgis["footprint"]
    assert (footprint["valid"], footprint["features_before"]) == (True, 0)
    assert footprint["wkb_type"] == "MultiPolygon"
    assert footprint["defaults"] == {"kind": "ccn", "name_vi": "Cụm công nghiệp Thanh Hải"}
    assert all(footprint["valid_attributes"].values())
    assert (footprint["added"], footprint["commit"]) == (True, True)


@pytest.mark.qgis
def test_expression_literals_are_quoted_as_qgis_quotes_them(round_trip: RoundTrip) -> None:
    for (evaluates_back, qgis_literal), text in zip(
        round_trip.qgis["literals"], HOSTILE, strict=True
    ):
        assert evaluates_back
        assert qgis_literal == quoted(text)


@pytest.mark.qgis
def test_import_takes_the_qgis_edits_with_their_provenance(round_trip: RoundTrip) -> None:
    assert round_trip.import_code == EXIT_OK
    report = round_trip.import_report
    assert "2 edit(s) accepted, 5 feature(s) unchanged." in report
    assert "roads/t1 (Đường T1): new geometry, LineString of" in report
    assert "not published, no accuracy → digitised by a contributor, ± 40 m" in report
    assert "commune-level point, ± 3.3 km → digitised by a contributor, ± 300 m" in report
    moved = distance_m(Point(HAI_POINT), FOOTPRINT.centroid)
    assert f"moved {moved:.0f} m" in report


@pytest.mark.qgis
def test_importing_the_edited_geopackage_again_changes_nothing(round_trip: RoundTrip) -> None:
    code, report, unchanged = round_trip.again
    assert (code, unchanged) == (EXIT_OK, True)
    assert "0 edit(s) accepted" in report
    # its point row of CCN Thanh Hải is the position the footprint replaced
    assert "an earlier state of features upgraded since: industrial_areas/ccn_thanh_hai" in report


@pytest.mark.qgis
def test_the_layers_and_the_geopackage_carry_t1(round_trip: RoundTrip) -> None:
    layers = load_layers(round_trip.layers_dir)
    t1 = layers["roads"].set_index("id").loc["t1"]
    assert t1.geometry.equals_exact(LineString(T1_LINE), 1e-6)
    assert (t1["source"], t1["contributor"], t1["accuracy_m"]) == (T1_SOURCE, "Tester A", 40.0)
    assert t1["location_basis"] == T1_ATTRIBUTES["location_basis"]
    assert list(unmapped(layers).index) == ["t4"]
    gpkg = round_trip.output_dir / GPKG_FILENAME
    roads = pyogrio.read_dataframe(gpkg, layer="roads").set_index("id")
    assert roads.loc["t1", "geometry"].geoms[0].equals_exact(LineString(T1_LINE), 1e-6)
    assert roads.loc["t1", "source"] == T1_SOURCE
    history = json.loads(roads.loc["t1", "previous_bases"])
    assert [entry["location_basis"].split(":")[0] for entry in history] == ["not_published"]
    polygons = pyogrio.read_dataframe(gpkg, layer="industrial_areas_polygons").set_index("id")
    assert list(polygons.index) == ["ccn_thanh_hai"]
    assert polygons.loc["ccn_thanh_hai", "accuracy_m"] == 300.0
    assert polygons.loc["ccn_thanh_hai", "contributor"] == "Tester B"


def _answers(notebook: str, layers_dir: Path, work: Path) -> dict[str, Any]:
    env = {**os.environ, LAYERS_DIR_ENV: str(layers_dir), "MPLBACKEND": "Agg"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, str(ROOT / "notebooks" / f"{notebook}.py")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=True,
        env=env,
        cwd=work,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("ANSWERS "))
    answers: dict[str, Any] = json.loads(line.removeprefix("ANSWERS "))
    return answers


@pytest.mark.qgis
def test_the_notebooks_answers_follow_the_contribution(
    round_trip: RoundTrip, tmp_path: Path
) -> None:
    glance = _answers("01_layers_at_a_glance", round_trip.layers_dir, tmp_path)
    assert glance["unmapped"] == ["t4"]
    assert glance["accuracy_m"]["t1"] == 40
    assert glance["basis"]["t1"] == "digitised"
    assert glance["accuracy_m"]["ccn_thanh_hai"] == 300
    spatial = _answers("02_spatial_questions", round_trip.layers_dir, tmp_path)
    near = spatial["within_5km_of_dt495b"]
    assert near["unknown: route not published"] == ["t4"]
    assert "t1" in near["within"] + near["possibly"]


@pytest.mark.qgis
@pytest.mark.browser
def test_the_map_draws_t1_with_the_contributors_source(
    round_trip: RoundTrip, browser: Browser
) -> None:
    opened = open_map(browser, round_trip.output_dir / MAP_FILENAME, fragment="feature=roads/t1")
    page = opened.page
    assert page.locator(".tl-f-roads.tl-k-mapped_road").count() == 1
    popup = page.locator('.leaflet-popup .tl-pop[data-feature="t1"]')
    popup.wait_for()
    assert popup.locator(".tl-pop-basis").get_attribute("data-basis") == "digitised"
    assert "Trước đây: chưa công bố" in popup.locator(".tl-pop-previous").inner_text()
    popup.locator(".tl-pop-details summary").click()
    assert popup.locator('[data-field="source"]').inner_text() == T1_SOURCE
    assert (
        popup.locator('[data-field="location_basis"]').inner_text()
        == T1_ATTRIBUTES["location_basis"]
    )
    assert page.locator('#tl-legend .tl-unmapped[data-feature="t1"]').count() == 0
    for where in (".leaflet-control-attribution", ".tl-credits"):  # the map credits them
        # the panel's sections render when scrolled to (content-visibility), as for a reader
        page.locator(where).scroll_into_view_if_needed()
        page.wait_for_function("(s) => document.querySelector(s).innerText.trim()", arg=where)
        credit = page.locator(where).inner_text()
        assert "Vị trí đóng góp:" in credit
        assert "Tester A" in credit
    assert opened.page_errors == []
    page.context.close()


def test_the_forms_are_written_as_qgis_writes_them(layers_dir: Path, tmp_path: Path) -> None:
    """Without QGIS: the project's XML holds the constraints QGIS reads (see above with it)."""
    export_qgis(layers_dir, tmp_path)
    with zipfile.ZipFile(tmp_path / PROJECT_FILENAME) as archive:
        root = ET.fromstring(archive.read("thanh_liem.qgs"))  # noqa: S314 (our own file)
    layers = {layer.findtext("id"): layer for layer in root.iter("maplayer")}
    roads = layers["roads_thanh_liem"]
    source = roads.find("constraints/constraint[@field='source']")
    assert source is not None
    assert (source.get("constraints"), source.get("notnull_strength")) == ("5", "1")
    assert source.get("exp_strength") == "1"
    widget = roads.find("fieldConfiguration/field[@name='location_basis']/editWidget")
    assert widget is not None
    assert widget.get("type") == "ValueMap"
    for name in ("district_thanh_liem", "context_thanh_liem", "admin_2025_thanh_liem"):
        assert layers[name].find("constraints") is None  # not open to contributions
    footprints = layers["industrial_footprints_thanh_liem"]
    assert footprints.get("wkbType") == "MultiPolygon"
    area = footprints.find("constraints/constraint[@field='industrial_area_id']")
    assert area is not None
    assert area.get("constraints") == str(1 | 2)  # not null, unique
