"""Folding names and references so that spelling variants compare equal.

OpenStreetMap contributors write the same road as ``ĐT495B``, ``ĐT.495B``, ``DT 495B`` or
``495B``, and the same park as ``KCN Thanh Liêm`` or ``Khu công nghiệp Thanh Liem``. These
helpers reduce such strings to comparable keys.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

NAME_KEYS: Final = ("name", "name:vi", "name:en", "alt_name", "official_name", "short_name")
"""Tags read as names of a road, a river or an industrial area."""
REF_KEYS: Final = ("ref", "official_ref", "old_ref")
"""Tags read as road references; each may hold several values separated by ``;``."""

_INDUSTRIAL_PREFIXES: Final = (
    ("khu cong nghiep", "kcn"),
    ("khu cn", "kcn"),
    ("kcn", "kcn"),
    ("cum cong nghiep", "ccn"),
    ("cum cn", "ccn"),
    ("ccn", "ccn"),
)
"""Folded name prefixes of a KCN (industrial park) or a CCN (industrial cluster)."""
_HANDICRAFT: Final = re.compile(r"^(?:va\s+)?(?:tieu thu cong nghiep|ttcn)\b")
"""The ``(và) tiểu thủ công nghiệp`` / ``TTCN`` that may follow a CCN prefix."""
_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")


def strip_marks(text: str) -> str:
    """Return ``text`` in lower-case ASCII (diacritics dropped, ``Đ`` → ``d``).

    Letters of other scripts are removed.

    Parameters
    ----------
    text
        Any string.

    Returns
    -------
    str
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Return a comparison key: no diacritics, lower case, letters and digits only.

    Parameters
    ----------
    text
        A name or a reference, e.g. ``"ĐT.495B"``.

    Returns
    -------
    str
        E.g. ``"dt495b"``. Results are cached: a country extract repeats its names.

    Examples
    --------
    >>> fold("ĐT.495B"), fold("QL 1A"), fold("Sông Đáy")
    ('dt495b', 'ql1a', 'songday')
    """
    return _NOT_ALNUM.sub("", strip_marks(text))


def tag_keys(tags: Mapping[str, str], keys: Iterable[str]) -> set[str]:
    """Return the folded values of some tags, splitting ``;``-separated lists.

    Parameters
    ----------
    tags
        OSM tags of one object.
    keys
        Tag keys to read.

    Returns
    -------
    set of str
        Non-empty folded values.
    """
    values = (part for key in keys for part in tags.get(key, "").split(";"))
    return {folded for folded in map(fold, values) if folded}


def folded_tags(tags: Mapping[str, str]) -> dict[str, set[str]]:
    """Return the folded values of every reference and name tag of an object.

    Parameters
    ----------
    tags
        OSM tags of one object.

    Returns
    -------
    dict
        Tag key (of :data:`REF_KEYS` and :data:`NAME_KEYS`) → folded values.
    """
    return {key: tag_keys(tags, [key]) for key in (*REF_KEYS, *NAME_KEYS) if key in tags}


def industrial_key(name: str) -> tuple[str, str] | None:
    """Return the type (``kcn`` or ``ccn``) and the folded place name of an industrial area.

    Parameters
    ----------
    name
        A name such as ``"Khu công nghiệp Thanh Liêm"`` or ``"CCN Thanh Hải"``.

    Returns
    -------
    tuple of str, or None
        ``("kcn", "thanhliem")``; ``None`` when the name does not start with a KCN/CCN prefix
        or has nothing after it (a bare place name is too vague to identify an area).

    Examples
    --------
    >>> industrial_key("Khu công nghiệp Thanh Liêm"), industrial_key("CCN - TTCN Thanh Hải")
    (('kcn', 'thanhliem'), ('ccn', 'thanhhai'))
    """
    words = " ".join(re.sub(r"[^\w]+", " ", strip_marks(name)).split())
    for prefix, kind in _INDUSTRIAL_PREFIXES:
        if words == prefix or words.startswith(prefix + " "):
            rest = _HANDICRAFT.sub("", words.removeprefix(prefix).strip()).strip()
            place = fold(rest)
            return (kind, place) if place else None
    return None
