/* thanh-liem-map: the view — links that reopen what the reader saw, and labels kept clear of
 * one another and of the controls (MIT licence).
 */
(function () {
  'use strict';

  var T = window.thanhLiem;
  var features = T.features;
  var setLang = T.setLang;
  var translated = T.translated;


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

  /* Everything a state says but the open popup: language, layers and view (the linked
     feature fitted when no view is given). */
  function applyView(map, layers, state) {
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
          map.setView(target.layer.getLatLng(), Math.max(map.getZoom() || 0, 12), {animate: false});
        }
      }
    }
  }

  function applyState(map, layers, state) {
    applyView(map, layers, state);
    if (state.feature) { features[state.feature].layer.openPopup(); }
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


  window.thanhLiemView = {
    readHash: readHash,
    applyView: applyView,
    applyState: applyState,
    setupLinks: setupLinks,
    declutter: declutter,
    keepLabelsClear: keepLabelsClear,
    relabel: function () { relabel(); }
  };
}());
