"""Benchmark: this project's map against the floor and a plain folium map of the same layers.

Run with ``make bench`` (not part of the test run; it asserts nothing). In one run it builds
the layers and the map (``thanh-liem-map build``), then

- the **floor** (``bench/floor.py``): the same layers' GeoJSON with Leaflet 1.9.4's JS and
  CSS inlined, drawn by one ``L.geoJSON`` per layer;
- the **plain folium baseline**: what a folium user writes first, ``folium.Map`` with its
  default template (CDN assets, OpenStreetMap tiles) and one ``folium.GeoJson`` per layer,
  the context at full resolution;

and prints, for the three pages, the HTML size and the time until the shapes are drawn in
headless Chromium (``bench/drawn.py``; median of interleaved runs, the first round dropped),
each as a ratio to the floor; the warm build (``thanh-liem-map build`` from a new process,
median of 3) and ``thanh-liem-map --help`` (median of 5); and what the map's HTML holds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

from drawn import Draws, draw_times, spread
from floor import floor_page
from split_road import SPLIT_WAYS, split_road_build

from devtools.screenshot import CHROMIUM
from geo.schema import LAYER_NAMES
from geo.webmap.bundle import SCRIPTS, STYLESHEETS, VENDOR, load_assets, stylesheet_text

ROOT: Final = Path(__file__).resolve().parents[1]
DRAW_RUNS: Final = 9
BUILD_RUNS: Final = 3
HELP_RUNS: Final = 5
GOAL_RATIO: Final = 1.3
HELP_GOAL_S: Final = 0.3

BASELINE_SCRIPT: Final = r"""
import json, sys
from pathlib import Path
import folium, geopandas as gpd
from geo.boundaries import HA_NAM, NEIGHBOUR_PROVINCES, read_province
from geo.sources import SourceSettings
layers_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
settings = SourceSettings.from_env()
full = [u for u in read_province(HA_NAM, settings)[1:] if u.code != "351"]
full += [read_province(code, settings)[0] for code in NEIGHBOUR_PROVINCES]
context = gpd.GeoDataFrame(
    {"name": [u.name for u in full]}, geometry=[u.geometry for u in full], crs="EPSG:4326"
)
m = folium.Map(location=[20.45, 105.95], zoom_start=11)
folium.GeoJson(context, name="context").add_to(m)
for name in ("district", "roads", "industrial_areas", "admin_2025"):
    data = json.loads((layers_dir / f"{name}.geojson").read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if f["geometry"] is not None]
    folium.GeoJson(data, name=name).add_to(m)
folium.LayerControl().add_to(m)
m.save(out)
"""

STAND_INS: Final = {
    "leaflet.js": VENDOR / "leaflet-1.9.4" / "leaflet.js",
    "leaflet.css": VENDOR / "leaflet-1.9.4" / "leaflet.css",
}
"""Local copies served for the baseline's CDN requests of the same name."""


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def _command() -> list[str]:
    """``thanh-liem-map`` as installed beside this Python, else ``python -m geo``."""
    script = Path(sys.executable).with_name("thanh-liem-map")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "geo"]


def _builds(work: Path) -> tuple[float, float]:
    """Time ``thanh-liem-map build`` into ``work``: the first run, then the warm median."""
    command = [*_command(), "build", "--cache-dir", str(work / "cache")]
    command += ["--layers-dir", str(work / "layers"), "--output-dir", str(work / "output")]
    first = _seconds(command)
    warm = statistics.median(_seconds(command) for _ in range(BUILD_RUNS))
    return first, warm


def _help_time() -> float:
    command = [*_command(), "--help"]
    _seconds(command)  # warms the file cache; not counted
    return statistics.median(_seconds(command) for _ in range(HELP_RUNS))


def breakdown(html: str) -> list[tuple[str, int]]:
    """Return what the map's HTML holds, part by part, in bytes.

    Parameters
    ----------
    html
        The map page.

    Returns
    -------
    list of (str, int)
        Each inlined script, the stylesheets (and each one, indented, with what writing a
        repeated image once saves), the page data, the other inline scripts and styles, and
        the rest (markup); the unindented rows add up to the page.
    """
    assets = load_assets()
    named = {text.strip(): path for path, text in zip(SCRIPTS, assets.scripts, strict=True)}
    parts: dict[str, int] = {}
    rest = len(html.encode("utf-8"))
    for match in re.finditer(r"<(script|style)\b([^>]*)>(.*?)</\1>", html, flags=re.DOTALL):
        tag, attributes, text = match.groups()
        size = len(text.encode("utf-8"))
        rest -= size
        if text.strip() in named:
            label = named[text.strip()]
        elif tag == "style" and text.strip() == assets.css.strip():
            label = f"stylesheets ({len(STYLESHEETS)}, images inlined)"
        elif "application/json" in attributes:
            label = "page data (JSON)"
        else:
            label = (
                "other inline scripts (folium's map script)"
                if tag == "script"
                else "other inline styles (folium's map size)"
            )
        parts[label] = parts.get(label, 0) + size
    rows = []
    for label, size in parts.items():
        rows.append((label, size))
        if label.startswith("stylesheets"):
            each = [(f"  {path}", len(stylesheet_text(path).encode())) for path in STYLESHEETS]
            shared = size - sum(part for _, part in each)
            rows += each
            if shared:
                rows.append(("  an image several rules show, written once", shared))
    rows.append(("markup (page, panel, legend) and the rest", rest))
    return rows


