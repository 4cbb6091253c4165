/* thanh-liem-map: behaviour of the standalone web map (MIT licence).
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
  var pageData = null;

  function data() {
    if (!pageData) { pageData = JSON.parse(document.getElementById('tl-data').textContent); }
    return pageData;
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

  function popupOptions() {
    /* Clear of the controls on a desktop; as wide as the screen allows on a phone. */
    var phone = window.matchMedia(PHONE).matches;
    var side = phone ? 8 : 52;
    return {
      maxWidth: Math.min(340, window.innerWidth - 2 * side - 24),
      minWidth: Math.min(230, window.innerWidth - 2 * side - 24),
      maxHeight: phone ? Math.round(window.innerHeight * 0.55) : 420,
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
    spec.features.forEach(function (f) {
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
          return div;
        };
        var marker = L.marker(f.anchor, {icon: icon, title: String(f.props.name_vi || f.id), riseOnHover: true});
        if (main) { extras.push(marker); } else { main = marker; }
      }
      if (!main) { return; }
      var key = spec.layer + '/' + f.id;
      var content = function () { return cards.card(spec.layer, f, page.vocab); };
      [main].concat(extras).forEach(function (layer) {
        layer.bindPopup(content, popupOptions());
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
        group.addLayer(L.marker(f.labelAt, {icon: labelIcon, interactive: false, keyboard: false, pane: 'tl-labels'}));
      }
      records.push({key: f.search, alt: f.searchAlt || '', layer: main, group: group});
    });
    return group;
  }

  function fold(text) {
    return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }

  /* Names are data: records live in prototype-less objects, and the lookup asks the
     object itself, so a feature named `hasOwnProperty` or `__proto__` is found like any. */
  var Search = L.Control.Search.extend({
    _getLocation: function (key) {
      return Object.prototype.hasOwnProperty.call(this._recordsCache, key) ? this._recordsCache[key] : false;
    }
  });

  function addSearch(map, texts) {
    var byKey = Object.create(null);
    records.forEach(function (r) { byKey[r.key] = r; });
    var control = new Search({
      /* Records come from `records`, not from a layer: given a layer, the plugin would
         add it to the map (and show the overlays the reader switched off). */
      sourceData: function (text, respond) { respond(null); },
      formatData: function () {
        var found = Object.create(null);
        records.forEach(function (r) {
          var at = r.layer.getLatLng ? r.layer.getLatLng() : r.layer.getBounds().getCenter();
          var latlng = L.latLng(at.lat, at.lng);
          latlng.layer = r.layer;
          found[r.key] = latlng;
        });
        return found;
      },
      position: 'topright',
      initial: false,
      marker: false,
      collapsed: true,
      autoType: false,
      autoCollapse: true,
      firstTipSubmit: true,
      tooltipLimit: 12,
      textPlaceholder: texts.searchPlaceholder[0],
      textCancel: texts.searchCancel[0],
      textErr: texts.searchNotFound[0],
      filterData: function (text, all) {
        var query = fold(text).trim();
        var found = Object.create(null);
        Object.keys(all).forEach(function (key) {
          var record = byKey[key];
          if (fold(key + ' ' + (record ? record.alt : '')).indexOf(query) !== -1) { found[key] = all[key]; }
        });
        return found;
      },
      buildTip: function (text) {
        var tip = L.DomUtil.create('li');
        tip.textContent = text;
        return tip;
      },
      moveToLocation: function (latlng, title, target) {
        var record = byKey[title];
        if (!record) { target.panTo(latlng); return; }
        if (!target.hasLayer(record.group)) { target.addLayer(record.group); }
        if (record.layer.getBounds) {
          target.fitBounds(record.layer.getBounds(), {maxZoom: 13, padding: [24, 24], animate: false});
        } else {
          target.setView(latlng, Math.max(target.getZoom(), 13), {animate: false});
        }
        record.layer.openPopup();
      }
    });
    map.addControl(control);
    translated(function (lang) {
      var i = lang === 'en' ? 1 : 0;
      control.options.textErr = texts.searchNotFound[i];
      control.options.textPlaceholder = texts.searchPlaceholder[i];
      control._input.placeholder = texts.searchPlaceholder[i];
      control._button.title = texts.searchPlaceholder[i];
      control._cancel.title = texts.searchCancel[i];
    });
    return control;
  }

  function addMeasure(map, texts) {
    var keys = ['tooltipTextFinish', 'tooltipTextDelete', 'tooltipTextMove', 'tooltipTextResume',
      'tooltipTextAdd', 'measureControlTitleOn', 'measureControlTitleOff'];
    var measure = L.control.polylineMeasure({
      position: 'topleft', unit: 'metres', showBearings: false, clearMeasurementsOnStop: true,
      showClearControl: false, showUnitControl: false
    }).addTo(map);
    translated(function (lang) {
      keys.forEach(function (key) { measure.options[key] = texts[key][lang === 'en' ? 1 : 0]; });
      var on = measure._measureControl.classList.contains('polyline-measure-controlOnBgColor');
      measure._measureControl.title = measure.options[on ? 'measureControlTitleOff' : 'measureControlTitleOn'];
    });
  }

  function addFullscreen(map, texts) {
    var fullscreen = L.control.fullscreen({position: 'topleft', forceSeparateButton: true}).addTo(map);
    translated(function (lang) {
      var i = lang === 'en' ? 1 : 0;
      fullscreen.options.title = texts.fullscreen[i];
      fullscreen.options.titleCancel = texts.fullscreenExit[i];
      var text = map._isFullscreen ? fullscreen.options.titleCancel : fullscreen.options.title;
      fullscreen.link.title = text;
      fullscreen.link.setAttribute('aria-label', text);
    });
  }

  function translateLeafletControls(map, texts) {
    translated(function (lang) {
      var title = texts.leaflet[lang === 'en' ? 1 : 0];
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="' + title + '">Leaflet</a>');
    });
    titled(map.zoomControl._zoomInButton, texts.zoomIn);
    titled(map.zoomControl._zoomOutButton, texts.zoomOut);
    var layers = map.getContainer().querySelector('.leaflet-control-layers-toggle');
    if (layers) { titled(layers, texts.layers); }
    map.on('popupopen', function (e) {
      var close = e.popup._closeButton;
      if (close) {
        close.title = texts.closePopup[language === 'en' ? 1 : 0];
        close.setAttribute('aria-label', close.title);
      }
    });
  }

  function addLegend(map, phone) {
    var legend = document.getElementById('tl-legend');
    var button = legend.querySelector('.tl-legend-toggle');
    var Legend = L.Control.extend({
      options: {position: 'bottomright'},
      onAdd: function () {
        legend.hidden = false;
        L.DomEvent.disableClickPropagation(legend);
        L.DomEvent.disableScrollPropagation(legend);
        return legend;
      }
    });
    function collapse(collapsed) {
      legend.classList.toggle('tl-collapsed', collapsed);
      button.setAttribute('aria-expanded', String(!collapsed));
    }
    var chosen = phone;  // the reader's choice, restored when a popup closes
    button.addEventListener('click', function () {
      chosen = !legend.classList.contains('tl-collapsed');
      collapse(chosen);
    });
    collapse(phone);
    /* Controls sit above popups: fold the legend away while a popup is open. */
    map.on('popupopen', function () {
      collapse(true);
      map.getContainer().classList.add('tl-popup-open');
    });
    map.on('popupclose', function () {
      collapse(chosen);
      map.getContainer().classList.remove('tl-popup-open');
    });
    new Legend().addTo(map);
  }

  /* Basemap tiles are the only network use. When they cannot load, switch to the blank
     base layer (a plain background under the district, context and labels) and say so. */
  function watchBasemaps(map, tiles, blank) {
    var note = document.getElementById('tl-offline-note');
    var container = map.getContainer();
    var state = {loaded: 0, failed: 0, timer: null, last: null};
    container.appendChild(note);
    L.DomEvent.disableClickPropagation(note);

    function activeTiles() {
      for (var i = 0; i < tiles.length; i += 1) { if (map.hasLayer(tiles[i])) { return tiles[i]; } }
      return null;
    }
    function showBlank(isBlank) { container.classList.toggle('tl-nobase', isBlank); }
    function goOffline() {
      var current = activeTiles();
      if (current) { state.last = current; map.removeLayer(current); }
      if (!map.hasLayer(blank)) { map.addLayer(blank); }
      showBlank(true);
      container.classList.add('tl-offline');
      note.hidden = false;
      relabel();
    }
    function online() {
      container.classList.remove('tl-offline');
      note.classList.remove('tl-compact');
      note.hidden = true;
      relabel();
    }
    tiles.forEach(function (layer) {
      layer.on('add', function () { state.loaded = 0; state.failed = 0; showBlank(false); });
      layer.on('tileload', function () { state.loaded += 1; online(); });
      layer.on('tileerror', function () {
        state.failed += 1;
        if (state.loaded > 0) { return; }
        if (state.failed >= 2) { goOffline(); return; }
        if (!state.timer) {
          state.timer = window.setTimeout(function () {
            state.timer = null;
            if (state.loaded === 0 && map.hasLayer(layer)) { goOffline(); }
          }, 1500);
        }
      });
    });
    blank.on('add', function () { showBlank(true); });
    /* Once the reader uses the map, the note shrinks to its title (a click expands it). */
    function compact() { note.classList.add('tl-compact'); relabel(); }
    map.on('popupopen click', compact);
    note.addEventListener('click', function (e) {
      if (e.target.closest('.tl-retry')) { return; }
      note.classList.toggle('tl-compact');
      relabel();
    });
    note.querySelector('.tl-retry').addEventListener('click', function () {
      online();
      var target = state.last || tiles[0];
      if (map.hasLayer(blank)) { map.removeLayer(blank); }
      map.addLayer(target);
    });
    if (navigator.onLine === false) { goOffline(); }
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

  function setupLanguage(onChange) {
    document.querySelectorAll('.tl-lang button').forEach(function (b) {
      b.addEventListener('click', function () { setLang(b.getAttribute('data-lang')); onChange(); });
    });
    setLang('vi');
  }

  /* What the reader sees lives in the URL hash — #lang=en&layers=a,b&view=lat,lng,zoom
     &feature=layer/id — so a link reopens it. Only this page's own location is read and
     written (never window.top): the map works the same inside an <iframe>. */
  function readHash(hash, layerNames) {
    var text = hash.replace(/^#/, '');
    var state = {};
    if (text === 'en' || text === 'vi') { state.lang = text; return state; }
    var params = new URLSearchParams(text);
    if (params.get('lang') === 'en' || params.get('lang') === 'vi') { state.lang = params.get('lang'); }
    if (params.has('layers')) {
      /* An empty list means every overlay off; a list naming no known layer is ignored. */
      var named = params.get('layers') ? params.get('layers').split(',') : [];
      var known = named.filter(function (name) { return layerNames.indexOf(name) !== -1; });
      if (known.length || !named.length) { state.layers = known; }
    }
    var view = (params.get('view') || '').split(',').map(Number);
    if (view.length === 3 && view.every(isFinite)) { state.view = view; }
    var feature = params.get('feature');
    if (feature && features[feature]) { state.feature = feature; }
    return state;
  }

  function linkState(map, layers, feature) {
    var centre = map.getCenter();
    var params = new URLSearchParams();
    params.set('lang', document.body.classList.contains('tl-lang-en') ? 'en' : 'vi');
    params.set('layers', Object.keys(layers).filter(function (name) {
      return map.hasLayer(layers[name]);
    }).join(','));
    params.set('view', [centre.lat.toFixed(5), centre.lng.toFixed(5), String(+map.getZoom().toFixed(2))].join(','));
    if (feature) { params.set('feature', feature); }
    return '#' + params.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
  }

  function applyState(map, layers, state) {
    if (state.lang) { setLang(state.lang); }
    if (state.layers) {
      Object.keys(layers).forEach(function (name) {
        var on = state.layers.indexOf(name) !== -1;
        if (on && !map.hasLayer(layers[name])) { map.addLayer(layers[name]); }
        if (!on && map.hasLayer(layers[name])) { map.removeLayer(layers[name]); }
      });
    }
    if (state.view) { map.setView([state.view[0], state.view[1]], state.view[2], {animate: false}); }
    if (state.feature) {
      var target = features[state.feature];
      if (!map.hasLayer(target.group)) { map.addLayer(target.group); }
      if (!state.view) {
        if (target.layer.getBounds) {
          map.fitBounds(target.layer.getBounds(), {maxZoom: 13, padding: [24, 24], animate: false});
        } else {
          map.setView(target.layer.getLatLng(), Math.max(map.getZoom(), 12), {animate: false});
        }
      }
      target.layer.openPopup();
    }
  }

  function setupLinks(map, layers, opened) {
    var written = null;
    var restoring = false;
    var open = opened || null;  // the feature whose popup is open
    function write() {
      if (restoring) { return; }
      written = linkState(map, layers, open);
      if (written === window.location.hash) { return; }
      try {
        window.history.replaceState(window.history.state, '', written);
      } catch (error) {
        window.location.replace(written);
      }
    }
    function restore() {
      if (window.location.hash === written) { return; }
      restoring = true;
      applyState(map, layers, readHash(window.location.hash, Object.keys(layers)));
      restoring = false;
    }
    function source(e) { return (e.popup._source && e.popup._source.tlFeature) || null; }
    map.on('popupopen', function (e) { open = source(e); write(); });
    map.on('popupclose', function (e) { if (source(e) === open) { open = null; } write(); });
    map.on('moveend overlayadd overlayremove', write);
    window.addEventListener('hashchange', restore);
    return {restore: restore, write: write};
  }

  function addCopyLink(map, texts) {
    var CopyLink = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var box = L.DomUtil.create('div', 'leaflet-bar tl-copy-link');
        var button = L.DomUtil.create('a', 'tl-copy-button', box);
        button.href = '#';
        button.setAttribute('role', 'button');
        titled(button, texts.copyLink);
        var icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        icon.setAttribute('viewBox', '0 0 24 24');
        icon.setAttribute('width', '18');
        icon.setAttribute('height', '18');
        icon.setAttribute('aria-hidden', 'true');
        var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        path.setAttribute('d', 'M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1.2 1.2M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2');
        path.setAttribute('fill', 'none');
        path.setAttribute('stroke', 'currentColor');
        path.setAttribute('stroke-width', '2.2');
        path.setAttribute('stroke-linecap', 'round');
        icon.appendChild(path);
        button.appendChild(icon);
        var status = L.DomUtil.create('div', 'tl-copy-status', box);
        status.setAttribute('role', 'status');
        status.hidden = true;
        var said = L.DomUtil.create('span', 'tl-copy-said', status);
        var field = L.DomUtil.create('input', 'tl-copy-url', status);
        field.readOnly = true;
        field.setAttribute('aria-label', 'Liên kết / Link');
        function show(copied) {
          said.innerHTML = copied
            ? '<span class="l-vi" lang="vi">Đã sao chép liên kết:</span><span class="l-en" lang="en">Link copied:</span>'
            : '<span class="l-vi" lang="vi">Sao chép liên kết này:</span><span class="l-en" lang="en">Copy this link:</span>';
          status.hidden = false;
          field.select();
        }
        L.DomEvent.on(button, 'click', function (e) {
          L.DomEvent.preventDefault(e);
          field.value = window.location.href;
          var clipboard = window.navigator.clipboard;
          if (clipboard && window.isSecureContext) {
            clipboard.writeText(field.value).then(function () { show(true); }, function () { show(false); });
          } else {
            show(false);
          }
        });
        map.on('click popupopen', function () { status.hidden = true; });
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new CopyLink().addTo(map);
  }

  function setupPanel(map, texts) {
    var toggle = document.getElementById('tl-toggle');
    var phone = window.matchMedia(PHONE);
    function setOpen(open) {
      document.body.classList.toggle('tl-panel-open', open);
      toggle.setAttribute('aria-expanded', String(open));
      map.invalidateSize();
    }
    toggle.addEventListener('click', function () {
      setOpen(!document.body.classList.contains('tl-panel-open'));
    });
    var Reopen = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var box = L.DomUtil.create('div', 'leaflet-bar tl-reopen');
        var link = L.DomUtil.create('a', '', box);
        link.href = '#';
        link.setAttribute('role', 'button');
        titled(link, texts.about);
        link.textContent = 'ⓘ';
        L.DomEvent.on(link, 'click', function (e) { L.DomEvent.preventDefault(e); setOpen(true); });
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new Reopen().addTo(map);
    map.on('popupopen', function (e) {
      var button = e.popup.getElement().querySelector('.tl-open-panel');
      if (button) {
        button.addEventListener('click', function () {
          map.closePopup();
          setOpen(true);
          document.getElementById('tl-figures-h').scrollIntoView();
        });
      }
    });
    window.addEventListener('resize', function () { map.invalidateSize(); });
    setOpen(!phone.matches);
    return phone.matches;
  }

  /* Labels never cover one another or a control: after each change of view, a label that
     would overlap a label of a more important layer, or any control, is hidden. */
  var LABEL_ORDER = ['industrial_areas', 'roads', 'district', 'admin_2025', 'context'];
  var relabel = function () {};

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function shown(node) {
    return node.checkVisibility ? node.checkVisibility() : node.offsetParent !== null;
  }

  function declutter(map) {
    var frame = map.getContainer().getBoundingClientRect();
    var blockers = [];
    document.querySelectorAll('.leaflet-control, #tl-offline-note, #tl-panel').forEach(function (node) {
      if (shown(node)) { blockers.push(node.getBoundingClientRect()); }
    });
    var labels = Array.prototype.slice.call(map.getPane('tl-labels').querySelectorAll('.tl-label'));
    function rank(label) {
      for (var i = 0; i < LABEL_ORDER.length; i += 1) {
        if (label.classList.contains('tl-label-' + LABEL_ORDER[i])) { return i; }
      }
      return LABEL_ORDER.length;
    }
    labels.sort(function (a, b) { return rank(a) - rank(b); });
    var placed = [];
    labels.forEach(function (label) {
      label.style.visibility = '';
      var box = (label.firstElementChild || label).getBoundingClientRect();  // the text, not its 0×0 anchor
      var inside = box.left >= frame.left && box.right <= frame.right &&
        box.top >= frame.top && box.bottom <= frame.bottom;
      var clear = inside && !placed.concat(blockers).some(function (other) { return overlaps(box, other); });
      if (clear) { placed.push(box); } else { label.style.visibility = 'hidden'; }
    });
  }

  function keepLabelsClear(map) {
    var pending = false;
    relabel = function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; declutter(map); });
    };
    map.on('zoomend moveend overlayadd overlayremove resize', relabel);
    document.getElementById('tl-legend').addEventListener('click', relabel);
    translated(relabel);
  }

  /* folium's viewport forbids zooming the page (user-scalable=no): keep the page's own. */
  function allowPinchZoom() {
    var metas = document.querySelectorAll('meta[name="viewport"]');
    for (var i = 0; i < metas.length - 1; i += 1) { metas[i].remove(); }
  }

  function init(map, parts) {
    var cfg = data().config;
    allowPinchZoom();
    var links = null;
    document.body.classList.add('tl');
    setupLanguage(function () { if (links) { links.write(); } });
    var phone = setupPanel(map, cfg.texts);
    cfg.attributionHtml.forEach(function (html) { map.attributionControl.addAttribution(html); });
    L.control.scale({imperial: false, maxWidth: 140}).addTo(map);
    addFullscreen(map, cfg.texts);
    addMeasure(map, cfg.texts);
    addSearch(map, cfg.texts);
    addCopyLink(map, cfg.texts);
    translateLeafletControls(map, cfg.texts);
    addLegend(map, phone);
    watchBasemaps(map, parts.tiles, parts.blank);
    map.setMaxBounds(L.latLngBounds(cfg.maxBounds).pad(0.1));
    map.invalidateSize();
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
    var state = readHash(window.location.hash, Object.keys(parts.layers));
    if (!state.view) { window.thanhLiemMap.home(); }
    applyState(map, parts.layers, state);
    keepLabelsClear(map);
    declutter(map);
    links = setupLinks(map, parts.layers, state.feature);
    if (window.location.hash) { links.write(); }
    document.body.setAttribute('data-ready', 'true');
  }

  window.thanhLiem = {featureLayer: featureLayer, init: init, fold: fold};
}());
