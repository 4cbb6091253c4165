"""Text from data in the QGIS export: valid XML, GeoPackage text that is never cut, map tips.

- **QGIS documents** (``.qgs`` project, QML styles) are XML 1.0, which cannot hold most C0
  control characters even as character references, nor U+FFFE, U+FFFF or lone surrogates.
  :func:`xml_document` replaces each with a visible marker: the Control Pictures symbol of a
  C0 control (U+0000 → ``␀``, U+001B → ``␛``) or U+FFFD ``�``. A carriage return is kept as
  ``&#13;`` (an XML parser would read a raw one as a line feed). Tab, line feed, U+0085,
  U+2028 and every other character are kept as they are.
- **GeoPackage text** goes through GDAL as C strings, so a NUL (U+0000) would silently cut a
  value; :func:`nul_problems` finds them so that the export refuses the layers and says where.
  Every other character, controls included, is stored and read back unchanged.
- **Map tips** are HTML templates in which QGIS inserts each ``[% expression %]`` result as
  is. :func:`as_html_text` escapes a field with QGIS's own ``replace`` function, so a name
  ``<b>x</b>`` or ``<img src=x onerror=…>`` shows as those characters, not as markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from geo.bases import BASES

XML_DOCTYPE: Final = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
"""The first line of every QGIS XML document."""

_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (its ``Char`` production), escaped or not."""
_CONTROL_PICTURES: Final = 0x2400
"""U+2400 SYMBOL FOR NULL: the first of the symbols of C0 controls (U+2400–U+241F)."""
_REPLACEMENT: Final = "\ufffd"


def _marker(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(_CONTROL_PICTURES + code) if code < 0x20 else _REPLACEMENT


def xml_safe(text: str) -> str:
    r"""Return ``text`` with every character XML 1.0 cannot hold replaced by a visible marker.

    Parameters
    ----------
    text
        Any string.

    Returns
    -------
    str

    Examples
    --------
    >>> xml_safe("a\x00b\x1bc\u2028d\x85e\ufffe")
    'a␀b␛c\u2028d\x85e�'
    """
    return _NOT_XML.sub(_marker, text)


def _sanitise(root: ET.Element) -> None:
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for key, value in list(element.attrib.items()):
            element.set(key, xml_safe(value))


def xml_document(root: ET.Element) -> str:
    """Return a ``<qgis>`` element as a QGIS XML document (QML style or ``.qgs`` project).

    Parameters
    ----------
    root
        The ``<qgis>`` element; it is indented and made XML-safe in place.

    Returns
    -------
    str
        The indented XML after QGIS's ``DOCTYPE`` line.
    """
    _sanitise(root)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return f"{XML_DOCTYPE}\n{body}\n"


def as_html_text(field: str) -> str:
    """Return a map-tip placeholder showing a field's value as text in QGIS's HTML.

    Parameters
    ----------
    field
        Field name.

    Returns
    -------
    str
        ``[% … %]`` with the value's ``&``, ``<`` and ``>`` replaced by entities (in that
        order, so an entity already in the data shows as written).
    """
    value = f'"{field}"'
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        value = f"replace({value}, '{character}', '{entity}')"
    return f"[% {value} %]"


def basis_label_expression(keys: Iterable[str]) -> str:
    """Return a QGIS expression naming a feature's basis in both languages.

    Built from :data:`geo.bases.BASES` (``điểm cấp xã / commune-level point``) for the bases
    a layer holds; any other is shown as written.

    Parameters
    ----------
    keys
        Basis keys of the layer's features.

    Returns
    -------
    str
    """
    cases = " ".join(
        f"WHEN left(\"location_basis\", {len(key) + 1}) = '{key}:' "
        f"THEN '{basis.label_vi} / {basis.label_en}'"
        for key, basis in BASES.items()
        if key in set(keys)
    )
    shown = as_html_text("location_basis")[3:-3]
    return f"[% CASE {cases} ELSE {shown} END %]" if cases else f"[% {shown} %]"


def map_tip(keys: Iterable[str]) -> str:
    """Return the map tip (hover text) of a layer whose features rest on the bases ``keys``.

    Name, basis in words, accuracy, the technical basis, source and note, each shown as text.

    Parameters
    ----------
    keys
        Basis keys of the layer's features.

    Returns
    -------
    str
    """
    return (
        f"<b>{as_html_text('name_vi')}</b> ({as_html_text('name_en')})<br>"
        f'Vị trí / position: {basis_label_expression(keys)}, ± [% "accuracy_m" %] m<br>'
        f"Chi tiết / details: {as_html_text('location_basis')}<br>"
        f"Nguồn / source: {as_html_text('source')}<br>"
        f"{as_html_text('note_vi')}"
    )


def _strings(properties: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for name, value in properties.items():
        if isinstance(value, str):
            yield name, value


def nul_problems(layer: str, features: list[dict[str, Any]]) -> list[str]:
    """List the text fields of a layer's GeoJSON features that hold a NUL character.

    Parameters
    ----------
    layer
        Layer name.
    features
        Its GeoJSON features.

    Returns
    -------
    list of str
        One message per field, naming the feature and the field.
    """
    return [
        f"{layer}/{(feature.get('properties') or {}).get('id')}: {name} holds a NUL character "
        f"(U+0000) at position {value.index(chr(0)) + 1}, which would cut the text in the "
        "GeoPackage; remove it from the source data"
        for feature in features
        for name, value in _strings(feature.get("properties") or {})
        if "\x00" in value
    ]
