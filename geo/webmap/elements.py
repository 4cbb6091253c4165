"""Folium elements of the map that folium does not ship.

Data never enters a template source. branca compiles the output of every macro a second
time (``MacroElement.render`` wraps it in ``Element(...)``, a template), so text from the
data placed there would run as Jinja2. The page's data therefore travels in one JSON
document (:class:`PageDataElement`) and the page's HTML in :class:`RawHtml`; both override
``render`` and return their text as it is. The macros below hold only names from the code
and call into the map's own script (``assets/thanh_liem.js``), which reads the document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template

from geo.webmap.bundle import InlineAssets


class InlineAssetsElement(Element):
    """Stylesheets and scripts written into the page ``<head>``.

    Parameters
    ----------
    assets
        The inlined stylesheets and scripts.
    css_variables
        Custom properties set on ``:root`` before the stylesheets (colours from
        :mod:`geo.style`).
    """

    _template = Template(
        "<style>:root { {% for key, value in this.variables.items() %}{{ key }}: {{ value }}; "
        "{% endfor %}}</style>\n"
        "<style>\n{{ this.assets.css }}\n</style>\n"
        "{% for script in this.assets.scripts %}<script>\n{{ script }}\n</script>\n{% endfor %}"
    )

    def __init__(self, assets: InlineAssets, css_variables: Mapping[str, str]) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.assets = assets
        self.variables = dict(css_variables)


PAGE_DATA_ID: Final = "tl-data"
"""``id`` of the page's JSON document."""

_SCRIPT_UNSAFE: Final = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(document: Any) -> str:
    """Return JSON that can stand inside a ``<script>`` element as it is.

    ``<``, ``>`` and ``&`` are written as Unicode escapes, so no text (``</script>``,
    ``<!--``) can end the element early; ``JSON.parse`` reads them back unchanged.

    Parameters
    ----------
    document
        JSON-serialisable value.

    Returns
    -------
    str
    """
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_UNSAFE)


class Page(Figure):
    """The HTML document: branca's figure, declared Vietnamese first.

    The page's script sets ``lang`` to the reader's choice once it runs.
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n'
        "<head>\n"
        "{% if this.title %}<title>{{this.title}}</title>{% endif %}"
        "    {{this.header.render(**kwargs)}}\n"
        "</head>\n"
        "<body>\n"
        "    {{this.html.render(**kwargs)}}\n"
        "</body>\n"
        "<script>\n"
        "    {{this.script.render(**kwargs)}}\n"
        "</script>\n"
        "</html>\n"
    )


class InlineMap(folium.Map):
    """A folium map that loads nothing from a CDN and draws once, at its first view.

    Its Leaflet comes with the page's own inlined assets (:class:`InlineAssetsElement`).
    Unlike folium's, the map is created without a centre, so nothing is drawn until the
    page's script sets the view (``thanhLiem.init`` fits the district or restores a link's
    view): Leaflet adds the layers then, once, instead of drawing them at a first view and
    again at the fitted one. Its viewport lets readers pinch to zoom the page (folium's
    forbids it).
    """

    _template = Template(
        "{% macro header(this, kwargs) %}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>#{{ this.get_name() }} { position: {{ this.position }}; "
        "width: {{ this.width[0] }}{{ this.width[1] }}; "
        "height: {{ this.height[0] }}{{ this.height[1] }}; "
        "left: {{ this.left[0] }}{{ this.left[1] }}; top: {{ this.top[0] }}{{ this.top[1] }}; }\n"
        ".leaflet-container { font-size: {{ this.font_size }}; }\n"
        "html, body { width: 100%; height: 100%; margin: 0; padding: 0; }</style>\n"
        "{% endmacro %}\n"
        "{% macro html(this, kwargs) %}\n"
        '<div class="folium-map" id={{ this.get_name()|tojson }}></div>\n'
        "{% endmacro %}\n"
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, "
        "{crs: L.CRS.{{ this.crs }}, ...{{ this.options|tojavascript }}});\n"
        "{% endmacro %}"
    )

    default_js = []  # noqa: RUF012 (folium's own declaration, overridden as plugins do)
    default_css = []  # noqa: RUF012


class RawHtml(Element):
    """HTML written into the page exactly as given: never compiled as a template.

    Parameters
    ----------
    html
        Finished HTML (every data text in it already escaped).
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.html = html

    def render(self, **kwargs: Any) -> str:  # noqa: ARG002
        """Return the HTML unchanged."""
        return self.html