def _json_bytes(html: str) -> int:
    found = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.DOTALL)
    return sum(len(text.encode("utf-8")) for text in found)


def _table(sizes: dict[str, int], draws: dict[str, Draws]) -> list[str]:
    floor_size, floor_time = sizes["floor"], draws["floor"].median
    lines = [
        f"{'page':<26}{'HTML kB':>9}{'× floor':>9}{'drawn s':>9}{'× floor':>9}"
        f"{'spread s':>12}{'paths':>7}"
    ]
    names = {
        "map": "this map",
        "floor": "floor: Leaflet + data",
        "baseline": "plain folium (+CDN)",
    }
    for key, name in names.items():
        draw = draws[key]
        lines.append(
            f"{name:<26}{sizes[key] / 1000:>9.1f}{sizes[key] / floor_size:>9.2f}"
            f"{draw.median:>9.2f}{draw.median / floor_time:>9.2f}"
            f"{spread(draw.seconds):>12}{draw.paths:>7}"
        )
    return lines


def _verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "NOT met"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=DRAW_RUNS, help="draw rounds kept (≥ 7)")
    parser.add_argument("--keep", type=Path, help="copy the three pages into this folder")
    args = parser.parse_args(argv)
    if args.runs < 7:
        parser.error("--runs must be at least 7")
    if not CHROMIUM.is_file():
        print(f"needs Debian chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="thanh-liem-bench-") as folder:
        work = Path(folder)
        first, warm = _builds(work)
        split = split_road_build(work, _command(), BUILD_RUNS)
        help_time = _help_time()
        pages = {
            "map": work / "output" / "thanh_liem_map.html",
            "floor": work / "floor.html",
            "baseline": work / "baseline.html",
        }
        pages["floor"].write_text(floor_page(work / "layers", LAYER_NAMES), encoding="utf-8")
        baseline = [sys.executable, "-c", BASELINE_SCRIPT, str(work / "layers")]
        _seconds([*baseline, str(pages["baseline"])])
        sizes = {key: path.stat().st_size for key, path in pages.items()}
        floor_json = _json_bytes(pages["floor"].read_text(encoding="utf-8"))
        draws, chromium = draw_times(pages, STAND_INS, args.runs)
        parts = breakdown(pages["map"].read_text(encoding="utf-8"))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for key, path in pages.items():
                shutil.copyfile(path, args.keep / f"{key}.html")
    print(
        f"{dt.date.today().isoformat()}, {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Chromium {chromium}"
    )
    print(
        f"drawn: first frame after the last SVG path of the map's layers, from navigation "
        f"start; median of {args.runs} interleaved runs (map, floor, baseline, …), first "
        "round dropped; file://, tiles blocked\n"
    )
    print("\n".join(_table(sizes, draws)))
    print(
        f"(the floor: {floor_json / 1000:.1f} kB of GeoJSON, the rest Leaflet's JS and CSS; "
        "plain folium's size leaves out its ~10 CDN files, served here from local copies)\n"
    )
    print(
        f"make map, warm: thanh-liem-map build from a new process, median of {BUILD_RUNS}: "
        f"{warm:.2f} s (first build, empty cache: {first:.2f} s)"
    )
    print(
        f"make map, warm, ĐT495B imported as {SPLIT_WAYS:,} OSM ways: {split:.2f} s "
        f"({split - warm:+.2f} s; goal: under +2 s)"
    )
    print(f"thanh-liem-map --help from a new process, median of {HELP_RUNS}: {help_time:.3f} s\n")
    print(f"{'what this map holds':<72}{'kB':>8}")
    for label, size in parts:
        print(f"  {label:<70}{size / 1000:>8.1f}")
    print(f"  {'total':<70}{sizes['map'] / 1000:>8.1f}\n")
    size_ratio = sizes["map"] / sizes["floor"]
    time_ratio = draws["map"].median / draws["floor"].median
    print(
        f"goals (#15): HTML ≤ {GOAL_RATIO} × floor: {size_ratio:.2f}, "
        f"{_verdict(size_ratio, GOAL_RATIO)}; drawn ≤ {GOAL_RATIO} × floor: {time_ratio:.2f}, "
        f"{_verdict(time_ratio, GOAL_RATIO)}; --help < {HELP_GOAL_S} s: {help_time:.3f} s, "
        f"{_verdict(help_time, HELP_GOAL_S)}"
    )
    for key, draw in draws.items():
        for error in sorted(set(draw.errors)):
            print(f"warning: {key} page raised: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
