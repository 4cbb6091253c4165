"""Checks of text that comes from data: invisible control characters and link addresses.

Text from files, tags and contributors is data. These checks say whether a string may be kept
as it is (:func:`text_problem`) and whether it may become a link (:func:`safe_url`); neither
ever changes the meaning of a string silently.
"""

from __future__ import annotations

import unicodedata
import urllib.parse
from typing import Final

from geo._errors import AuthoredDataError

URL_SCHEMES: Final = ("http", "https")
"""The only schemes a link from data may have."""

_KEPT_CONTROLS: Final = frozenset("\t\n\r")
"""Control characters an authored text may hold (a tab, a line break inside a quoted field)."""
_C0_AND_SPACE: Final = "".join(map(chr, range(0x21)))
_DROPPED_BY_BROWSERS: Final = {ord("\t"): None, ord("\n"): None, ord("\r"): None}


def _code(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _is_noncharacter(char: str) -> bool:
    point = ord(char)
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def text_problem(value: str) -> str | None:
    r"""Say why a text cannot be kept as written, or return ``None`` when it can.

    Refused: control characters (NUL, escape, U+0085 and the rest of C0 and C1, except tab,
    line feed and carriage return) and Unicode noncharacters. They are invisible, mean nothing
    in Vietnamese or English text, truncate GeoPackage text (NUL) or make XML invalid. Line and
    paragraph separators (U+2028, U+2029) and every other character are kept.

    Parameters
    ----------
    value
        The text.

    Returns
    -------
    str or None

    Examples
    --------
    >>> text_problem("Khu công nghiệp\u2028Thanh Liêm") is None
    True
    >>> text_problem("a\x00b")
    'invisible control character U+0000 at position 2: remove it'
    """
    for position, char in enumerate(value, start=1):
        control = unicodedata.category(char) == "Cc" and char not in _KEPT_CONTROLS
        if control or _is_noncharacter(char):
            return f"invisible control character {_code(char)} at position {position}: remove it"
    return None


def safe_url(value: object, where: str) -> str:
    r"""Return a link address from data if, as a browser reads it, it is http or https.

    The address is normalised the way browsers do (WHATWG URL standard) before its scheme is
    read: leading and trailing spaces and control characters are removed, tabs and line
    breaks anywhere are dropped, and the scheme is compared without regard to case. So
    ``JaVa\tScRiPt:alert(1)`` is read as ``javascript:alert(1)`` and refused.

    Parameters
    ----------
    value
        The address as found in the data.
    where
        File and field it comes from, for the message (``"article.toml: outlet_url"``).

    Returns
    -------
    str
        The normalised address: what a browser would follow.

    Raises
    ------
    AuthoredDataError
        When the address is not text, has another scheme or none, has no host, or still holds
        spaces or control characters; the message names ``where``.

    Examples
    --------
    >>> safe_url(" https://baohanam.com.vn\n", "article.toml: outlet_url")
    'https://baohanam.com.vn'
    """
    if not isinstance(value, str):
        msg = f"{where}: a link must be text, not {type(value).__name__}"
        raise AuthoredDataError(msg)
    address = value.strip(_C0_AND_SPACE).translate(_DROPPED_BY_BROWSERS)
    fix = "write a full address starting with https:// or http://"
    try:
        parts = urllib.parse.urlsplit(address)
    except ValueError as error:
        msg = f"{where}: {value!r} is not a valid address ({error}); {fix}"
        raise AuthoredDataError(msg) from error
    if parts.scheme.lower() not in URL_SCHEMES:
        scheme = f"scheme {parts.scheme.lower()!r}" if parts.scheme else "no scheme"
        msg = f"{where}: {value!r} is not an http(s) link ({scheme}); {fix}"
        raise AuthoredDataError(msg)
    if not parts.hostname:
        msg = f"{where}: {value!r} has no host name; {fix}"
        raise AuthoredDataError(msg)
    odd = next((char for char in address if not char.isprintable() or char.isspace()), None)
    if odd is not None:
        msg = f"{where}: {value!r} holds {_code(odd)}; remove it from the address"
        raise AuthoredDataError(msg)
    return address
