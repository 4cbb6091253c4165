"""The parts of ``geo`` import one another one way, as the data flows.

sources → authored inputs → layers → upgrades (OpenStreetMap import, contributions) →
products (web map, QGIS export, figure) and queries. The graph is read from every module's
``import`` and ``from`` statements (function-local ones and ``importlib.import_module("geo…")``
calls included), between parts: ``geo.layers.roads`` belongs to the part ``geo.layers``.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[1]
UPSTREAM: Final = ("geo.sources", "geo.authored", "geo.layers", "geo.schema", "geo.bases")
LATER_STAGES: Final = (
    "geo.upgrades",
    "geo.osm",
    "geo.edits",
    "geo.webmap",
    "geo.qgis_export",
    "geo.figure",
)
PRODUCTS: Final = ("geo.webmap", "geo.qgis_export", "geo.figure")
BUILDERS_AND_IMPORTERS: Final = ("geo.layers", "geo.osm", "geo.edits")
RUNS_ON_IMPORT: Final = "geo.__main__"  # `python -m geo`: importing it runs the command

_FRESH_IMPORTS: Final = """
import importlib
import sys

for name in sys.argv[1:]:
    for loaded in [module for module in sys.modules if module.split(".")[0] == "geo"]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        print(f"{name}: {type(error).__name__}: {error}")
"""


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def geo_sources() -> dict[str, tuple[str, bool]]:
    """Return module name → (source, is a package) for every module of ``geo``."""
    return {
        _module_name(path, ROOT): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted((ROOT / "geo").rglob("*.py"))
    }


def part_of(module: str) -> str:
    """Return the part a module belongs to: ``geo.layers.roads`` → ``geo.layers``."""
    return ".".join(module.split(".")[:2])


def _targets(node: ast.AST, module: str, is_package: bool, modules: Iterable[str]) -> list[str]:
    known = set(modules)
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            kept = package[: len(package) - node.level + 1]
            base = ".".join([*kept, *([node.module] if node.module else [])])
        submodules = [f"{base}.{alias.name}" for alias in node.names]
        return [name for name in submodules if name in known] or [base]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return [node.args[0].value]
    return []


def part_graph(sources: Mapping[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Return part → the other parts its modules import, read from their source.

    Parameters
    ----------
    sources
        Module name → (source text, whether it is a package's ``__init__``).

    Returns
    -------
    dict
        Every part of a module in ``sources``, with the ``geo`` parts it imports.
    """
    graph: dict[str, set[str]] = {part_of(name): set() for name in sources}
    for name, (source, is_package) in sources.items():
        for node in ast.walk(ast.parse(source)):
            for target in _targets(node, name, is_package, sources):
                if target.split(".")[0] == "geo" and part_of(target) != part_of(name):
                    graph[part_of(name)].add(part_of(target))
    return graph


def cycle_in(graph: Mapping[str, set[str]]) -> list[str] | None:
    """Return one cycle of the graph (its first node repeated at the end), or ``None``."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def reachable(graph: Mapping[str, set[str]], start: str) -> set[str]:
    """Return every part ``start`` imports, directly or through other parts."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), set()) - seen:
            seen.add(target)
            todo.append(target)
    return seen


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return part_graph(geo_sources())


def test_every_module_imports_on_its_own() -> None:
    names = [name for name in geo_sources() if name != RUNS_ON_IMPORT]
    assert {"geo.layers", "geo.layers.roads"} <= set(names)  # packages and their modules
    run = subprocess.run(
        [sys.executable, "-c", _FRESH_IMPORTS, *names],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.stdout.splitlines() == []


def test_the_graph_holds_function_local_relative_and_lazy_imports() -> None:
    sources = {
        "geo.a": ("def f():\n    from geo.b.c import x\n    return x\n", False),
        "geo.b": ("from . import c\n", True),
        "geo.b.c": ("import importlib\nimportlib.import_module('geo.d')\n", False),
        "geo.d": ("from geo import e\nimport numpy\n", False),
        "geo.e": ("", False),
    }
    graph = part_graph(sources)
    assert graph == {"geo.a": {"geo.b"}, "geo.b": {"geo.d"}, "geo.d": {"geo.e"}, "geo.e": set()}
    assert cycle_in(graph) is None
    assert reachable(graph, "geo.a") == {"geo.b", "geo.d", "geo.e"}


def test_a_cycle_between_parts_is_found() -> None:
    # geo.layers and geo.osm as they were before the upgrades stage (issue #13)
    sources = {
        "geo.layers.roads": ("from geo.osm.override import OsmFeature\n", False),
        "geo.osm.importer": ("from geo.layers.roads import REQUIRED\n", False),
        "geo.osm.override": ("from geo.osm.targets import BASIS_PREFIX\n", False),
    }
    cycle = cycle_in(part_graph(sources))
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"geo.layers", "geo.osm"}


def test_no_cycle_between_the_parts_of_geo(graph: dict[str, set[str]]) -> None:
    assert {"geo.layers", "geo.upgrades", "geo.osm", "geo.edits", "geo.webmap"} <= set(graph)
    assert {"geo.authored", "geo.sources"} <= graph["geo.layers"]
    assert cycle_in(graph) is None


@pytest.mark.parametrize("part", UPSTREAM)
def test_upstream_parts_never_reach_a_later_stage(graph: dict[str, set[str]], part: str) -> None:
    assert reachable(graph, part) & set(LATER_STAGES) == set()


@pytest.mark.parametrize("product", PRODUCTS)
def test_products_read_finished_layers(graph: dict[str, set[str]], product: str) -> None:
    """A product never imports the layer builders or the importers, even through a helper."""
    assert reachable(graph, product) & set(BUILDERS_AND_IMPORTERS) == set()


def test_the_upgrades_stage_never_reaches_the_importers_or_the_products(
    graph: dict[str, set[str]],
) -> None:
    """The importers write the files the stage reads; the products read what it made."""
    assert reachable(graph, "geo.upgrades") & {"geo.osm", "geo.edits", *PRODUCTS} == set()
