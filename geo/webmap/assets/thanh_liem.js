/* thanh-liem-map: the standalone web map's core — its data, its features and the reader's
 * language (MIT licence). controls.js adds the controls, search.js the search, measure.js
 * the measuring tool, view.js links and labels.
 *
 * The page's data is one JSON document (<script type="application/json" id="tl-data">),
 * never script or template source. Popups, labels and symbols are built from it as DOM
 * nodes (cards.js), data text as text nodes. The only HTML strings are `*Html` settings
 * built in Python with every data text escaped (geo/webmap/content.py).
 */
(function () {
  'use strict';

  var PANES = {'tl-context': 380, 'tl-district': 410, 'tl-unc': 420, 'tl-roads': 430, 'tl-labels': 550};
  var PHONE = '(max-width: 760px)';
  var records = [];  // searchable features: {key, alt, layer, group}
  var features = Object.create(null);  // 'layer/id' → {layer, group}
  var labels = [];  // {group, marker}: added once the first picture is shown
  var popups = [];  // {layer, content}: bound then too
  var symbols = [];  // {marker, feature}: named in the reader's language
  var pageData = null;

  function data() {
    if (!pageData) { pageData = JSON.parse(document.getElementById('tl-data').textContent); }
    return pageData;
  }

  /* A line or ring written with the Encoded Polyline Algorithm (geo/webmap/polyline.py):
     per point, latitude then longitude in 1e-5 degrees, each the difference from the
     previous point, five bits a character (offset 63, 0x20 = more follows), the sign in
     the lowest bit. Returns GeoJSON positions [lng, lat]; dividing by 1e5 gives the very
     numbers the layers' 5-decimal coordinates are. */
  function decodeLine(text) {
    var positions = [];
    var index = 0;
    var lat = 0;
    var lng = 0;
    function next() {
      var result = 0;
      var shift = 0;
      var chunk;
      do {
        chunk = text.charCodeAt(index++) - 63;
        result |= (chunk & 0x1f) << shift;
        shift += 5;
      } while (chunk >= 0x20);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (index < text.length) {
      lat += next();
      lng += next();
      positions.push([lng / 1e5, lat / 1e5]);
    }
    return positions;
  }

  /* {type, polylines} → the GeoJSON geometry: every string in the nesting decoded. */
  function decodeGeometry(encoded) {
    function lines(value) { return typeof value === 'string' ? decodeLine(value) : value.map(lines); }
    return {type: encoded.type, coordinates: lines(encoded.polylines)};
  }

  /* A feature of a layer spec as the layer has it: its properties with those the layer's
     features share, its id and kind, the words of its sources, its GeoJSON geometry. */
  function expand(spec, f) {
    var props = L.extend({}, spec.shared, f.props);
    return L.extend({}, f, {
      id: String(props.id),
      kind: props.kind,
      props: props,
      sources: spec.sources[f.sources],
      geometry: f.geometry ? decodeGeometry(f.geometry) : null
    });
  }

  function ensurePanes(map) {
    Object.keys(PANES).forEach(function (name) {
      if (!map.getPane(name)) {
        var pane = map.createPane(name);
        pane.style.zIndex = String(PANES[name]);
        if (name === 'tl-labels') { pane.style.pointerEvents = 'none'; }
      }
    });
  }

  /* A point symbol's title and accessible name: the feature's name in the reader's language. */
  function nameSymbol(icon, f) {
    var name = String((language === 'en' && f.props.name_en) || f.props.name_vi || f.id);
    icon.title = name;
    var svg = icon.querySelector('.tl-symbol');
    if (svg) { svg.setAttribute('aria-label', name); }
  }

  function popupOptions() {
    /* Clear of the controls on a desktop; as wide as the screen allows on a phone. */
    var phone = window.matchMedia(PHONE).matches;
    var side = phone ? 8 : 52;
    return {
      maxWidth: Math.min(340, window.innerWidth - 2 * side - 24),
      minWidth: Math.min(230, window.innerWidth - 2 * side - 24),
      maxHeight: phone ? Math.round(window.innerHeight * 0.55) : Math.min(560, window.innerHeight - 140),
      className: 'tl-popup',
      autoPanPaddingTopLeft: [side, 64], autoPanPaddingBottomRight: [side, 24]
    };
  }

  /* One overlay: features drawn with their styles, point symbols, uncertainty circles,
     labels and popups. Returns an L.FeatureGroup (the layer control toggles it whole). */
  function featureLayer(map, name) {
    var page = data();
    var spec = page.layers[name];
    var cards = window.thanhLiemCards;
    ensurePanes(map);
    var group = L.featureGroup();
    spec.features.forEach(function (written) {
      var f = expand(spec, written);
      var cls = 'tl-f tl-f-' + spec.layer + ' tl-k-' + f.kind;
      var main = null;
      var extras = [];
      if (f.geometry) {
        var options = L.extend({}, spec.styles[f.kind], {className: cls, pane: spec.pane});
        main = L.GeoJSON.geometryToLayer({type: 'Feature', properties: {}, geometry: f.geometry}, options);
      }
      if (f.radius && f.anchor && spec.uncertainty) {
        extras.push(L.circle(f.anchor, L.extend({}, spec.uncertainty, {
          radius: f.radius, className: 'tl-unc tl-unc-' + spec.layer, pane: 'tl-unc'
        })));
      }
      var symbol = spec.symbols[f.kind];
      if (symbol && f.anchor) {
        var icon = L.divIcon({html: '', className: (main ? 'tl-sym' : cls + ' tl-sym'), iconSize: [symbol.size, symbol.size]});
        icon.createIcon = function (old) {
          var div = L.DivIcon.prototype.createIcon.call(this, old);
          div.appendChild(cards.symbol(symbol, f));
          nameSymbol(div, f);
          return div;
        };
        var marker = L.marker(f.anchor, {icon: icon, riseOnHover: true});
        symbols.push({marker: marker, feature: f});
        if (main) { extras.push(marker); } else { main = marker; }
      }
      if (!main) { return; }
      var key = spec.layer + '/' + f.id;
      var content = function () { return cards.card(spec.layer, f, page.vocab); };
      [main].concat(extras).forEach(function (layer) {
        popups.push({layer: layer, content: content});
        layer.tlFeature = key;
        group.addLayer(layer);
      });
      features[key] = {layer: main, group: group};
      if (f.labelAt) {
        var labelIcon = L.divIcon({html: '', className: 'tl-label tl-label-' + spec.layer + (symbol ? ' tl-label-pt' : ''), iconSize: null});
        labelIcon.createIcon = function (old) {
          var div = L.DivIcon.prototype.createIcon.call(this, old);
          div.appendChild(cards.label(spec.layer, f, page.vocab));
          return div;
        };
        labels.push({group: group, marker: L.marker(f.labelAt, {icon: labelIcon, interactive: false, keyboard: false, pane: 'tl-labels'})});
      }
      records.push({key: f.search, alt: f.searchAlt || '', layer: main, group: group});
    });
    return group;
  }

  function fold(text) {
    return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }

  var language = 'vi';
  var translators = [];  // called with the language whenever it changes

  /* Run `apply(lang)` now and on every change of language. */
  function translated(apply) {
    translators.push(apply);
    apply(language);
  }

  /* A control's title and accessible name, in the reader's language. */
  function titled(node, texts) {
    translated(function (lang) {
      var text = texts[lang === 'en' ? 1 : 0];
      node.title = text;
      node.setAttribute('aria-label', text);
    });
  }

  function setLang(lang) {
    language = lang;
    document.body.classList.toggle('tl-lang-en', lang === 'en');
    document.documentElement.lang = lang;
    document.querySelectorAll('.tl-lang button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang));
    });
    translators.forEach(function (apply) { apply(lang); });
  }

  function setupLanguage(lang, onChange) {
    document.querySelectorAll('.tl-lang button').forEach(function (b) {
      b.addEventListener('click', function () { setLang(b.getAttribute('data-lang')); onChange(); });
    });
    setLang(lang);
  }

  /* Run `work` once the browser has shown the first frame: in a task after the frame that
     follows it, so that nothing of it delays that first one. */
  function afterFirstFrame(work) {
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () { window.setTimeout(work, 0); });
    });
  }

  /* The first picture comes first: the shapes, the legend and the credits are drawn in
     the reader's language, at the linked or the district's view; the controls, labels,
     basemap tiles and links are set up right after that frame. */
  function init(map, parts) {
    var view = window.thanhLiemView;
    var cfg = data().config;
    var state = view.readHash(window.location.hash, Object.keys(parts.layers));
    var links = null;
    var phone = window.matchMedia(PHONE).matches;
    document.body.classList.add('tl');
    document.body.classList.toggle('tl-panel-open', !phone);
    setupLanguage(state.lang || 'vi', function () { if (links) { links.write(); } });
    cfg.attributionHtml.forEach(function (html) { map.attributionControl.addAttribution(html); });
    window.thanhLiemControls.addLegend(map, phone);
    map.setMaxBounds(L.latLngBounds(cfg.maxBounds).pad(0.1));
    window.thanhLiemMap = {
      map: map,
      layers: parts.layers,
      home: function () {
        /* Keep the first view clear of the controls, the offline note and the legend. */
        var legend = document.getElementById('tl-legend');
        var right = legend.classList.contains('tl-collapsed') ? 16 : legend.offsetWidth + 24;
        map.closePopup();
        map.fitBounds(cfg.bounds, {
          paddingTopLeft: [56, 64], paddingBottomRight: [right, 24], animate: false
        });
      }
    };
    if (!state.view && !state.feature) { window.thanhLiemMap.home(); }
    view.applyView(map, parts.layers, state);
    afterFirstFrame(function () {
      document.body.classList.add('tl-drawn');
      setupRest(map, parts, cfg.texts);
      view.keepLabelsClear(map);
      view.declutter(map);
      if (state.feature) { features[state.feature].layer.openPopup(); }
      links = view.setupLinks(map, parts.layers, state.feature);
      if (window.location.hash) { links.write(); }
      document.body.setAttribute('data-ready', 'true');
    });
  }

  function setupRest(map, parts, texts) {
    var controls = window.thanhLiemControls;
    controls.setupPanel(map, texts);
    parts.chooser.addTo(map);
    L.control.scale({imperial: false, maxWidth: 140}).addTo(map);
    controls.addFullscreen(map, texts);
    window.thanhLiemMeasure.addMeasure(map, texts);
    window.thanhLiemSearch.addSearch(map, texts);
    controls.addCopyLink(map, texts);
    controls.translateLeafletControls(map, texts);
    controls.watchBasemaps(map, parts.tiles, parts.blank);
    labels.forEach(function (label) { label.group.addLayer(label.marker); });
    labels.length = 0;
    translated(function () {
      symbols.forEach(function (s) { if (s.marker.getElement()) { nameSymbol(s.marker.getElement(), s.feature); } });
    });
    var options = popupOptions();
    popups.forEach(function (popup) { popup.layer.bindPopup(popup.content, options); });
    popups.length = 0;
  }

  window.thanhLiem = {
    featureLayer: featureLayer,
    init: init,
    fold: fold,
    records: records,
    features: features,
    translated: translated,
    titled: titled,
    setLang: setLang,
    language: function () { return language; },
    phone: PHONE,
    relabel: function () { if (window.thanhLiemView) { window.thanhLiemView.relabel(); } }
  };
}());
