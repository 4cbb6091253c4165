"""Importers write into the authored-data folder in use, never into an installed package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo import authored
from geo.cli import EXIT_OK, EXIT_OUTPUT, main
from geo.upgrades.contributions import CONTRIBUTIONS_FILENAME
from geo.upgrades.osm import OVERRIDE_FILENAME
from geo.workspace import authored_dir_for_writing, checkout_of
from tests.osm.builder import OsmBuilder

ROOT = Path(__file__).resolve().parents[1]
EDIT = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "id": "t1",
                "location_basis": "digitised: traced on imagery (test data)",
                "accuracy_m": 40,
                "source": "Test plan sheet (fictional, test data)",
                "contributor": "Tester A",
                "contribution_date": "2026-11-30",
            },
            "geometry": {"type": "LineString", "coordinates": [[105.925, 20.47], [105.95, 20.48]]},
        }
    ],
}


def _inputs(folder: Path) -> tuple[Path, Path]:
    edit = folder / "edit.geojson"
    edit.write_text(json.dumps(EDIT), encoding="utf-8")
    osm = OsmBuilder(object_timestamp=None)
    osm.way([(105.92, 20.46), (105.95, 20.47)], {"highway": "secondary", "name": "Đường T1"})
    return edit, osm.write_xml(folder / "t1.osm")


def test_this_checkout_is_the_default() -> None:
    assert checkout_of(authored.default_dir()) == ROOT
    assert authored_dir_for_writing(None) == authored.default_dir()
    assert authored_dir_for_writing(Path("elsewhere")) == Path("elsewhere")


def test_importers_refuse_to_write_into_an_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    installed = tmp_path / "lib" / "python3.11" / "site-packages" / "geo" / "data"
    shutil.copytree(authored.default_dir(), installed)
    monkeypatch.setattr(authored, "default_dir", lambda: installed)
    before = sorted(path.name for path in installed.iterdir())
    edit, extract = _inputs(tmp_path)
    for command in (["import-edits", str(edit)], ["import-osm", str(extract)]):
        assert main(command) == EXIT_OUTPUT
        err = capsys.readouterr().err
        assert f"{installed} belongs to an installed package" in err
        assert "--authored-dir DIR" in err
    assert sorted(path.name for path in installed.iterdir()) == before


def test_importers_write_into_the_checkout_they_run_from_and_say_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checkout = tmp_path / "clone"
    data = checkout / "geo" / "data"
    shutil.copytree(authored.default_dir(), data)
    (checkout / "pyproject.toml").write_text('[project]\nname = "thanh-liem-map"\n', "utf-8")
    monkeypatch.setattr(authored, "default_dir", lambda: data)
    edit, extract = _inputs(tmp_path)
    assert main(["import-osm", str(extract)]) == EXIT_OK
    assert f"wrote {data / OVERRIDE_FILENAME}" in capsys.readouterr().err
    refined = json.loads(json.dumps(EDIT))
    refined["features"][0]["properties"]["accuracy_m"] = 15
    refined["features"][0]["geometry"]["coordinates"] = [[105.92, 20.46], [105.95, 20.47]]
    edit.write_text(json.dumps(refined), encoding="utf-8")
    assert main(["import-edits", str(edit)]) == EXIT_OK
    err = capsys.readouterr().err
    assert f"authored-data folder: {data}" in err
    assert f"wrote {data / CONTRIBUTIONS_FILENAME}" in err
    assert (data / CONTRIBUTIONS_FILENAME).is_file()
