from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main


def test_help_shows_examples_settings_and_exit_codes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geo", "build", "--help"],
        check=True,
        capture_output=True,
        text=True,
    )
    for expected in (
        "examples:",
        "thanh-liem-map build --data-dir ../shared/data --offline",
        "--crs {vn2000,wgs84}",
        "THANH_LIEM_DATA_DIR",
        "3 source file missing, unreadable, unavailable, corrupt or with a wrong hash",
        "70 unexpected error: a bug, please report it",
    ):
        assert expected in result.stdout


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["draw"])
    assert caught.value.code == EXIT_USAGE
    assert "invalid choice: 'draw'" in capsys.readouterr().err


def test_validate_passes_on_built_layers(
    layers_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--layers-dir", str(layers_dir)]) == EXIT_OK
    assert "every layer" in capsys.readouterr().out


def test_validate_lists_every_problem(
    layers_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "layers"
    shutil.copytree(layers_dir, broken)
    roads = json.loads((broken / "roads.geojson").read_text(encoding="utf-8"))
    roads["crs"] = {"type": "name", "properties": {"name": "EPSG:32648"}}
    roads["features"][1]["properties"]["source"] = ""
    (broken / "roads.geojson").write_text(json.dumps(roads), encoding="utf-8")
    areas = json.loads((broken / "industrial_areas.geojson").read_text(encoding="utf-8"))
    kcn = areas["features"][0]
    kcn["geometry"]["coordinates"] = [105.85, 20.30]  # far south of Phủ Lý
    (broken / "industrial_areas.geojson").write_text(json.dumps(areas), encoding="utf-8")
    (broken / "admin_2025.geojson").unlink()

    assert main(["validate", "--layers-dir", str(broken)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "admin_2025: file missing" in out
    assert "roads: has a 'crs' member" in out
    assert "roads/t1: properties/source: '' should be non-empty" in out
    assert "industrial_areas/kcn_thanh_liem:" in out
    assert "more than its accuracy of 750 m" in out
