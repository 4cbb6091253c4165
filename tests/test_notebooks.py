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
import pandas as pd
import pytest
from nbclient import NotebookClient

from geo import query
from geo.facts import load_facts
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


@pytest.fixture(scope="module")
def metric(layers_dir: Path) -> query.Layers:
    """The layers the notebooks read, loaded through the same API (``geo.load_layers``)."""
    return query.load_layers(layers_dir, crs=query.METRIC_CRS)


def _rounded(value: float) -> float:
    """Round as the notebooks round their answers (to the metre, in km)."""
    return round(float(value), 3)


def test_01_layers_at_a_glance(
    executed: dict[str, nbformat.NotebookNode], metric: query.Layers
) -> None:
    answers = _answers(executed["01_layers_at_a_glance"])
    assert answers["layer_counts"] == {name: len(frame) for name, frame in metric.items()}
    assert answers["mapped_counts"] == {
        name: len(query.mapped(frame)) for name, frame in metric.items()
    }
    missing = query.unmapped(metric)
    assert answers["unmapped"] == list(missing.index)
    assert answers["unmapped_status"] == sorted(set(missing["status"]))
    rows = pd.concat(metric.values()).set_index("id")
    assert answers["accuracy_m"] == rows["accuracy_m"].dropna().to_dict()
    assert answers["basis"] == rows["location_basis"].str.partition(":")[0].to_dict()
    count = load_facts()["industrial_area_count"].number
    assert answers["article_industrial_area_count"] == count
    assert answers["layer_industrial_area_count"] == len(metric["industrial_areas"])
    # what the answers say, read through the same API (the values: test_layers, test_query)
    assert answers["unmapped"]
    assert set(answers["accuracy_m"]) | set(answers["unmapped"]) == set(rows.index)


def test_02_spatial_questions(
    executed: dict[str, nbformat.NotebookNode], metric: query.Layers
) -> None:
    answers = _answers(executed["02_spatial_questions"])
    district, areas = metric["district"], metric["industrial_areas"]
    road = query.pick(metric, "dt495b")
    inside = query.containment(areas, district)
    kcn = inside.loc["kcn_thanh_liem"]
    outside_m = -inside["signed_distance_m"].astype(float)["kcn_thanh_liem"]
    assert answers["kcn_outside_km"] == _rounded(outside_m / 1000)
    assert answers["kcn_verdict"] == kcn["verdict"]
    assert answers["inside_nominal"] == sorted(inside.index[inside["nominal"] == "inside"])
    assert answers["inside_certain"] == sorted(inside.index[inside["verdict"] == "inside"])
    ranges = query.distance_range(areas, road)
    assert answers["distance_to_dt495b_km"] == {
        feature_id: [_rounded(row[column] / 1000) for column in ("min_m", "distance_m", "max_m")]
        for feature_id, row in ranges.iterrows()
    }
    near = query.within_distance(road, metric, 5000)
    assert answers["within_5km_of_dt495b"] == {
        verdict: sorted(group.index) for verdict, group in near.groupby("verdict")
    }
    assert answers["dt495b_exit_side"] == query.exit_side(road, district)
    crossings = query.boundary_crossings(road, district)
    sides = {side for sides in crossings["sides_within_uncertainty"] for side in sides.split(", ")}
    assert answers["dt495b_crossing_sides"] == sorted(sides)
    area = query.area_check(district)
    assert answers["area_km2_computed"] == _rounded(area.computed_km2)
    assert answers["area_km2_official"] == area.official_km2
    assert answers["area_diff_pct"] == _rounded(area.difference_pct)
    now = query.successor_unit(areas, metric["admin_2025"])
    assert answers["unit_2025"] == now["unit_2025_vi"].to_dict()
    assert answers["seat_check"] == now["seat_check"].to_dict()
    # the questions have answers of every kind (the values themselves: test_query)
    assert set(answers["within_5km_of_dt495b"]) == {
        "within",
        "possibly",
        "beyond",
        f"unknown: {query.NOT_PUBLISHED}",
    }


def test_03_reorganisation(
    executed: dict[str, nbformat.NotebookNode], metric: query.Layers
) -> None:
    answers = _answers(executed["03_reorganisation_2025"])
    district, units = metric["district"], metric["admin_2025"]
    communes = query.commune_successors(district, units)
    assert answers["communes_before"] == len(communes)
    assert answers["units_after"] == communes["unit_2025_id"].nunique()
    assert answers["province_2025"] == sorted(units["province_2025"].unique())
    assert answers["unmatched_communes"] == list(communes.index[communes["unit_2025_id"].isna()])
    assert answers["commune_to_unit"] == dict(
        zip(communes["commune_2024_vi"], communes["unit_2025_vi"], strict=True)
    )
    summary = query.reorganisation(district, units)
    whole = summary[summary["whole_from_thanh_liem"]]
    assert answers["whole_units"] == list(whole["name_vi"])
    shared = summary[~summary["whole_from_thanh_liem"]].set_index("name_vi")["from_elsewhere"]
    assert answers["shared_units"] == shared.to_dict()
    flagged, unflagged = whole[whole["area_flag"]], whole[~whole["area_flag"]]
    assert answers["flagged_area_units"] == list(flagged["name_vi"])
    unflagged_km2 = float(unflagged["area_km2_published"].sum())
    assert answers["unflagged_whole_area_km2"] == _rounded(unflagged_km2)
    computed_km2 = query.area_check(district).computed_km2
    assert answers["left_for_flagged_and_kien_khe_km2"] == _rounded(computed_km2 - unflagged_km2)
    flagged_km2 = float(flagged["area_km2_published"].sum())
    assert answers["flagged_published_km2"] == _rounded(flagged_km2)
    assert answers["seat_verdicts"] == summary.set_index("name_vi")["seat_verdict"].to_dict()
    # the notebook's point: the flagged units' published areas exceed what is left for them
    assert answers["flagged_published_km2"] > answers["left_for_flagged_and_kien_khe_km2"]
    assert answers["unmatched_communes"] == []
