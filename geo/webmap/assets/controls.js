/* thanh-liem-map: the map's controls — full screen, legend, the offline fallback, the panel
 * and the copy-link button — each in the reader's language (MIT licence). search.js adds
 * the search, measure.js the measuring tool.
 */
(function () {
  'use strict';

  var T = window.thanhLiem;
  var PHONE = T.phone;
  var translated = T.translated;
  var titled = T.titled;
  function relabel() { T.relabel(); }

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
        close.title = texts.closePopup[T.language() === 'en' ? 1 : 0];
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

  /* Basemap tiles are the only network use: the first basemap is added here, after the
     first picture. When tiles cannot load, switch to the blank base layer (a plain
     background under the district, context and labels) and say so. */
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
    if (navigator.onLine === false) { goOffline(); } else { map.addLayer(tiles[0]); }
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
    toggle.setAttribute('aria-expanded', String(document.body.classList.contains('tl-panel-open')));
  }


  window.thanhLiemControls = {
    addFullscreen: addFullscreen,
    translateLeafletControls: translateLeafletControls,
    addLegend: addLegend,
    watchBasemaps: watchBasemaps,
    addCopyLink: addCopyLink,
    setupPanel: setupPanel
  };
}());
