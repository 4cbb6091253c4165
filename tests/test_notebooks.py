"""Every notebook runs offline on freshly built layers and gives the expected answers.

Each notebook (a jupytext percent-format ``.py`` file) is converted, executed in a
``python3`` kernel with ``THANH_LIEM_LAYERS_DIR`` pointing at the session's layers, and its
last cell's ``ANSWERS {json}`` line is checked.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from geo.query import LAYERS_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = (
    "01_layers_at_a_glance",
    "02_spatial_questions",
    "03_reorganisation_2025",
)
TIMEOUT_S = 120


def _execute(path: Path, layers_dir: Path) -> nbformat.NotebookNode:
    notebook: nbformat.NotebookNode = jupytext.read(path)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    # the kernel's own inline backend renders figures headless (with Agg) as PNG outputs
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    client.execute(env={**env, LAYERS_DIR_ENV: str(layers_dir)})
    return notebook


@pytest.fixture(scope="module")
def executed(layers_dir: Path) -> dict[str, nbformat.NotebookNode]:
    return {name: _execute(NOTEBOOKS / f"{name}.py", layers_dir) for name in NAMES}


def _outputs(notebook: nbformat.NotebookNode) -> list[Any]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


def _answers(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    lines = [
        line
        for output in _outputs(notebook)
        if output.get("output_type") == "stream" and output.get("name") == "stdout"
        for line in output["text"].splitlines()
        if line.startswith("ANSWERS ")
    ]
    assert len(lines) == 1, "a notebook prints exactly one ANSWERS line"
    answers: dict[str, Any] = json.loads(lines[0].removeprefix("ANSWERS "))
    return answers


def test_the_notebooks_are_the_ones_tested() -> None:
    assert sorted(path.stem for path in NOTEBOOKS.glob("*.py")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_percent_format_without_outputs(name: str) -> None:
    text = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
    assert "formats: py:percent" in text
    notebook = jupytext.reads(text, fmt="py:percent")
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert sum(cell.cell_type == "markdown" for cell in notebook.cells) >= 4


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_cleanly_and_draws(
    executed: dict[str, nbformat.NotebookNode], name: str
) -> None:
    outputs = _outputs(executed[name])
    assert not [output for output in outputs if output.get("output_type") == "error"]
    stderr = [
        output["text"]
        for output in outputs
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]
    assert not stderr, f"{name} wrote to stderr: {stderr}"
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert images, f"{name} draws no chart or map"


def test_01_layers_at_a_glance(executed: dict[str, nbformat.NotebookNode]) -> None:
    answers = _answers(executed["01_layers_at_a_glance"])
    assert answers["layer_counts"] == {
        "district": 1,
        "context": 11,
        "industrial_areas": 3,
        "roads": 3,
        "admin_2025": 6,
    }
    assert answers["unmapped"] == ["t1", "t4"]
    assert answers["unmapped_status"] == ["route not published"]
    accuracy = answers["accuracy_m"]
    assert accuracy["kcn_thanh_liem"] == 750
    assert accuracy["dt495b"] == 3240
    assert accuracy["thanh_liem_district"] == 330
    assert 2600 <= accuracy["ccn_thanh_luu"] < accuracy["ccn_thanh_hai"] <= 3300
    assert "t1" not in accuracy
    assert answers["basis"]["ccn_thanh_hai"] == "commune_point"
    assert answers["basis"]["dt495b"] == "schematic"
    assert answers["basis"]["t4"] == "not_published"
    assert answers["article_industrial_area_count"] == answers["layer_industrial_area_count"] == 3


def test_02_spatial_questions(executed: dict[str, nbformat.NotebookNode]) -> None:
    answers = _answers(executed["02_spatial_questions"])
    assert 0.3 <= answers["kcn_outside_km"] <= 0.6
    assert answers["kcn_verdict"] == "uncertain"
    assert answers["inside_nominal"] == ["ccn_thanh_hai", "ccn_thanh_luu"]
    assert answers["inside_certain"] == ["ccn_thanh_luu"]
    ranges = answers["distance_to_dt495b_km"]
    assert set(ranges) == {"kcn_thanh_liem", "ccn_thanh_hai", "ccn_thanh_luu"}
    for low, nominal, high in ranges.values():
        assert 0 <= low <= nominal < high
    assert ranges["kcn_thanh_liem"][1] == pytest.approx(8.26, abs=0.01)
    assert ranges["kcn_thanh_liem"][0] == pytest.approx(8.26 - 0.75 - 3.24, abs=0.01)
    within = answers["within_5km_of_dt495b"]
    assert {"thanh_liem_district", "gso_352", "thanh_liem"} <= set(within["within"])
    assert {"kcn_thanh_liem", "ccn_thanh_hai", "ccn_thanh_luu"} <= set(within["possibly"])
    assert within["unknown: route not published"] == ["t1", "t4"]
    assert "chau_son" in within["beyond"]
    assert answers["dt495b_exit_side"] == "east"
    assert answers["dt495b_crossing_sides"] == ["east"]
    assert answers["area_km2_computed"] == pytest.approx(164.69, abs=0.005)
    assert answers["area_km2_official"] == 164.9
    assert answers["area_diff_pct"] == pytest.approx(-0.13, abs=0.005)
    assert answers["unit_2025"] == {
        "kcn_thanh_liem": "Phường Châu Sơn",
        "ccn_thanh_hai": "Xã Thanh Lâm",
        "ccn_thanh_luu": "Xã Tân Thanh",
    }
    assert answers["seat_check"]["ccn_thanh_luu"] == "inconclusive"


def test_03_reorganisation(executed: dict[str, nbformat.NotebookNode]) -> None:
    answers = _answers(executed["03_reorganisation_2025"])
    assert answers["communes_before"] == 16
    assert answers["units_after"] == 6
    assert answers["province_2025"] == ["Ninh Bình"]
    assert answers["unmatched_communes"] == []
    assert answers["commune_to_unit"]["Thị trấn Kiện Khê"] == "Phường Châu Sơn"
    assert answers["commune_to_unit"]["Xã Thanh Hải"] == "Xã Thanh Lâm"
    assert answers["whole_units"] == [
        "Xã Liêm Hà",
        "Xã Tân Thanh",
        "Xã Thanh Bình",
        "Xã Thanh Lâm",
        "Xã Thanh Liêm",
    ]
    assert answers["shared_units"] == {"Phường Châu Sơn": "Phường Thanh Tuyền; Phường Châu Sơn"}
    assert answers["flagged_area_units"] == ["Xã Tân Thanh", "Xã Thanh Bình"]
    assert answers["unflagged_whole_area_km2"] == pytest.approx(20.95 + 52.91 + 23.27)
    assert answers["left_for_flagged_and_kien_khe_km2"] == pytest.approx(
        164.69 - (20.95 + 52.91 + 23.27), abs=0.01
    )
    assert answers["flagged_published_km2"] == pytest.approx(114.5 + 86.0)
    assert answers["seat_verdicts"]["Phường Châu Sơn"] == "uncertain"
