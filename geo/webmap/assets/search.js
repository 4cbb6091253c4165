/* thanh-liem-map: search by name — a button that opens a field, the matching names as a
 * list to pick from, and the feature picked shown with its popup (MIT licence).
 *
 * Names are data: they become text nodes only, and records stay in the array
 * `thanhLiem.records`, so a feature named `__proto__` or `constructor` is found like any.
 */
(function () {
  'use strict';

  var T = window.thanhLiem;
  var LIMIT = 12;

  function el(tag, cls, parent) { return L.DomUtil.create(tag, cls, parent); }

  /* Records whose name or aliases hold the query, diacritics and đ folded; those whose
     name starts with it first. */
  function matches(text) {
    var query = T.fold(text).trim();
    if (!query) { return []; }
    var first = [];
    var then = [];
    T.records.forEach(function (r) {
      var name = T.fold(r.key);
      if (name.indexOf(query) === 0) {
        first.push(r);
      } else if ((name + ' ' + T.fold(r.alt)).indexOf(query) !== -1) {
        then.push(r);
      }
    });
    return first.concat(then).slice(0, LIMIT);
  }

  /* Turn the feature's layer on, bring it into view and open its popup. */
  function show(map, r) {
    if (!map.hasLayer(r.group)) { map.addLayer(r.group); }
    if (r.layer.getBounds) {
      map.fitBounds(r.layer.getBounds(), {maxZoom: 13, padding: [24, 24], animate: false});
    } else {
      map.setView(r.layer.getLatLng(), Math.max(map.getZoom(), 13), {animate: false});
    }
    r.layer.openPopup();
  }

  function addSearch(map, texts) {
    var box = el('div', 'leaflet-bar tl-search');
    var field = el('div', 'tl-search-field', box);
    var input = el('input', 'tl-search-input', field);
    var clear = el('button', 'tl-search-clear', field);
    var list = el('ul', 'tl-search-list', field);
    var none = el('p', 'tl-search-none', field);
    var button = el('a', 'tl-search-button', box);
    var found = [];
    var active = -1;

    box.setAttribute('role', 'search');
    input.type = 'text';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', 'tl-search-list');
    list.id = 'tl-search-list';
    list.setAttribute('role', 'listbox');
    clear.type = 'button';
    clear.textContent = '×';
    none.setAttribute('role', 'status');
    button.href = '#';
    button.setAttribute('role', 'button');
    T.titled(button, texts.searchPlaceholder);
    T.titled(clear, texts.searchCancel);
    T.translated(function (lang) {
      var i = lang === 'en' ? 1 : 0;
      input.placeholder = texts.searchPlaceholder[i];
      input.setAttribute('aria-label', input.placeholder);
      none.textContent = texts.searchNotFound[i];
    });

    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (option, n) {
        option.setAttribute('aria-selected', String(n === i));
      });
      if (i < 0) { input.removeAttribute('aria-activedescendant'); return; }
      var li = list.children[i];
      var top = li.offsetTop;
      input.setAttribute('aria-activedescendant', li.id);
      /* Scroll the list only (scrollIntoView could scroll the map's container too). */
      list.scrollTop = Math.min(top, Math.max(list.scrollTop, top + li.offsetHeight - list.clientHeight));
    }

    function render() {
      found = matches(input.value);
      list.textContent = '';
      found.forEach(function (r, n) {
        var li = el('li', '', list);
        li.id = 'tl-search-' + n;
        li.setAttribute('role', 'option');
        li.tabIndex = -1;
        li.textContent = r.key;
        L.DomEvent.on(li, 'click', function () { pick(n); });
      });
      list.hidden = !found.length;
      none.hidden = found.length > 0 || !input.value.trim();
      input.setAttribute('aria-expanded', String(!list.hidden));
      highlight(-1);
    }

    function open(on) {
      field.hidden = !on;
      box.classList.toggle('tl-open', on);
      button.setAttribute('aria-expanded', String(on));
      if (on) { input.focus(); } else { input.value = ''; render(); }
    }

    function pick(n) {
      var r = found[n];
      if (!r) { return; }
      open(false);
      button.focus();
      show(map, r);
    }

    L.DomEvent.on(input, 'input', render);
    L.DomEvent.on(field, 'keydown', function (e) {
      var n = found.length;
      if (e.key === 'Escape') {
        open(false);
        button.focus();
      } else if (e.target !== input) {
        return;  // Enter on the clear button clears
      } else if (e.key === 'ArrowDown' && n) {
        highlight((active + 1) % n);
      } else if (e.key === 'ArrowUp' && n) {
        highlight((active > 0 ? active : n) - 1);
      } else if (e.key === 'Enter') {
        pick(Math.max(active, 0));
      } else {
        return;
      }
      L.DomEvent.preventDefault(e);
      L.DomEvent.stopPropagation(e);
    });
    L.DomEvent.on(clear, 'click', function () { input.value = ''; render(); input.focus(); });
    L.DomEvent.on(button, 'click', function (e) {
      L.DomEvent.preventDefault(e);
      open(field.hidden);
    });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    map.on('click', function () { if (!field.hidden) { open(false); } });

    var Search = L.Control.extend({
      options: {position: 'topright'},
      onAdd: function () { return box; }
    });
    open(false);
    new Search().addTo(map);
  }

  window.thanhLiemSearch = {addSearch: addSearch};
}());
