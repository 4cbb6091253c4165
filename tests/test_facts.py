from __future__ import annotations

import re

import pytest

from geo.facts import facts_for, load_article, load_facts
from tests.conftest import SEED_ARTICLE

FIGURES = {
    "industrial_area_count": (3, 2),
    "output_growth_2021": (28.7, 13),
    "output_growth_2022": (20.35, 13),
    "output_growth_2023": (15.43, 13),
    "growth_target_congress": (15.1, 13),
    "output_target_2024": (30640, 14),
    "output_target_growth_2024": (12.15, 14),
    "industry_share": (68.47, 14),
}


def test_every_figure_of_the_article_is_a_record() -> None:
    facts = load_facts()
    for fact_id, (value, paragraph) in FIGURES.items():
        assert facts[fact_id].number == value
        assert facts[fact_id].paragraph == paragraph
        assert facts[fact_id].unit


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


@pytest.mark.skipif(
    not SEED_ARTICLE.is_file(), reason="the seed article (../shared/seed) is absent"
)
def test_each_figure_appears_in_its_cited_paragraph() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    for fact in load_facts().values():
        paragraph = paragraphs[fact.paragraph - 1]
        if fact.kind == "figure":
            written = _vietnamese(fact.number)
            pattern = rf"(?<![\d,.])0?{re.escape(written)}(?![\d])"
            assert re.search(pattern, paragraph), (fact.id, written, fact.paragraph)
        elif fact.kind == "person":
            assert str(fact.value) in paragraph, fact.id
