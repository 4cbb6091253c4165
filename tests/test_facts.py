from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest

from geo.authored import AuthoredDataError
from geo.cli import EXIT_AUTHORED, main
from geo.facts import facts_for, load_article, load_facts
from geo.pipeline import BuildOptions, run_build
from geo.sources import SourceSettings
from geo.text import safe_url
from tests.cli_runner import error_lines
from tests.conftest import SEED_ARTICLE


def test_lists_plans_and_people_are_records() -> None:
    facts = load_facts()
    assert len(facts["key_products"].items_vi) == 9
    assert facts["key_products"].items_en[-1] == "galvanised steel pipe"
    assert facts["roads_invested"].items_vi == ["T4", "T1", "ĐT495B"]
    assert "1484/KH-UBND" in str(facts["plan_district_1484"].value)
    assert "3163/KH-UBND" in str(facts["plan_province_3163"].value)
    assert facts["person_tram"].value == "Lại Thị Ngọc Trâm"
    assert [f.id for f in facts_for("ccn_thanh_hai", facts)] == [
        "industrial_area_count",
        "priority_cluster_upgrade",
    ]


def test_article_citation() -> None:
    article = load_article()
    assert article.citation(13) == (
        "Báo Hà Nam điện tử, “Điểm nhấn trong phát triển công nghiệp ở Thanh Liêm”, "
        "Minh Thu, 2024, ¶13"
    )
    assert article.outlet_url == "https://baohanam.com.vn"


def _vietnamese(value: float) -> str:
    whole, _, decimals = f"{value:.2f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


needs_seed = pytest.mark.skipif(
    not SEED_ARTICLE.is_file(), reason=f"the seed article ({SEED_ARTICLE}) is absent"
)


