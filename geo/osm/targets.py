"""What the OpenStreetMap import looks for, and the constants every imported feature carries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from geo.osm.normalise import NAME_KEYS, REF_KEYS, folded_tags

FRAME: Final = (105.75, 20.30, 106.20, 20.66)
"""lon/lat box (west, south, east, north) of the map: Thanh Liêm, Phủ Lý and Bình Lục with a
margin. Only OSM objects that reach into it are considered, and context roads and the river are
clipped to it (a Vietnam extract holds QL1A from Lạng Sơn to Cà Mau)."""

LINE_ACCURACY_M: Final = 20.0
"""Accuracy of OSM roads and rivers here, metres. OSM lines in Vietnam are traced from
aerial imagery (Bing, Esri, Maxar: pixels under 1 m, georeferencing offsets of a few metres);
comparisons of OSM roads with survey data find mean offsets of about 5–10 m where mapping is
dense (Haklay 2010: ≈6 m in London). 20 m is a judgement that allows for sparser checking and
older imagery in rural Hà Nam; it is a fitting value, not a measured one."""
AREA_ACCURACY_M: Final = 30.0
"""Accuracy of OSM ``landuse=industrial`` outlines, metres: traced from the same imagery as
roads, but their edges (fences, lot lines) are drawn with less care than road centrelines, so
the judgement is larger than :data:`LINE_ACCURACY_M`."""

ATTRIBUTION: Final = "© OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright)"
"""Credit every feature with OSM geometry carries in its ``source``."""

EXCLUDED_HIGHWAYS: Final = frozenset({"proposed", "abandoned", "razed", "disused", "platform"})
"""``highway`` values that are not a road on the ground."""

Start = Literal["west", "north"]


@dataclass(frozen=True)
class LineTarget:
    """A road or river the import looks for.

    Attributes
    ----------
    id
        Feature id in the roads layer: an existing row of ``roads.csv``, or a new feature.
    kind
        ``mapped_road`` (a road of the article), ``context_road`` or ``river``.
    name_vi, name_en, ref
        Names and reference of a new feature (ignored for existing rows, which keep theirs).
    key
        OSM key the ways must carry: ``highway`` or ``waterway``.
    values
        Values of ``key`` accepted; empty for any value but :data:`EXCLUDED_HIGHWAYS`.
    refs
        Folded ``ref`` values that identify it.
    names
        Folded names that identify it.
    name_parts
        Folded fragments that together identify it when all occur in one folded name.
    clip
        Clip to :data:`FRAME` (long roads and rivers that run far beyond the map).
    one_piece
        The ways must join into one line; otherwise the match is ambiguous (generic names
        such as ``T1`` may belong to unrelated roads).
    start
        End the merged line starts at: the western end (roads, in the direction ĐT495B is
        described) or the northern end (the Đáy, downstream).
    """

    id: str
    kind: str
    name_vi: str
    name_en: str
    ref: str
    key: str
    values: frozenset[str] = frozenset()
    refs: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    name_parts: tuple[str, ...] = ()
    clip: bool = False
    one_piece: bool = False
    start: Start = "west"

    def matches(
        self, tags: Mapping[str, str], folded: Mapping[str, set[str]] | None = None
    ) -> str | None:
        """Return how an OSM way's tags identify this target, or ``None``.

        Parameters
        ----------
        tags
            Tags of one way.
        folded
            :func:`geo.osm.normalise.folded_tags` of ``tags``, when already computed.

        Returns
        -------
        str or None
            E.g. ``"ref 'ĐT.495B'"`` or ``"name 'Đường T1'"``.
        """
        value = tags.get(self.key)
        if value is None or value in EXCLUDED_HIGHWAYS:
            return None
        if self.values and value not in self.values:
            return None
        folded = folded_tags(tags) if folded is None else folded
        for key in REF_KEYS:
            if folded.get(key, set()) & self.refs:
                return f"{key} '{tags[key]}'"
        for key in NAME_KEYS:
            values = folded.get(key, set())
            if values & self.names or (
                self.name_parts and any(all(p in v for p in self.name_parts) for v in values)
            ):
                return f"{key} '{tags[key]}'"
        return None


LINE_TARGETS: Final = (
    LineTarget(
        "dt495b",
        "mapped_road",
        "Đường tỉnh 495B",
        "Provincial road 495B",
        "ĐT495B",
        "highway",
        refs=frozenset({"dt495b", "495b", "tl495b"}),
        names=frozenset({"duongtinh495b", "dt495b", "tinhlo495b"}),
    ),
    LineTarget(
        "t1",
        "mapped_road",
        "Đường T1",
        "Road T1",
        "T1",
        "highway",
        refs=frozenset({"t1"}),
        names=frozenset({"t1", "duongt1"}),
        one_piece=True,
    ),
    LineTarget(
        "t4",
        "mapped_road",
        "Đường T4",
        "Road T4",
        "T4",
        "highway",
        refs=frozenset({"t4"}),
        names=frozenset({"t4", "duongt4"}),
        one_piece=True,
    ),
    LineTarget(
        "osm_ql1a",
        "context_road",
        "Quốc lộ 1A",
        "National road 1A",
        "QL1A",
        "highway",
        refs=frozenset({"ql1a", "ql1"}),
        names=frozenset({"quoclo1a", "quoclo1"}),
        clip=True,
    ),
    LineTarget(
        "osm_cao_toc_cau_gie_ninh_binh",
        "context_road",
        "Đường cao tốc Cầu Giẽ – Ninh Bình",
        "Cầu Giẽ – Ninh Bình expressway",
        "CT.01",
        "highway",
        refs=frozenset({"ct01", "ct1"}),
        name_parts=("caugie", "ninhbinh"),
        clip=True,
    ),
    LineTarget(
        "osm_ql21a",
        "context_road",
        "Quốc lộ 21A",
        "National road 21A",
        "QL21A",
        "highway",
        refs=frozenset({"ql21a", "ql21"}),
        names=frozenset({"quoclo21a", "quoclo21"}),
        clip=True,
    ),
    LineTarget(
        "osm_song_day",
        "river",
        "Sông Đáy",
        "Đáy river",
        "Sông Đáy",
        "waterway",
        values=frozenset({"river"}),
        names=frozenset({"songday", "day", "dayriver", "riverday"}),
        clip=True,
        start="north",
    ),
)
"""Every line the import looks for, in output order."""
