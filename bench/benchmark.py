"""Benchmark: this project's map against a plain folium map of the same layers.

Run with ``make bench`` (not part of the test run). Prints, for both maps, side by side:

- build time, cold (a new process with an empty download cache) and warm (the same again);
- HTML size;
- time until the map is drawn in headless Chromium (file://, every non-local request blocked
  except the baseline's CDN scripts, which are served from a local copy so that it can draw).

The baseline is what a folium user writes first: ``folium.Map`` with its default template
(CDN assets, OpenStreetMap tiles) and one ``folium.GeoJson`` per layer at full resolution.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import osmium
from playwright.sync_api import Route, sync_playwright
from shapely.geometry import LineString

from geo.authored import default_dir
from geo.osm.importer import import_osm
from geo.webmap.screenshot import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
DRAW_RUNS = 5
SPLIT_WAYS = 3000
SPLIT_COURSE = [(105.905, 20.412), (105.932, 20.414), (105.936, 20.428), (105.964, 20.441),
                (106.006, 20.44), (106.043, 20.473)]  # fmt: skip
"""A synthetic course of ĐT495B (the tests' fixture), cut into SPLIT_WAYS ways."""

BASELINE_SCRIPT = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
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
print(time.perf_counter() - t0)
"""


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def _build_times(work: Path) -> dict[str, tuple[float, float]]:
    env = dict(os.environ)
    python = sys.executable
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    ours = [python, "-m", "geo", "build", "--cache-dir", str(cache)]
    ours += ["--layers-dir", str(work / "layers"), "--output-dir", str(work / "output")]
    baseline = [python, "-c", BASELINE_SCRIPT, str(work / "layers"), str(work / "baseline.html")]
    ours_cold = _run(ours, env)
    ours_warm = statistics.median(_run(ours, env) for _ in range(3))
    base_cold = _run(baseline, env)
    base_warm = statistics.median(_run(baseline, env) for _ in range(3))
    return {"ours": (ours_cold, ours_warm), "baseline": (base_cold, base_warm)}


def _split_road_build(work: Path) -> float:
    """Warm build time after importing ĐT495B from a synthetic extract of 3,000 ways."""
    authored = work / "authored"
    shutil.copytree(default_dir(), authored)
    course, extract = LineString(SPLIT_COURSE), work / "split.osm.pbf"
    stops = [course.interpolate(i / SPLIT_WAYS, normalized=True) for i in range(SPLIT_WAYS + 1)]
    with osmium.SimpleWriter(str(extract)) as writer:
        for node, stop in enumerate(stops, start=1):
            writer.add_node(osmium.osm.mutable.Node(id=node, location=(stop.x, stop.y)))
        for way in range(1, SPLIT_WAYS + 1):  # numbered from the east end
            first = SPLIT_WAYS + 1 - way
            tags = {"highway": "primary", "ref": "ĐT495B"}
            writer.add_way(osmium.osm.mutable.Way(id=way, nodes=[first, first + 1], tags=tags))
    import_osm(extract, authored)
    ours = [sys.executable, "-m", "geo", "build", "--authored-dir", str(authored)]
    ours += ["--layers-dir", str(work / "split-layers"), "--output-dir", str(work / "split-out")]
    return statistics.median(_run(ours, dict(os.environ)) for _ in range(3))


def _leaflet_assets() -> dict[str, Path]:
    """Local copies of leaflet.js/css to stand in for the baseline's CDN requests."""
    found = {}
    for name in ("leaflet.js", "leaflet.css"):
        matches = sorted((ROOT / "geo" / "webmap").rglob(name))
        if matches:
            found[name] = matches[0]
    return found


def _draw_time(html: Path, assets: dict[str, Path]) -> float:
    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
            return
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in assets:
            route.fulfill(path=str(assets[name]))
        elif name.endswith((".js", ".css")):
            route.fulfill(status=200, body="", content_type="text/plain")
        else:
            route.abort()

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        for _ in range(DRAW_RUNS):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", route)
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_function(
                "document.querySelectorAll('.leaflet-map-pane path').length >= 12",
                polling="raf",
                timeout=30_000,
            )
            times.append(page.evaluate("performance.now()") / 1000)
            page.close()
        browser.close()
    return statistics.median(times)


def main() -> int:
    """Run the benchmark and print the table."""
    if not CHROMIUM.is_file():
        print("needs Debian chromium at /usr/bin/chromium (apt-get install chromium)")
        return 1
    with tempfile.TemporaryDirectory(prefix="thanh-liem-bench-") as folder:
        work = Path(folder)
        builds = _build_times(work)
        split = _split_road_build(work)
        ours_html = work / "output" / "thanh_liem_map.html"
        base_html = work / "baseline.html"
        sizes = {"ours": ours_html.stat().st_size, "baseline": base_html.stat().st_size}
        assets = _leaflet_assets()
        draws = {"ours": _draw_time(ours_html, {}), "baseline": _draw_time(base_html, assets)}
    rows = [
        ("build, cold (s)", builds["ours"][0], builds["baseline"][0]),
        ("build, warm (s)", builds["ours"][1], builds["baseline"][1]),
        ("HTML size (kB)", sizes["ours"] / 1000, sizes["baseline"] / 1000),
        ("drawn in Chromium (s)", draws["ours"], draws["baseline"]),
    ]
    print(f"{'measure':<24}{'this map':>12}{'plain folium':>14}{'ratio':>8}")
    for label, ours, base in rows:
        print(f"{label:<24}{ours:>12.2f}{base:>14.2f}{ours / base:>8.2f}")
    print(
        f"build, warm, ĐT495B imported as {SPLIT_WAYS:,} OSM ways: {split:.2f} s "
        f"({split - builds['ours'][1]:+.2f} s; goal: under +2 s)"
    )
    origin = os.environ.get("THANH_LIEM_DATA_DIR") or "downloads into an empty cache"
    print(f"\nsources for the cold build: {origin}")
    print(f"cores: {os.cpu_count()}; Python {sys.version.split()[0]}; draw: median of {DRAW_RUNS}")
    print("ours builds layers + map + QGIS export; the baseline only writes its HTML.")
    print("goals: HTML ≤ 1000 kB with everything inlined; drawn < 0.5 s; warm build < 5 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
