"""Folium elements of the map that folium does not ship.

They render calls into the map's own script (``assets/thanh_liem.js``); data crosses into
JavaScript only through ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from branca.element import Element, MacroElement
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


class FeatureLayer(Layer):
    """An overlay drawn by ``thanhLiem.featureLayer`` from a prepared spec.

    Parameters
    ----------
    spec
        Layer name, pane, styles and features (see :func:`geo.webmap.layer_spec`).
    name
        Name in the layer control (HTML).
    show
        Whether the overlay is on when the page opens.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = thanhLiem.featureLayer("
        "{{ this._parent.get_name() }}, {{ this.spec|tojson }});\n"
        "{% endmacro %}"
    )

    def __init__(self, spec: Mapping[str, Any], name: str, *, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.spec = dict(spec)


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


class MapSetup(MacroElement):
    """Call ``thanhLiem.init``: controls, legend, search, language, offline fallback.

    Add it to the map last, after the layer control.

    Parameters
    ----------
    config
        JSON-serialisable settings (bounds, attribution, control texts).
    tiles
        The tile base layers, watched for loading errors.
    blank
        The blank base layer to fall back to.
    layers
        The overlays by layer name.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "thanhLiem.init({{ this._parent.get_name() }}, {{ this.config|tojson }}, {\n"
        "  tiles: [{% for layer in this.tiles %}{{ layer.get_name() }}, {% endfor %}],\n"
        "  blank: {{ this.blank.get_name() }},\n"
        "  layers: { {% for key, layer in this.layers.items() %}{{ key|tojson }}: "
        "{{ layer.get_name() }}, {% endfor %}}\n"
        "});\n"
        "{% endmacro %}"
    )

    def __init__(
        self,
        config: Mapping[str, Any],
        tiles: Sequence[Layer],
        blank: BlankBaseLayer,
        layers: Mapping[str, FeatureLayer],
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MapSetup"
        self.config = dict(config)
        self.tiles = list(tiles)
        self.blank = blank
        self.layers = dict(layers)