def _paragraphs() -> list[str]:
    """Return the article's non-empty paragraphs (the headline is ¶1, as facts.csv counts)."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(written: str) -> float:
    """Read a number as Vietnamese writes it (``30.640``, ``28,7``)."""
    return float(written.replace(".", "").replace(",", "."))


@needs_seed
def test_each_figure_appears_in_its_cited_paragraph() -> None:
    paragraphs = _paragraphs()
    for fact in load_facts().values():
        paragraph = paragraphs[fact.paragraph - 1]
        if fact.kind == "figure":
            assert fact.unit, fact.id
            written = _vietnamese(fact.number)
            pattern = rf"(?<![\d,.])0?{re.escape(written)}(?![\d])"
            assert re.search(pattern, paragraph), (fact.id, written, fact.paragraph)
        elif fact.kind == "person":
            assert str(fact.value) in paragraph, fact.id


@needs_seed
def test_every_figure_of_the_article_is_a_record() -> None:
    # every percentage and sum of money the article states is a figure citing its paragraph
    records = {
        (fact.number, fact.paragraph) for fact in load_facts().values() if fact.kind == "figure"
    }
    stated = [
        (_number(match.group(1)), number)
        for number, paragraph in enumerate(_paragraphs(), start=1)
        for match in re.finditer(r"(\d[\d.,]*\d|\d)\s*(?:%|tỷ đồng)", paragraph)
    ]
    assert len(stated) >= 7
    assert set(stated) <= records, set(stated) - records


# --- links from data are http(s) only --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://baohanam.com.vn", "https://baohanam.com.vn"),
        ("HTTPS://baohanam.com.vn/a?b=1#c", "HTTPS://baohanam.com.vn/a?b=1#c"),
        ("  http://example.org/\n", "http://example.org/"),
        ("ht\ttps://example.org", "https://example.org"),
    ],
)
def test_http_links_are_accepted_as_a_browser_reads_them(value: str, expected: str) -> None:
    assert safe_url(value, "article.toml: outlet_url") == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("JaVa\tScRiPt:alert(1)", "scheme 'javascript'"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("\x00 javascript:alert(1)", "scheme 'javascript'"),
        ("java\nscript:alert(1)", "scheme 'javascript'"),
        ("data:text/html,<script>alert(1)</script>", "scheme 'data'"),
        ("vbscript:msgbox(1)", "scheme 'vbscript'"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("//evil.example/x", "no scheme"),
        ("baohanam.com.vn", "no scheme"),
        ("https:alert(1)", "no host name"),
        ("https://[::1", "not a valid address"),
        ("https://example.org/a b", "U+0020 SPACE"),
        ("https://example.org/\u2028", "U+2028 LINE SEPARATOR"),
        (42, "a link must be text, not int"),
    ],
)
def test_other_links_are_refused_naming_file_and_field(value: object, reason: str) -> None:
    with pytest.raises(AuthoredDataError, match=r"^article\.toml: outlet_url: ") as caught:
        safe_url(value, "article.toml: outlet_url")
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    "toml_value",
    ['"JaVa\\tScRiPt:alert(1)"', '"javascript:alert(document.domain)"', '" data:text/html,x"', "7"],
)
def test_article_with_a_hostile_outlet_url_is_refused(authored_copy: Path, toml_value: str) -> None:
    path = authored_copy / "article.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('outlet_url = "https://baohanam.com.vn"', f"outlet_url = {toml_value}"),
        encoding="utf-8",
    )
    with pytest.raises(AuthoredDataError, match=r"article\.toml.*outlet_url"):
        load_article(authored_copy)


def test_any_url_column_of_an_authored_csv_is_checked(authored_copy: Path) -> None:
    path = authored_copy / "facts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",source_url"
    lines[1] += ",https://baohanam.com.vn/a"
    lines[2] += ",JaVaScRiPt:alert(1)"
    lines[3:] = [line + "," for line in lines[3:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AuthoredDataError) as caught:
        load_facts(authored_copy)
    assert str(caught.value).startswith(
        f"{path} line 3 ('output_growth_2021'), field source_url: 'JaVaScRiPt:alert(1)' "
        "is not an http(s) link (scheme 'javascript')"
    )


def test_build_with_a_hostile_outlet_url_exits_4_and_publishes_nothing(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = authored_copy / "article.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"https://baohanam.com.vn"', '"JaVa\\tScRiPt:alert(1)"'), encoding="utf-8"
    )
    layers, output = tmp_path / "layers", tmp_path / "output"
    args = ["build", "--layers-dir", str(layers), "--output-dir", str(output)]
    assert main([*args, "--authored-dir", str(authored_copy)]) == EXIT_AUTHORED
    assert error_lines(capsys.readouterr().err) == [
        f"error in authored data: {path} line 5, field outlet_url: 'JaVa\\tScRiPt:alert(1)' "
        "is not an http(s) link (scheme 'javascript'); write a full address starting with "
        "https:// or http://"
    ]
    assert list(layers.iterdir()) == []
    assert list(output.iterdir()) == []


# --- facts and the article come from --authored-dir ------------------------------------------


@pytest.mark.parametrize("fact_field", ["year", "value", "paragraph"])
@pytest.mark.parametrize("bad", ["nan", "inf", "-1e12", "x"])
def test_bad_fact_numbers_are_refused(authored_copy: Path, fact_field: str, bad: str) -> None:
    path = authored_copy / "facts.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    row = next(row for row in rows if row["id"] == "output_growth_2021")
    row[fact_field] = bad
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(AuthoredDataError) as caught:
        load_facts(authored_copy)
    message = str(caught.value)
    assert message.startswith(f"{path} line 3: ")
    assert "'output_growth_2021'" in message
    assert fact_field in message


@pytest.mark.parametrize(
    ("toml_year", "reason"),
    [("nan", "nan is not a finite number"), ('"2024"', "must be a number"), ("20240", "implaus")],
)
def test_bad_article_year_is_refused(authored_copy: Path, toml_year: str, reason: str) -> None:
    path = authored_copy / "article.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("year = 2024", f"year = {toml_year}"), encoding="utf-8")
    with pytest.raises(AuthoredDataError, match=r"article\.toml: year") as caught:
        load_article(authored_copy)
    assert reason in str(caught.value)


def test_the_map_and_the_project_use_facts_and_article_from_the_authored_dir(
    authored_copy: Path, settings: SourceSettings, tmp_path: Path
) -> None:
    facts = authored_copy / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("Industry's share of the district economy", "MEASURE-FROM-AUTHORED-DIR"),
        encoding="utf-8",
    )
    article = authored_copy / "article.toml"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace('author = "Minh Thu"', 'author = "AUTHOR-FROM-DIR"'), "utf-8")
    options = BuildOptions(
        sources=settings,
        layers_dir=tmp_path / "layers",
        output_dir=tmp_path / "output",
        authored_dir=authored_copy,
    )
    run_build(options)
    html = (options.output_dir / "thanh_liem_map.html").read_text(encoding="utf-8")
    assert "MEASURE-FROM-AUTHORED-DIR" in html
    assert "AUTHOR-FROM-DIR" in html
    assert "Minh Thu" not in html
    with zipfile.ZipFile(options.output_dir / "thanh_liem.qgz") as archive:
        project = archive.read("thanh_liem.qgs").decode("utf-8")
    assert "AUTHOR-FROM-DIR" in project
    assert "Minh Thu" not in project
