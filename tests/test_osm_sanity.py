"""OSM import sanity: implausible matches, unusable objects, extracts off the map, hostile text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import pytest
from markdown_it import MarkdownIt
from pyproj import Geod
from shapely.geometry import LineString, Polygon, shape

from geo.cli import EXIT_OK, EXIT_SOURCE, main
from geo.metric import length_km
from geo.osm.importer import import_osm
from geo.osm.reader import OsmFileError
from geo.osm.report import REPORT_FILENAME, Entry, ImportReport
from geo.osm.targets import FRAME
from geo.upgrades.osm import OVERRIDE_FILENAME
from tests.osm.builder import OsmBuilder
from tests.osm.extracts import DT495B, HEADER_TIMESTAMP, KCN_POINT
from tests.osm.extracts import full_extract as _full_extract

GEOD = Geod(ellps="WGS84")
FORGED = "x\n## Matched\n* fake"


def _override(folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((folder / OVERRIDE_FILENAME).read_text(encoding="utf-8"))
    return {feature["properties"]["id"]: feature for feature in data["features"]}


def _entry(report: ImportReport, feature_id: str) -> Entry:
    (entry,) = [entry for entry in report.entries if entry.id == feature_id]
    return entry


def _hectares(polygon: Polygon) -> float:
    area, _ = GEOD.geometry_area_perimeter(polygon)
    return abs(area) / 1e4


def _rectangle(west: float, south: float, east: float, north: float) -> list[tuple[float, float]]:
    return [(west, south), (east, south), (east, north), (west, north), (west, south)]


def _reported_hectares(detail: str) -> float:
    match = re.search(r"an outline of ([\d,.]+) ha", detail)
    assert match, detail
    return float(match.group(1).replace(",", ""))


# --- plausibility of industrial outlines -------------------------------------------------


def test_runaway_outline_around_the_park_is_unmatched_and_the_rest_imports(
    authored_copy: Path, tmp_path: Path
) -> None:
    osm, ids = _full_extract()
    lon, lat = KCN_POINT
    huge = _rectangle(lon - 1.3, lat - 0.99, lon + 1.3, lat + 0.99)  # ≈ 59,000 km², in the AOI
    runaway = osm.way(huge, {"landuse": "industrial", "name": "KCN Thanh Liêm"})
    report, _ = import_osm(osm.write_xml(tmp_path / "runaway.osm"), authored_copy)
    entry = _entry(report, "kcn_thanh_liem")
    assert (entry.outcome, entry.osm_ids) == ("unmatched", (runaway,))
    assert "is outside the plausible 10.0 ha–1,000 ha for a kcn" in entry.detail
    reported = _reported_hectares(entry.detail)
    assert reported == pytest.approx(_hectares(Polygon(huge)), rel=0.01)
    assert 5.5e6 < reported < 6.1e6  # 55,000–61,000 km²
    override = _override(authored_copy)
    assert "kcn_thanh_liem" not in override
    assert override["ccn_thanh_hai"]["properties"]["osm_ids"] == [ids["ccn_thanh_hai"]]
    assert {e.id for e in report.of("matched")} >= {"ccn_thanh_hai", "dt495b", "osm_ql1a"}


def test_one_building_named_like_the_park_is_too_small(authored_copy: Path, tmp_path: Path) -> None:
    osm = OsmBuilder()
    lon, lat = KCN_POINT
    lot = osm.way(
        _rectangle(lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005),
        {"landuse": "industrial", "name": "KCN Thanh Liêm"},
    )
    report, _ = import_osm(osm.write_xml(tmp_path / "lot.osm"), authored_copy)
    entry = _entry(report, "kcn_thanh_liem")
    assert (entry.outcome, entry.osm_ids) == ("unmatched", (lot,))
    assert _reported_hectares(entry.detail) == pytest.approx(1.2, abs=0.05)


def test_a_long_strip_whose_centre_is_far_from_the_position_is_unmatched(
    authored_copy: Path, tmp_path: Path
) -> None:
    osm = OsmBuilder()
    lon, lat = KCN_POINT  # the strip starts at the point and runs 8 km east, 100 m wide
    strip = _rectangle(lon, lat - 0.00045, lon + 0.08, lat + 0.00045)
    way = osm.way(strip, {"landuse": "industrial", "name": "Khu công nghiệp Thanh Liêm"})
    report, _ = import_osm(osm.write_xml(tmp_path / "strip.osm"), authored_copy)
    entry = _entry(report, "kcn_thanh_liem")
    assert (entry.outcome, entry.osm_ids) == ("unmatched", (way,))
    assert 80 < _hectares(Polygon(strip)) < 90  # a plausible size: only the position fails
    match = re.search(
        r"centre lies ([\d,]+) m from its position kcn_thanh_liem_published", entry.detail
    )
    assert match, entry.detail
    assert float(match.group(1).replace(",", "")) == pytest.approx(4170, abs=30)
    assert "accuracy (750 m)" in entry.detail


def test_implausible_candidate_is_set_aside_and_named(authored_copy: Path, tmp_path: Path) -> None:
    osm = OsmBuilder()
    lon, lat = KCN_POINT
    small = osm.way(_rectangle(lon - 0.0004, lat - 0.0004, lon + 0.0004, lat + 0.0004),
                    {"landuse": "industrial"})  # fmt: skip
    park = osm.square(KCN_POINT, 0.003, {"landuse": "industrial"})
    report, _ = import_osm(osm.write_xml(tmp_path / "two.osm"), authored_copy)
    entry = _entry(report, "kcn_thanh_liem")
    assert (entry.outcome, entry.osm_ids) == ("matched", (park,))
    assert f"not plausible: {small}: an outline of 0.7 ha" in entry.detail
    assert _override(authored_copy)["kcn_thanh_liem"]["properties"]["osm_ids"] == [park]


@pytest.mark.parametrize(("area_ha", "outcome"), [("40", "matched"), ("200", "unmatched")])
def test_a_known_area_narrows_the_bounds(
    authored_copy: Path, tmp_path: Path, area_ha: str, outcome: str
) -> None:
    path = authored_copy / "industrial_areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("area_ha")] = area_ha
    assert cells[0] == "kcn_thanh_liem"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    osm = OsmBuilder()
    osm.square(KCN_POINT, 0.003, {"landuse": "industrial"})  # ≈ 42 ha
    report, _ = import_osm(osm.write_xml(tmp_path / "park.osm"), authored_copy)
    entry = _entry(report, "kcn_thanh_liem")
    assert entry.outcome == outcome
    if outcome == "unmatched":
        assert "outside the plausible 100 ha–400 ha, within ×2 of its known 200 ha" in entry.detail


# --- plausibility of routes --------------------------------------------------------------


def test_a_stub_of_the_road_is_too_short_to_replace_it(authored_copy: Path, tmp_path: Path) -> None:
    osm = OsmBuilder()
    stub = osm.way(DT495B[:2], {"highway": "primary", "ref": "ĐT495B"})
    report, _ = import_osm(osm.write_xml(tmp_path / "stub.osm"), authored_copy)
    entry = _entry(report, "dt495b")
    assert (entry.outcome, entry.osm_ids) == ("unmatched", (stub,))
    stub_km = length_km(LineString(DT495B[:2]))
    assert stub_km == pytest.approx(2.8, abs=0.1)
    assert f"a route of {stub_km:.1f} km is outside 0.3–2.2 × its published 28.9 km" in entry.detail
    assert "dt495b" not in _override(authored_copy)


def test_a_road_far_from_its_schematic_line_is_unmatched(
    authored_copy: Path, tmp_path: Path
) -> None:
    osm = OsmBuilder()  # the course of DT495B moved 0.1° (≈ 11 km) north
    north = [(lon, lat + 0.1) for lon, lat in DT495B]
    way = osm.way(north, {"highway": "primary", "ref": "ĐT495B"})
    report, _ = import_osm(osm.write_xml(tmp_path / "north.osm"), authored_copy)
    entry = _entry(report, "dt495b")
    assert (entry.outcome, entry.osm_ids) == ("unmatched", (way,))
    assert "strays" in entry.detail
    assert "its accuracy (3,240 m)" in entry.detail


def test_a_way_reaching_outside_the_area_of_interest_does_not_abort(
    authored_copy: Path, tmp_path: Path
) -> None:
    osm, ids = _full_extract()
    runaway = osm.way([DT495B[-1], (108.2, 20.5)], {"highway": "primary", "ref": "ĐT495B"})
    report, _ = import_osm(osm.write_xml(tmp_path / "far.osm"), authored_copy)
    entry = _entry(report, "dt495b")
    assert entry.outcome == "unmatched"
    assert runaway in entry.osm_ids
    assert "reaches outside the area of interest" in entry.detail
    assert _entry(report, "kcn_thanh_liem").outcome == "matched"
    assert _override(authored_copy)["t1"]["properties"]["osm_ids"] == [ids["t1"]]


# --- objects that cannot be used ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["osm", "osm.pbf"])
def test_unusable_objects_are_skipped_with_a_line_each(
    authored_copy: Path, tmp_path: Path, fmt: str
) -> None:
    osm, _ = _full_extract()
    road = {"highway": "primary", "ref": "ĐT495B"}
    one_node = osm.way_of_nodes([osm.node(DT495B[0])], road)
    missing = osm.way_of_nodes([osm.node(DT495B[0]), 99999], road)
    off_earth = osm.way([DT495B[0], (105.9, 95.0)], road)
    off_earth_node = osm.node((105.9, 95.0))
    long_tag = osm.way(DT495B[:2], {**road, "note": "x" * 300})
    ring = osm.way(_rectangle(105.95, 20.52, 105.96, 20.53), {})
    relation = osm.multipolygon([ring, "way/88888"], {"landuse": "industrial"})
    path = (
        osm.write_xml(tmp_path / "broken.osm")
        if fmt == "osm"
        else osm.write_pbf(tmp_path / "broken.osm.pbf", HEADER_TIMESTAMP)
    )
    report, _ = import_osm(path, authored_copy)
    reasons = {item.osm_id: item.reason for item in report.skipped}
    assert reasons == {
        one_node: "a way of 1 node(s); a line needs two",
        missing: "node 99999 is missing from the extract",
        off_earth: f"node {off_earth_node} has coordinates out of range (lon ±180, lat ±90)",
        long_tag: "a tag key or value of 300 characters (OpenStreetMap allows 255)",
        relation: "multipolygon not assembled: member ways missing from the extract "
        f"(it lists way(s) {ring.removeprefix('way/')}, 88888)",
    }
    assert _entry(report, "dt495b").outcome == "matched"  # the good ways still make the road
    text = (authored_copy / REPORT_FILENAME).read_text(encoding="utf-8")
    assert "5 OSM object(s) skipped." in text
    assert f"- `{missing}`: node 99999 is missing from the extract" in text


def test_control_characters_in_tags_skip_the_object(authored_copy: Path, tmp_path: Path) -> None:
    # written directly: XML cannot hold these characters (and libosmium cuts a tag at NUL)
    path = tmp_path / "controls.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for node, (lon, lat) in enumerate(DT495B, start=1):
            writer.add_node(osmium.osm.mutable.Node(id=node, location=(lon, lat)))
        for way, note in enumerate(["ok", "a\x1bb", "a\x85b", "a\nb"], start=1):
            tags = {"highway": "primary", "ref": "ĐT495B", "note": note}
            nodes = [1, 2, 3, 4, 5, 6] if way in {1, 4} else [way - 1, way]
            writer.add_way(osmium.osm.mutable.Way(id=way, nodes=nodes, tags=tags))
    report, _ = import_osm(path, authored_copy)
    assert [(item.osm_id, item.reason) for item in report.skipped] == [
        ("way/2", "a tag holds the invisible control character U+001B"),
        ("way/3", "a tag holds the invisible control character U+0085"),
    ]
    assert _entry(report, "dt495b").osm_ids == ("way/1", "way/4")  # a line feed is kept


# --- files that are not readable extracts -----------------------------------------------

BadFile = tuple[str, bytes | None, str]


def _osm_xml(body: str) -> bytes:
    return f'<?xml version="1.0"?>\n<osm version="0.6">\n{body}\n</osm>\n'.encode()


@pytest.mark.parametrize(
    "case",
    [
        ("cut.osm", None, "XML parsing error"),
        ("garbage.osm.pbf", b"PK\x03\x04 not an OSM file", "PBF error"),
        ("empty.osm.pbf", b"", "PBF error"),
        ("extract.geojson", b"{}", "expected an OpenStreetMap extract"),
        ("text_lat.osm", _osm_xml('<node id="1" version="1" lat="abc" lon="105.9"/>'), "'abc'"),
        ("nan_lon.osm", _osm_xml('<node id="1" version="1" lat="20.4" lon="nan"/>'), "'nan'"),
        ("big_lon.osm", _osm_xml('<node id="1" version="1" lat="20.4" lon="250"/>'), "'250'"),
        (
            "huge_tag.osm",
            _osm_xml(
                '<node id="1" version="1" lat="20.4" lon="105.9"/><node id="2" version="1" '
                'lat="20.5" lon="105.9"/><way id="3" version="1"><nd ref="1"/><nd ref="2"/>'
                f'<tag k="highway" v="primary"/><tag k="name" v="{"x" * 2000}"/></way>'
            ),
            "OSM tag value is too long",
        ),
    ],
)
def test_malformed_file_is_refused_and_changes_nothing(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: BadFile
) -> None:
    name, content, message = case
    osm, _ = _full_extract()
    good = osm.write_xml(tmp_path / "good.osm")
    assert main(["import-osm", str(good), "--authored-dir", str(authored_copy)]) == EXIT_OK
    before = {path.name: path.read_bytes() for path in authored_copy.iterdir()}
    bad = tmp_path / name
    if content is None:
        text = good.read_text(encoding="utf-8")
        bad.write_text(text[: text.index("<way")] + "<way id=", encoding="utf-8")
    else:
        bad.write_bytes(content)
    capsys.readouterr()
    assert main(["import-osm", str(bad), "--authored-dir", str(authored_copy)]) == EXIT_SOURCE
    captured = capsys.readouterr()
    assert message in captured.err
    assert str(bad) in captured.err
    assert captured.out == ""
    assert {path.name: path.read_bytes() for path in authored_copy.iterdir()} == before


def test_missing_file_is_a_clear_error(authored_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(OsmFileError, match=r"extract not found: .*nowhere\.osm\.pbf"):
        import_osm(tmp_path / "nowhere.osm.pbf", authored_copy)
    assert not (authored_copy / OVERRIDE_FILENAME).exists()


# --- extracts that do not cover the map --------------------------------------------------

HANOI = (105.70, 20.90, 105.95, 21.10)


@pytest.mark.parametrize("declared", [True, False])
def test_an_extract_elsewhere_changes_nothing(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], declared: bool
) -> None:
    osm, _ = _full_extract()
    assert main(["import-osm", str(osm.write_xml(tmp_path / "good.osm")),
                 "--authored-dir", str(authored_copy)]) == EXIT_OK  # fmt: skip
    before = {path.name: path.read_bytes() for path in authored_copy.iterdir()}
    elsewhere = OsmBuilder(bounds=HANOI if declared else None)
    elsewhere.way([(105.80, 21.00), (105.85, 21.02)], {"highway": "trunk", "ref": "QL1A"})
    path = elsewhere.write_pbf(tmp_path / "hanoi.osm.pbf")
    capsys.readouterr()
    assert main(["import-osm", str(path), "--authored-dir", str(authored_copy)]) == EXIT_SOURCE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    covers = (
        "lon 105.7000–105.9500, lat 20.9000–21.1000 (file header)"
        if declared
        else "lon 105.8000–105.8500, lat 21.0000–21.0200 (data)"
    )
    assert f"hanoi.osm.pbf covers {covers}, not the map frame lon 105.7500–106.2000" in err
    assert {path.name: path.read_bytes() for path in authored_copy.iterdir()} == before


def test_a_declared_box_must_cover_the_whole_frame(authored_copy: Path, tmp_path: Path) -> None:
    west, south, east, north = FRAME
    osm, _ = _full_extract()
    osm.bounds = (west, south, east - 0.1, north)  # misses Bình Lục's east
    with pytest.raises(Exception, match=r"covers lon 105\.7500–106\.1000.*\(file header\)"):
        import_osm(osm.write_pbf(tmp_path / "cut.osm.pbf"), authored_copy)
    assert not (authored_copy / OVERRIDE_FILENAME).exists()
    osm.bounds = (west - 1, south - 1, east + 1, north + 1)
    report, _ = import_osm(osm.write_pbf(tmp_path / "wide.osm.pbf"), authored_copy)
    assert report.coverage == "lon 104.7500–107.2000, lat 19.3000–21.6600 (file header)"


# --- text from tags and file names -------------------------------------------------------


def test_text_from_tags_and_the_file_name_cannot_forge_the_report(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    osm, _ = _full_extract()
    osm.way(DT495B[:2], {"highway": "primary", "ref": f"ĐT495B;{FORGED}", "name": "<b>y</b>"})
    osm.square((105.95, 20.40), 0.003, {"landuse": "industrial", "name": f"KCN {FORGED}"})
    path = osm.write_xml(tmp_path / f"a`b{FORGED}\u2028.osm")
    assert main(["import-osm", str(path), "--authored-dir", str(authored_copy)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert printed == (authored_copy / REPORT_FILENAME).read_text(encoding="utf-8")
    headings = [line for line in printed.splitlines() if line.startswith("#")]
    assert headings == [
        "# OpenStreetMap import",
        "## Matched: OSM geometry applied",
        "## Unmatched: previous geometry kept",
        "## Ambiguous: not applied, previous geometry kept (check the OSM ids)",
    ]
    assert not any(line.startswith("* ") for line in printed.splitlines())
    tokens = MarkdownIt("commonmark").parse(printed)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2"]
    assert not any(t.type.startswith(("html", "em", "strong", "link")) for t in tokens)
    rendered = "".join(
        child.content for t in tokens if t.type == "inline" for child in t.children or []
    )
    assert "a`bx\\n## Matched\\n* fake\\u2028.osm" in rendered  # the file name, literally
    assert "ref 'ĐT495B;x\\n## Matched\\n* fake'" in rendered  # the tag, literally
    html = MarkdownIt("commonmark").render(printed)
    assert "<b>" not in html
    assert "<em>" not in html
    assert html.count("<h2>") == 3


# --- a road split into 3,000 ways --------------------------------------------------------


def test_a_road_in_3000_ways_is_merged_right(authored_copy: Path, tmp_path: Path) -> None:
    """The speed goal (under 2 s for the build) is measured by bench/benchmark.py, not here."""
    osm = OsmBuilder()
    west, east = DT495B[0][0], DT495B[-1][0]
    course = LineString(DT495B)
    count = 3000
    stops = [course.interpolate(i / count, normalized=True) for i in range(count + 1)]
    ids = []
    for index in range(count - 1, -1, -1):  # out of order, every other way reversed
        a, b = (stops[index].x, stops[index].y), (stops[index + 1].x, stops[index + 1].y)
        ids.append(
            osm.way([b, a] if index % 2 else [a, b], {"highway": "primary", "ref": "ĐT495B"})
        )
    report, _ = import_osm(osm.write_pbf(tmp_path / "split.osm.pbf"), authored_copy)
    assert _entry(report, "dt495b").outcome == "matched"
    feature = _override(authored_copy)["dt495b"]
    line = shape(feature["geometry"])
    assert line.geom_type == "LineString"
    assert feature["properties"]["pieces"] == 1
    assert len(feature["properties"]["osm_ids"]) == count
    assert west < east
    assert line.coords[0] == pytest.approx(DT495B[0], abs=1e-6)  # runs west → east
    expected = [(stop.x, stop.y) for stop in stops]  # every node once, in order (6 decimals)
    assert np.asarray(line.coords) == pytest.approx(np.asarray(expected), abs=1e-6)
    assert length_km(line) == pytest.approx(length_km(course), rel=1e-4)
    out = tmp_path / "layers"
    assert main(["build", "--layers-only", "--authored-dir", str(authored_copy),
                 "--layers-dir", str(out)]) == EXIT_OK  # fmt: skip
    roads = json.loads((out / "roads.geojson").read_text(encoding="utf-8"))
    dt495b = next(f for f in roads["features"] if f["id"] == "dt495b")
    assert dt495b["properties"]["length_km_computed"] == pytest.approx(length_km(course), abs=0.01)
