"""One acceptance rule: what `validate` lists is exactly what the map and the export refuse."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from geo.cli import EXIT_INVALID, main
from geo.qgis_export import export_qgis
from geo.schema import LAYER_KINDS
from geo.style import STYLES, UNCERTAINTY_KIND
from geo.validate import ValidationError
from geo.webmap import build_map

Change = Callable[[dict[str, Any]], None]


def _set(**values: Any) -> Change:
    def change(feature: dict[str, Any]) -> None:
        feature["properties"].update(values)

    return change


def _move(coordinates: Any) -> Change:
    def change(feature: dict[str, Any]) -> None:
        feature["geometry"]["coordinates"] = coordinates

    return change


def _add_vertex(lon: float, lat: float) -> Change:
    def change(feature: dict[str, Any]) -> None:
        feature["geometry"]["coordinates"].append([lon, lat])

    return change


NAN = float("nan")
SWAPPED = " (wrong CRS or lon/lat swapped?)"
FRAME = "outside the map frame (lon 104.5–107.5, lat 19.5–21.5: Hà Nam and its neighbours)"
CASES: dict[str, tuple[str, str, Change, str]] = {
    "duplicate id across layers": (
        "admin_2025",
        "liem_ha",
        _set(id="kcn_thanh_liem"),
        "industrial_areas/kcn_thanh_liem: duplicate id, used by 2 features "
        "(industrial_areas, admin_2025); every id must be unique",
    ),
    "duplicate id in a layer": (
        "roads",
        "t4",
        _set(id="t1"),
        "roads/t1: duplicate id, used by 2 features (roads, roads); every id must be unique",
    ),
    "id that is not an identifier": (
        "roads",
        "t4",
        _set(id="t4\nforged"),
        "roads/t4\nforged: id 't4\\nforged' is not an identifier "
        "(only letters, digits, '_', '.' and '-')",
    ),
    "unknown kind": (
        "industrial_areas",
        "ccn_thanh_hai",
        _set(kind="mystery"),
        "industrial_areas/ccn_thanh_hai: kind 'mystery' has no style in geo/style.py",
    ),
    "kind of another layer": (
        "industrial_areas",
        "ccn_thanh_hai",
        _set(kind="river"),
        "industrial_areas/ccn_thanh_hai: kind 'river' is not a kind of this layer (kcn, ccn)",
    ),
    "negative accuracy": (
        "industrial_areas",
        "kcn_thanh_liem",
        _set(accuracy_m=-5),
        "industrial_areas/kcn_thanh_liem: properties/accuracy_m: "
        "-5 is less than or equal to the minimum of 0",
    ),
    "negative area": (
        "admin_2025",
        "thanh_lam",
        _set(area_km2_published=-52.91),
        "admin_2025/thanh_lam: properties/area_km2_published: "
        "-52.91 is less than or equal to the minimum of 0",
    ),
    "negative population": (
        "admin_2025",
        "thanh_lam",
        _set(population_published=-2955),
        "admin_2025/thanh_lam: properties/population_published: "
        "-2955 is less than the minimum of 0",
    ),
    "NaN accuracy": (
        "context",
        "gso_347",
        _set(accuracy_m=NAN),
        "context/gso_347: properties/accuracy_m: nan is not a finite number",
    ),
    "infinite area": (
        "industrial_areas",
        "kcn_thanh_liem",
        _set(area_ha=float("inf")),
        "industrial_areas/kcn_thanh_liem: properties/area_ha: "
        "inf is greater than the maximum of 10000",
    ),
    "point outside the frame": (
        "industrial_areas",
        "ccn_thanh_luu",
        _move([103.9, 20.45]),
        f"industrial_areas/ccn_thanh_luu: 1 vertex/vertices {FRAME}, first at 103.9, 20.45"
        + SWAPPED,
    ),
    "seat outside the frame": (
        "admin_2025",
        "liem_ha",
        _move([105.95, 21.8]),
        f"admin_2025/liem_ha: 1 vertex/vertices {FRAME}, first at 105.95, 21.8" + SWAPPED,
    ),
    "road vertex outside the frame": (
        "roads",
        "dt495b",
        _add_vertex(108.2, 20.6),
        f"roads/dt495b: 1 vertex/vertices {FRAME}, first at 108.2, 20.6" + SWAPPED,
    ),
    "non-finite coordinate": (
        "industrial_areas",
        "kcn_thanh_liem",
        _move([NAN, 20.5]),
        "industrial_areas/kcn_thanh_liem: geometry has non-finite coordinates",
    ),
}


def _broken_copy(
    layers_dir: Path, folder: Path, layer: str, feature_id: str, change: Change
) -> Path:
    shutil.copytree(layers_dir, folder)
    path = folder / f"{layer}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = [f for f in collection["features"] if f["properties"]["id"] == feature_id]
    change(feature)
    path.write_text(json.dumps(collection), encoding="utf-8")  # NaN, Infinity as Python writes
    return folder


@pytest.mark.parametrize("case", list(CASES))
def test_validate_lists_what_the_map_and_the_export_refuse(
    case: str, layers_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layer, feature_id, change, problem = CASES[case]
    folder = _broken_copy(layers_dir, tmp_path / "layers", layer, feature_id, change)

    assert main(["validate", "--layers-dir", str(folder)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert captured.out == f"✗ {problem}\n".replace("\nforged", "\\nforged")
    assert captured.err == f"1 problem(s) in {folder}\n"

    for product in (build_map, export_qgis):
        out = tmp_path / product.__name__
        with pytest.raises(ValidationError) as refused:
            product(folder, out)
        assert refused.value.problems == [problem]
        assert not out.exists() or not any(out.iterdir())


def test_every_kind_of_the_schema_has_a_style_and_every_style_a_layer() -> None:
    kinds = [kind for layer_kinds in LAYER_KINDS.values() for kind in layer_kinds]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == set(STYLES) - {UNCERTAINTY_KIND}
