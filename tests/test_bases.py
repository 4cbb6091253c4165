"""The vocabulary of position bases covers every feature, and reads the same both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.bases import BASES, format_accuracy, split_basis


def test_every_feature_names_a_known_basis(layers_dir: Path) -> None:
    keys = set()
    for path in sorted(layers_dir.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            basis, details = split_basis(feature["properties"]["location_basis"])
            assert details, (path.name, feature["id"])
            keys.add(basis.key)
    assert keys == {
        "official_boundary",
        "published_point",
        "commune_point",
        "schematic",
        "not_published",
    }


def test_each_basis_is_written_in_both_languages() -> None:
    for basis in BASES.values():
        texts = (basis.label_vi, basis.label_en, basis.explain_vi, basis.explain_en)
        assert all(texts), basis.key
        assert basis.label_vi != basis.label_en
        assert basis.explain_vi.endswith(".")
        assert basis.explain_en.endswith(".")


@pytest.mark.parametrize("text", ["none: x", "official boundary: x", "", "digitised"])
def test_an_unknown_or_misspelt_basis_is_refused(text: str) -> None:
    if text == "digitised":  # a bare key is fine
        assert split_basis(text) == (BASES["digitised"], "")
        return
    with pytest.raises(ValueError, match="known basis"):
        split_basis(text)


@pytest.mark.parametrize(
    ("metres", "vi", "en"),
    [
        (3250, "± 3,3 km", "± 3.3 km"),
        (3240, "± 3,2 km", "± 3.2 km"),
        (3000, "± 3 km", "± 3 km"),
        (750, "± 750 m", "± 750 m"),
    ],
)
def test_accuracy_reads_as_each_language_writes_it(metres: float, vi: str, en: str) -> None:
    assert (format_accuracy(metres, "vi"), format_accuracy(metres, "en")) == (vi, en)


@pytest.mark.parametrize("metres", [-1.0, float("nan"), float("inf")])
def test_accuracy_must_be_a_distance(metres: float) -> None:
    with pytest.raises(ValueError, match="accuracy_m"):
        format_accuracy(metres, "en")
