/* thanh-liem-map: measuring a distance on the map, with Leaflet alone (MIT licence).
 *
 * A button under the zoom buttons turns measuring on. Each click (or tap) on the map adds a
 * point to a dashed line whose running total shows at its last point; a click on the last
 * point ends the line (so does a double-click, whose second click lands there), and the next
 * click starts a new one. Escape or the button turns measuring off and clears the lines.
 * Distances are Leaflet's (`map.distance`: great circle on a sphere of radius 6,371 km).
 */
(function () {
  'use strict';

  var T = window.thanhLiem;
  var FINISH_PX = 12;  // a click this close to the last point ends the line

  /* "850 m"; "3,42 km" in Vietnamese, "3.42 km" in English. */
  function distanceText(metres, lang) {
    if (metres < 999.5) { return Math.round(metres) + '\u00a0m'; }
    var km = (metres / 1000).toFixed(2);
    return (lang === 'en' ? km : km.replace('.', ',')) + '\u00a0km';
  }

  function svg(name, attributes) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  /* Our lines, vertices and totals: in a pane above the features and their labels. */
  function style(options) {
    return L.extend({pane: 'tl-measure', interactive: false, color: '#1565c0', weight: 3, dashArray: '7 6'}, options);
  }

  function addMeasure(map, texts) {
    map.createPane('tl-measure').style.zIndex = '640';
    var drawn = L.layerGroup();
    var totals = [];  // the label of each line's total: a span holding `metres`
    var line = null;  // the line being drawn: {group, end, path, trail, total, label}
    var on = false;
    var hint = 'measureStart';
    var button, status;
    /* While on, a transparent sheet over the map takes the clicks: they reach the map as
       map clicks (Leaflet finds no layer under them) and never open a feature's popup. */
    var sheet = L.DomUtil.create('div', 'tl-measure-sheet', map.getContainer());
    sheet.hidden = true;

    function say(key) {
      hint = key;
      status.textContent = texts[key][T.language() === 'en' ? 1 : 0];
    }

    function render(lang) {
      var text = texts[on ? 'measureStop' : 'measure'][lang === 'en' ? 1 : 0];
      button.title = text;
      button.setAttribute('aria-label', text);
      button.setAttribute('aria-pressed', String(on));
      totals.forEach(function (span) { span.textContent = distanceText(span.metres, lang); });
      if (on) { say(hint); }
    }

    function addPoint(latlng) {
      if (line) {
        var metres = (line.total ? line.total.metres : 0) + map.distance(line.end, latlng);
        line.end = latlng;
        line.path.addLatLng(latlng);
        line.trail.setLatLngs([]);
        if (!line.total) {
          line.total = document.createElement('span');
          line.label = L.tooltip({permanent: true, direction: 'right', offset: [8, 0], className: 'tl-measure-total'})
            .setContent(line.total);
          totals.push(line.total);
        }
        line.total.metres = metres;
        line.total.textContent = distanceText(metres, T.language());
        line.label.setLatLng(latlng).addTo(line.group);
      } else {
        var group = L.layerGroup().addTo(drawn);
        line = {
          group: group, end: latlng, total: null,
          path: L.polyline([latlng], style({className: 'tl-measure-line'})).addTo(group),
          trail: L.polyline([], style({className: 'tl-measure-trail', opacity: 0.6})).addTo(group)
        };
        say('measureNext');
      }
      L.circleMarker(latlng, style({
        radius: 4, weight: 2, dashArray: null, fillColor: '#fff', fillOpacity: 1, className: 'tl-measure-point'
      })).addTo(line.group);
    }

    /* Ends the line being drawn; a line of one point is dropped. */
    function finish() {
      if (!line) { return; }
      line.group.removeLayer(line.trail);
      if (!line.total) { drawn.removeLayer(line.group); }
      line = null;
      say('measureDone');
    }

    function onClick(e) {
      if (line && map.latLngToContainerPoint(line.end).distanceTo(e.containerPoint) <= FINISH_PX) {
        finish();
      } else {
        addPoint(e.latlng);
      }
    }

    function onMove(e) {
      if (line) { line.trail.setLatLngs([line.end, e.latlng]); }
    }

    function onKey(e) {
      if (e.key === 'Escape') { setOn(false); }
    }

    function setOn(value) {
      on = value;
      var method = on ? 'on' : 'off';
      map[method]('click', onClick)[method]('mousemove', onMove);
      document[on ? 'addEventListener' : 'removeEventListener']('keydown', onKey);
      map.doubleClickZoom[on ? 'disable' : 'enable']();  // a double-click ends a line, not zoom
      sheet.hidden = status.hidden = !on;
      drawn.clearLayers().addTo(map);
      totals = [];
      line = null;
      hint = 'measureStart';
      map.closePopup();
      render(T.language());
    }

    var Measure = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function () {
        var box = L.DomUtil.create('div', 'leaflet-bar tl-measure');
        button = L.DomUtil.create('a', 'tl-measure-button', box);
        button.href = '#';
        button.setAttribute('role', 'button');
        var icon = svg('svg', {viewBox: '0 0 24 24', width: 18, height: 18, 'aria-hidden': 'true'});
        icon.appendChild(svg('path', {  // a ruler
          d: 'M2.5 16.5 16.5 2.5l5 5-14 14zM5.5 13.5l2 2M8.5 10.5l3 3M11.5 7.5l2 2M14.5 4.5l3 3',
          fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8, 'stroke-linejoin': 'round'
        }));
        button.appendChild(icon);
        status = L.DomUtil.create('div', 'tl-measure-hint', box);
        status.setAttribute('role', 'status');
        status.hidden = true;
        L.DomEvent.on(button, 'click keydown', function (e) {
          if (e.type === 'click' || e.key === ' ') {
            L.DomEvent.preventDefault(e);
            setOn(!on);
          }
        });
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new Measure().addTo(map);
    T.translated(render);
  }

  window.thanhLiemMeasure = {addMeasure: addMeasure};
}());