class PageDataElement(RawHtml):
    """The page's data: one ``<script type="application/json">`` read by the map's script.

    Parameters
    ----------
    document
        Everything the page draws and says that comes from data.
    """

    def __init__(self, document: Mapping[str, Any]) -> None:
        super().__init__(
            f'<script type="application/json" id="{PAGE_DATA_ID}">'
            f"{script_json(dict(document))}</script>"
        )
        self._name = "PageData"


class FeatureLayer(Layer):
    """An overlay drawn by ``thanhLiem.featureLayer`` from the page data's layer spec.

    Parameters
    ----------
    layer
        Layer name: the key of its spec in the page data (see :func:`geo.webmap.layer_spec`).
    name
        Name in the layer control (HTML).
    show
        Whether the overlay is on when the page opens.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = thanhLiem.featureLayer("
        "{{ this._parent.get_name() }}, {{ this.layer|tojson }});\n"
        "{% endmacro %}"
    )

    def __init__(self, layer: str, name: str, *, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.layer = layer


class BlankBaseLayer(Layer):
    """A base layer without tiles: the view shown offline or when chosen.

    Parameters
    ----------
    name
        Name in the layer control (HTML).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.layerGroup();\n"
        "{% endmacro %}"
    )

    def __init__(self, name: str) -> None:
        super().__init__(name=name, overlay=False, control=True, show=False)
        self._name = "BlankBaseLayer"


class LayerChooser(folium.LayerControl):
    """folium's layer control, created but added to the map by the page's script.

    The control is not needed for the first picture: ``thanhLiem.init`` adds it after the
    first frame, with the other controls (folium's own adds it at once).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.control.layers({\n"
        "{%- for key, val in this.base_layers.items() %}{{ key|tojson }}: {{ val }},{% endfor %}"
        "}, {\n"
        "{%- for key, val in this.overlays.items() %}{{ key|tojson }}: {{ val }},{% endfor %}"
        "}, {{ this.options|tojavascript }});\n"
        "{% endmacro %}"
    )


class MapSetup(MacroElement):
    """Call ``thanhLiem.init``: controls, legend, search, language, offline fallback.

    Add it to the map last, after the layer control. Its settings (bounds, attribution,
    control texts) are in the page data.

    Parameters
    ----------
    tiles
        The tile base layers, watched for loading errors.
    blank
        The blank base layer to fall back to.
    layers
        The overlays by layer name.
    chooser
        The layer control, added after the first picture.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "thanhLiem.init({{ this._parent.get_name() }}, {\n"
        "  chooser: {{ this.chooser.get_name() }},\n"
        "  tiles: [{% for layer in this.tiles %}{{ layer.get_name() }}, {% endfor %}],\n"
        "  blank: {{ this.blank.get_name() }},\n"
        "  layers: { {% for key, layer in this.layers.items() %}{{ key|tojson }}: "
        "{{ layer.get_name() }}, {% endfor %}}\n"
        "});\n"
        "{% endmacro %}"
    )

    def __init__(
        self,
        tiles: Sequence[Layer],
        blank: BlankBaseLayer,
        layers: Mapping[str, FeatureLayer],
        chooser: LayerChooser,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MapSetup"
        self.chooser = chooser
        self.tiles = list(tiles)
        self.blank = blank
        self.layers = dict(layers)
