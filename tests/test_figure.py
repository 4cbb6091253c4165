"""The locator figure: files, size, text kept as text, what it draws, and determinism."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pytest
import shapely
from matplotlib.collections import LineCollection, PathCollection
from PIL import Image

from geo.bases import BASES
from geo.cli import EXIT_INVALID, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, main
from geo.facts import load_article
from geo.figure import FORMATS, _rc, build_figures, figure_names, fonts
from geo.figure.compose import make_figure
from geo.figure.data import load_figure_data
from geo.io import OutputError
from geo.style import STYLES
from geo.validate import ValidationError

NOTO = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
SVG = "{http://www.w3.org/2000/svg}"
CM_PER_PT = 2.54 / 72


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is missing: install Debian's poppler-utils (.ci/run does)")
    return path


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, lines joined, spaces normalised."""
    text = _run(_tool("pdftotext"), str(path), "-")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # noqa: S314 (our own file)
    return [(t.text or "").replace("\u00a0", " ") for t in root.iter(f"{SVG}text")]


def _layers_copy(layers_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "layers"
    shutil.copytree(layers_dir, folder)
    return folder


def _edit(folder: Path, layer: str, feature_id: str, **changes: Any) -> None:
    path = folder / f"{layer}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    feature = next(f for f in collection["features"] if f["id"] == feature_id)
    geometry = changes.pop("geometry", feature["geometry"])
    feature["properties"].update(changes)
    feature["geometry"] = geometry
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def figures(layers_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("figures")
    written = build_figures(layers_dir, folder)
    assert written == [folder / name for lang in ("vi", "en") for name in figure_names(lang)]
    return folder


def test_both_languages_in_three_formats(figures: Path) -> None:
    names = sorted(path.name for path in figures.iterdir())
    assert names == sorted(
        f"thanh_liem_locator_{lang}.{fmt}" for lang in ("vi", "en") for fmt in FORMATS
    )
    assert not [name for name in names if name.startswith(".")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_png_is_a_16_cm_column_at_300_dpi(figures: Path, lang: str) -> None:
    with Image.open(figures / f"thanh_liem_locator_{lang}.png") as image:
        assert image.size[0] == 1890  # 16 cm at 300 dpi
        assert 1500 < image.size[1] < 2600
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pdf_is_one_16_cm_page_with_the_font_embedded(figures: Path, lang: str) -> None:
    path = figures / f"thanh_liem_locator_{lang}.pdf"
    info = _run(_tool("pdfinfo"), str(path))
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    width_pt = float(re.findall(r"Page size:\s+([\d.]+) x", info)[0])
    assert width_pt * CM_PER_PT == pytest.approx(16.0, abs=0.01)
    rows = _run(_tool("pdffonts"), str(path)).splitlines()[2:]
    expected = "NotoSans" if NOTO.is_file() else "DejaVuSans"
    names = [row.split()[0] for row in rows]
    assert names, "no font in the PDF: its text was drawn as outlines"
    assert all(name.split("+")[-1].startswith(expected) for name in names), names
    assert all(row.split()[-5] == "yes" for row in rows)  # embedded (column "emb")
    assert {name.split("+")[-1] for name in names} >= {f"{expected}-Bold"}


def test_vietnamese_pdf_says_what_the_data_says(figures: Path) -> None:
    text = pdf_text(figures / "thanh_liem_locator_vi.pdf")
    article = load_article()
    for expected in (
        "Công nghiệp ở huyện Thanh Liêm (Hà Nam)",  # title: district and province names
        f"“{article.title}”",
        f"{article.author}, {article.year}",
        "HUYỆN THANH LIÊM",
        "Thành phố Phủ Lý",
        "Huyện Kim Bảng",
        "NINH BÌNH",
        "NAM ĐỊNH",
        "KCN Thanh Liêm",
        "±750 m",  # accuracy_m 750
        "CCN Thanh Hải",
        "±3,3 km",  # accuracy_m 3250, decimal comma
        "±2,6 km",  # 2610
        "ĐT495B – sơ đồ, không phải tuyến thật (±3,2 km)",  # schematic; the map's label is
        # rotated along the line, which pdftotext splits: the SVG test reads it
        "Không vẽ: T1, T4 – chưa công bố tuyến",  # no geometry, status 'route not published'
        BASES["commune_point"].label_vi,  # location_basis commune_point
        "daohoangson/dvhcvn (GPL-3.0)",
        "GADM 4.1",
        "vietnambiz.vn (05/09/2023)",
        "HÀ NAM",  # inset
        "Hưng Yên",
    ):
        assert expected in text, expected
    assert "OpenStreetMap" not in text  # no feature comes from OSM in the offline build


def test_english_pdf_says_what_the_data_says(figures: Path) -> None:
    text = pdf_text(figures / "thanh_liem_locator_en.pdf")
    for expected in (
        "Industry in Thanh Liêm district (Hà Nam)",
        "THANH LIÊM DISTRICT",
        "Phủ Lý City",
        "±3.3 km",
        "ĐT495B – schematic, not the real route (±3.2 km)",
        "Not drawn: T1, T4 – route not published",
        BASES["commune_point"].label_en,
        BASES["published_point"].label_en,
    ):
        assert expected in text, expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_svg_keeps_its_text_as_text(figures: Path, lang: str) -> None:
    path = figures / f"thanh_liem_locator_{lang}.svg"
    texts = svg_texts(path)
    assert len(texts) > 30
    joined = " ".join(texts)
    assert "KCN Thanh Liêm" in texts
    assert ("ĐT495B (sơ đồ)" if lang == "vi" else "ĐT495B (schematic)") in texts
    assert load_article().title in joined
    root = ET.parse(path).getroot()  # noqa: S314 (our own file)
    styles = [t.get("style", "") for t in root.iter(f"{SVG}text")]
    family = "Noto Sans" if NOTO.is_file() else "DejaVu Sans"
    assert all(f"font-family: '{family}'" in style for style in styles)
    assert not [p for p in root.iter(f"{SVG}path") if "glyph" in (p.get("id") or "")]


def _pixels(path: Path) -> Any:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB")).astype(int)


def _share_near(pixels: Any, colour: str, tolerance: int = 40) -> float:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(pixels - rgb).sum(axis=2) < tolerance).mean())


def _in_pixels(ax: Any, geometry: Any) -> Any:
    """The geometry as drawn on the figure: in pixels of the 300 dpi image (y upwards)."""
    return shapely.transform(geometry, ax.transData.transform)


def _width_pt(collection: Any) -> float:
    return float(np.asarray(collection.get_linewidth())[0])


def _colour_of(collection: Any, which: str) -> str:
    colours = collection.get_edgecolor() if which == "edge" else collection.get_facecolor()
    return str(mpl.colors.to_hex(tuple(np.asarray(colours)[0]))) if len(colours) else ""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_picture_is_neither_empty_nor_broken(figures: Path, layers_dir: Path, lang: str) -> None:
    # Each expected share is computed from the figure itself (where matplotlib put the axes,
    # the district, the symbols and the circles, and their line widths), then compared with
    # the 300 dpi PNG. Pixels count when within 40 of a colour; the tolerances allow for
    # anti-aliasing (which blends about a pixel at every edge), for labels and legend swatches
    # drawn in the same colours, and for font hinting on another machine.
    pixels = _pixels(figures / f"thanh_liem_locator_{lang}.png")
    data = load_figure_data(layers_dir)
    with mpl.rc_context(_rc(fonts.figure_font())):
        fig = make_figure(data, lang, 16.0, fonts.figure_font().family)
        fig.draw_without_rendering()
    height, width = pixels.shape[:2]
    assert (height, width) == (round(fig.bbox.height), round(fig.bbox.width))
    total = height * width
    px_per_pt = fig.dpi / 72  # the image's size is the figure's at its dpi (asserted above)
    main, inset = fig.axes
    drawn: dict[tuple[str, str], Any] = {
        (_colour_of(c, "edge"), _colour_of(c, "face")): c for c in main.collections
    }

    # not white: at least the district (tinted), at most the two maps and some text
    not_white = float((np.abs(pixels - 255).sum(axis=2) > 30).mean())
    district_share = _in_pixels(main, data.district_shape).area / total
    panels = sum(ax.get_position().width * ax.get_position().height for ax in fig.axes)
    assert district_share < not_white < panels + 0.1
    # the district's red: its outline on the map (length × width) and its shape on the inset;
    # anti-aliasing takes some of the 5.6 px line, its red name adds some (measured 0.97)
    outline = next(c for (edge, _), c in drawn.items() if edge == STYLES["district"].stroke)
    outline_px = _in_pixels(main, data.district_shape.boundary).length
    expected = outline_px * _width_pt(outline) * px_per_pt
    expected += _in_pixels(inset, data.district_shape).area
    assert 0.6 < _share_near(pixels, STYLES["district"].stroke) * total / expected < 1.3
    # the uncertainty circles: their circumference × line width, dashed half on, half off;
    # the thin (2.8 px) dashes lose most to anti-aliasing, the legend's swatch adds (0.69)
    circles = [c for (edge, _), c in drawn.items() if edge == STYLES["uncertainty"].stroke]
    circles_px = sum(
        shapely.LineString(main.transData.transform(path.vertices)).length * _width_pt(c)
        for c in circles
        for path in c.get_paths()
    )
    on, off = STYLES["uncertainty"].dash
    expected = circles_px * px_per_pt * on / (on + off)
    assert _share_near(pixels, STYLES["uncertainty"].stroke) * total > 0.4 * expected
    # each industrial area's symbol at its place: the fill inside its border (a square fills
    # its side², a triangle of equal base and height half of it); measured 0.81–0.99
    for kind, fill_share in (("kcn", 1.0), ("ccn", 0.5)):
        style = STYLES[kind]
        symbols = drawn[(style.stroke, style.fill or "")]
        side = float(np.sqrt(symbols.get_sizes()[0])) * px_per_pt
        border = _width_pt(symbols) * px_per_pt
        expected = (side - border) ** 2 * fill_share
        for x, y in main.transData.transform(symbols.get_offsets()):
            row, column, half = round(height - y), round(x), round(side)
            window = pixels[row - half : row + half, column - half : column + half]
            found = _share_near(window, style.fill or "") * window.shape[0] * window.shape[1]
            assert 0.7 < found / expected < 1.2, (kind, found, expected)
    # the district is drawn inside the map, left of the sidebar: its red is on the left
    red = np.abs(pixels - np.array([0xB2, 0x18, 0x2B])).sum(axis=2) < 40
    columns = np.nonzero(red.any(axis=0))[0]
    assert columns.min() > 20
    assert np.median(columns) < pixels.shape[1] * 0.65


def test_same_layers_give_the_same_bytes(figures: Path, layers_dir: Path, tmp_path: Path) -> None:
    build_figures(layers_dir, tmp_path)
    for path in figures.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def _figure(layers_dir: Path, lang: str = "vi") -> Any:
    data = load_figure_data(layers_dir)
    with mpl.rc_context(_rc(fonts.figure_font())):
        return make_figure(data, lang, 16.0, fonts.figure_font().family), data


def test_uncertainty_circles_have_radius_accuracy_m_in_metres(
    layers_dir: Path, collections: dict[str, Any]
) -> None:
    fig, _data = _figure(layers_dir)
    ax = fig.axes[0]
    circle = STYLES["uncertainty"].stroke
    drawn = [
        c
        for c in ax.collections
        if isinstance(c, PathCollection)
        and len(c.get_edgecolor())
        and mpl.colors.to_hex(tuple(np.asarray(c.get_edgecolor())[0])) == circle
    ]
    assert drawn
    diameters = sorted(
        float(np.ptp(np.asarray(p.vertices)[:, 0])) for c in drawn for p in c.get_paths()
    )
    radii = sorted(
        f["properties"]["accuracy_m"] for f in collections["industrial_areas"]["features"]
    )
    assert diameters == pytest.approx([2 * r for r in radii], rel=0.002)
    assert ax.get_aspect() == 1.0  # a circle stays a circle


def test_schematic_road_is_dashed_and_an_osm_road_solid(layers_dir: Path, tmp_path: Path) -> None:
    def road_style(fig: Any) -> Any:
        lines = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
        assert len(lines) == 1
        return lines[0].get_linestyle()[0]

    fig, _ = _figure(layers_dir)
    _offset, dashes = road_style(fig)
    assert dashes is not None
    assert len(dashes) == 2
    folder = _layers_copy(layers_dir, tmp_path)
    _edit(
        folder,
        "roads",
        "dt495b",
        kind="mapped_road",
        location_basis="openstreetmap: highway ways 1, 2, extract test of 2026-01-01",
        accuracy_m=20.0,
        schematic=False,
        status="mapped",
        source="geometry: © OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright)",
    )
    fig, _ = _figure(folder)
    assert road_style(fig)[1] is None  # solid
    texts = [t.get_text() for t in fig.findobj(mpl.text.Text)]
    assert "ĐT495B" in texts  # no "(sơ đồ)" any more
    joined = " ".join(texts)
    assert "ĐT495B – tuyến theo OpenStreetMap (±20 m)" in joined.replace("\n", " ").replace(
        "\u00a0", " "
    )
    assert "© những người đóng góp OpenStreetMap (ODbL)" in joined.replace("\n", " ")


def test_contributed_source_is_credited_and_a_drawn_road_leaves_the_note(
    layers_dir: Path, tmp_path: Path
) -> None:
    folder = _layers_copy(layers_dir, tmp_path)
    _edit(
        folder,
        "industrial_areas",
        "ccn_thanh_hai",
        source="Báo Hà Nam 2024, ¶2; position: surveyed by Nguyễn Văn A (CC BY 4.0)",
        location_basis="digitised: a gate surveyed on the ground",
        accuracy_m=50.0,
    )
    line = {"type": "LineString", "coordinates": [[105.90, 20.45], [105.93, 20.46]]}
    _edit(folder, "roads", "t4", geometry=line, accuracy_m=500.0, kind="schematic_road")
    fig, _ = _figure(folder)
    joined = " ".join(t.get_text() for t in fig.findobj(mpl.text.Text)).replace("\n", " ")
    joined = joined.replace("\u00a0", " ")
    assert "position: surveyed by Nguyễn Văn A (CC BY 4.0)" in joined
    assert BASES["digitised"].label_vi in joined  # the legend follows the new basis
    assert "Không vẽ: T1 – chưa công bố tuyến" in joined
    assert "±50 m" in joined


def test_data_is_never_read_as_markup_or_maths(layers_dir: Path, tmp_path: Path) -> None:
    folder = _layers_copy(layers_dir, tmp_path)
    hostile = "KCN $\\alpha^2$ {{ 7*7 }} <b>&amp;</b> [% 1+1 %]"
    _edit(folder, "industrial_areas", "kcn_thanh_liem", name_vi=f"Khu công nghiệp {hostile}")
    out = tmp_path / "out"
    build_figures(folder, out, ["vi"])
    assert f"KCN {hostile}" in svg_texts(out / "thanh_liem_locator_vi.svg")
    assert f"KCN {hostile}" in pdf_text(out / "thanh_liem_locator_vi.pdf")


def test_figure_command_draws_another_width(layers_dir: Path, tmp_path: Path) -> None:
    code = main(
        [
            "figure",
            "--layers-dir",
            str(layers_dir),
            "--output-dir",
            str(tmp_path),
            "--lang",
            "en",
            "--width-cm",
            "8",
        ]
    )
    assert code == EXIT_OK
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(figure_names("en", 8.0))
    with Image.open(tmp_path / "thanh_liem_locator_en_8cm.png") as image:
        assert image.size[0] == 945  # 8 cm at 300 dpi
    text = pdf_text(tmp_path / "thanh_liem_locator_en_8cm.pdf")
    assert "Not drawn: T1, T4 – route not published" in text


@pytest.mark.parametrize("width", ["3", "100", "wide", "nan"])
def test_a_bad_width_is_a_usage_error(
    width: str, layers_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(
            [
                "figure",
                "--layers-dir",
                str(layers_dir),
                "--output-dir",
                str(tmp_path),
                "--width-cm",
                width,
            ]
        )
    assert stop.value.code == EXIT_USAGE
    assert "--width-cm" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_missing_layers_or_unwritable_output_write_nothing(
    layers_dir: Path, tmp_path: Path
) -> None:
    empty, out = tmp_path / "empty", tmp_path / "out"
    empty.mkdir()
    assert main(["figure", "--layers-dir", str(empty), "--output-dir", str(out)]) == EXIT_INVALID
    assert not out.exists()
    with pytest.raises(ValidationError, match="district: file missing"):
        build_figures(empty, out)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write"):
        build_figures(layers_dir, blocker / "out", ["vi"])  # one language shows it
    args = ["figure", "--lang", "en", "--layers-dir", str(layers_dir)]
    assert main([*args, "--output-dir", str(blocker)]) == EXIT_OUTPUT


def test_without_noto_the_figure_falls_back_to_dejavu_sans(
    layers_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real_find = fonts._find
    monkeypatch.setattr(
        fonts, "_find", lambda family: None if family == "Noto Sans" else real_find(family)
    )
    monkeypatch.setattr(fonts, "_register_noto", lambda: None)
    with caplog.at_level(logging.WARNING, logger="geo.figure.fonts"):
        build_figures(layers_dir, tmp_path, ["vi"])
    assert "fonts-noto-core" in caplog.text
    rows = _run(_tool("pdffonts"), str(tmp_path / "thanh_liem_locator_vi.pdf")).splitlines()[2:]
    assert rows
    assert all(row.split()[0].split("+")[-1].startswith("DejaVuSans") for row in rows)
    assert "Công nghiệp ở huyện Thanh Liêm" in pdf_text(tmp_path / "thanh_liem_locator_vi.pdf")


def test_make_map_builds_the_figure_with_the_other_products(
    full_build: tuple[Path, list[Path]],
) -> None:
    root, written_paths = full_build  # what `make map` (a complete build) wrote
    written = {path.name for path in written_paths}
    assert {name for lang in ("vi", "en") for name in figure_names(lang)} <= written
    assert {"thanh_liem_map.html", "thanh_liem.qgz"} <= written
    assert all(path.is_file() for path in written_paths)
    assert not [p for p in (root / "output").iterdir() if p.name.startswith(".")]
