/* thanh-liem-map: popups, labels and point symbols, built in the page from each feature's
 * properties and the page's vocabulary (MIT licence).
 *
 * Text from the data only ever becomes a text node or an attribute value: nothing here
 * assigns innerHTML. Every text exists in Vietnamese and English (`.l-vi` / `.l-en`); the
 * page shows one language at a time.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) { node.setAttribute(name, attrs[name]); }
    });
    append(node, children);
    return node;
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined || child === '') { return; }
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  /* The same thing in both languages; a missing side takes the other. */
  function bi(vi, en) {
    var fragment = document.createDocumentFragment();
    fragment.appendChild(el('span', {'class': 'l-vi', lang: 'vi'}, vi === '' || vi === null ? en : vi));
    fragment.appendChild(el('span', {'class': 'l-en', lang: 'en'}, en === '' || en === null ? vi : en));
    return fragment;
  }

  function pair(texts) { return bi(texts[0], texts[1]); }

  function decimals(value) {
    var text = String(value);
    if (/e/i.test(text)) { return 2; }
    var dot = text.indexOf('.');
    return dot < 0 ? 0 : text.length - dot - 1;
  }

  /* Vietnamese writes 30.640 and 28,7; English 30,640 and 28.7. */
  function number(value, lang, places) {
    var text = Number(value).toFixed(places === undefined ? decimals(value) : places);
    var parts = text.split('.');
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
    return parts[1] ? whole + (lang === 'vi' ? ',' : '.') + parts[1] : whole;
  }

  function accuracy(metres, lang) {
    if (metres < 1000) { return '± ' + Math.round(metres) + ' m'; }
    return '± ' + number(Math.round(metres / 100) / 10, lang) + ' km';
  }

  function withUnit(text, unit) {
    if (!unit) { return text; }
    return unit.charAt(0) === '%' ? text + unit : text + '\u00a0' + unit;
  }

  function quantity(value, unit, vocab, factId) {
    return el('span', {'class': 'tl-num', 'data-value': String(value), 'data-fact': factId || null},
      bi(withUnit(number(value, 'vi'), unit), withUnit(number(value, 'en'), vocab.units[unit] || unit)));
  }

  function accuracySpan(metres) {
    return el('span', {'data-accuracy': String(metres)}, bi(accuracy(metres, 'vi'), accuracy(metres, 'en')));
  }

  function basisOf(props, vocab) {
    var key = String(props.location_basis || '').split(':')[0].trim();
    return vocab.bases[key] || null;
  }

  function dateText(value) {
    var parts = String(value || '').split('-');
    return parts.length === 3 ? parts[2] + '/' + parts[1] + '/' + parts[0] : String(value || '');
  }

  /* --- popups ------------------------------------------------------------------------ */

  function row(label, value) { return value ? [label, value] : null; }

  function field(props, name) {
    var value = props[name];
    return value === null || value === undefined || value === '' ? null : el('span', {'data-field': name}, String(value));
  }

  function measured(props, name, unit, vocab) {
    var value = props[name];
    if (typeof value !== 'number') { return null; }
    return el('span', {'data-field': name}, quantity(value, unit, vocab));
  }

  function flagged(value, flag) {
    if (!value || !flag) { return value; }
    return append(el('span'), [value, ' ', el('strong', {'class': 'tl-flag'},
      bi('⚠ không khớp, xem ghi chú', '⚠ inconsistent, see note'))]);
  }

  function status(props, vocab) {
    var words = vocab.status[props.status];
    return words ? pair(words) : null;
  }

  var ROWS = {
    district: function (p, vocab) {
      var span = p.valid_from || p.valid_to ? dateText(p.valid_from) + ' – ' + dateText(p.valid_to) : null;
      var communes = p.commune_count === null || p.commune_count === undefined ? null : append(el('span'), [
        el('span', {'data-field': 'commune_count'}, String(p.commune_count)),
        p.communes ? el('details', {}, [el('summary', {}, bi('danh sách', 'list')), el('p', {}, p.communes)]) : null
      ]);
      return [
        row(['Ranh giới hiệu lực', 'Boundary in force'], span),
        row(['Diện tích đo trên bản đồ', 'Area measured on the map'], measured(p, 'area_km2_computed', 'km²', vocab)),
        row(['Diện tích chính thức', 'Official area'], measured(p, 'area_km2_official', 'km²', vocab)),
        row(['Số xã, thị trấn 2020–2025', 'Communes and towns 2020–2025'], communes),
        row(['Thay đổi năm 2013', 'Change in 2013'], p.change_2013_vi || p.change_2013_en ? bi(p.change_2013_vi, p.change_2013_en) : null),
        row(['Thay đổi năm 2025', 'Change in 2025'], p.change_2025_vi || p.change_2025_en ? bi(p.change_2025_vi, p.change_2025_en) : null)
      ];
    },
    context: function (p, vocab) {
      return [row(['Cấp hành chính', 'Administrative level'], vocab.unitTypes[p.unit_type] ? pair(vocab.unitTypes[p.unit_type]) : null)];
    },
    industrial_areas: function (p, vocab) {
      return [
        row(['Tình trạng', 'Status'], status(p, vocab)),
        row(['Diện tích', 'Area'], measured(p, 'area_ha', 'ha', vocab) || bi('chưa tìm được nguồn', 'no source found')),
        row(['Thuộc (2024)', 'Located in (2024)'], field(p, 'commune_2024_vi')),
        row(['Từ 01/07/2025', 'From 1/07/2025'], field(p, 'commune_2025_vi'))
      ];
    },
    roads: function (p, vocab) {
      return [
        row(['Số hiệu', 'Reference'], field(p, 'ref')),
        row(['Chiều dài công bố', 'Published length'], measured(p, 'length_km_official', 'km', vocab)),
        row(['Chiều dài đường vẽ', 'Length of the drawn line'], measured(p, 'length_km_computed', 'km', vocab))
      ];
    },
    admin_2025: function (p, vocab) {
      return [
        row(['Tỉnh (từ 01/07/2025)', 'Province (from 1/07/2025)'], field(p, 'province_2025')),
        row(['Hợp thành từ', 'Formed from'], field(p, 'formed_from_2024')),
        row(['Trong đó thuộc Thanh Liêm', 'Of which from Thanh Liêm'], field(p, 'from_thanh_liem')),
        row(['Diện tích công bố', 'Published area'], flagged(measured(p, 'area_km2_published', 'km²', vocab), p.area_flag)),
        row(['Dân số công bố', 'Published population'], flagged(measured(p, 'population_published', '', vocab), p.population_flag)),
        row(['Điểm trên bản đồ là', 'The point is'], field(p, 'seat_vi'))
      ];
    }
  };

  function definitions(rows, css) {
    var items = rows.filter(Boolean);
    if (!items.length) { return null; }
    var list = el('dl', {'class': css});
    items.forEach(function (item) {
      list.appendChild(el('dt', {}, pair(item[0])));
      list.appendChild(el('dd', {}, item[1]));
    });
    return list;
  }

  function factsBlock(id, vocab) {
    var facts = vocab.facts.filter(function (fact) { return fact.features.indexOf(id) !== -1; });
    if (!facts.length) { return null; }
    return el('section', {'class': 'tl-pop-facts'}, [
      el('h4', {}, bi('Bài báo nêu', 'The article states')),
      el('ul', {}, facts.map(function (fact) {
        var value = fact.number === null
          ? el('span', {'data-fact': fact.id}, bi(fact.value_vi, fact.value_en))
          : quantity(fact.number, fact.unit, vocab, fact.id);
        return el('li', {}, [bi(fact.measure_vi, fact.measure_en), ': ', value, ' ',
          el('span', {'class': 'tl-para', title: 'đoạn ' + fact.paragraph + ' / paragraph ' + fact.paragraph}, '¶' + fact.paragraph)]);
      }))
    ]);
  }

  function basisBlock(props, vocab) {
    var basis = basisOf(props, vocab);
    if (!basis) { return null; }
    var previous = (props.previous_bases || []).map(function (before) {
      var was = basisOf(before, vocab);
      if (!was) { return null; }
      var far = typeof before.accuracy_m === 'number';
      return bi(was.label[0] + (far ? ' ' + accuracy(before.accuracy_m, 'vi') : ''),
        was.label[1] + (far ? ' ' + accuracy(before.accuracy_m, 'en') : ''));
    }).filter(Boolean);
    return el('div', {'class': 'tl-pop-basis', 'data-basis': basis.key}, [
      el('p', {}, [el('strong', {}, pair(basis.label)), ': ', pair(basis.explain)]),
      previous.length ? el('p', {'class': 'tl-pop-previous'}, [bi('Trước đây: ', 'Previously: ')].concat(
        previous.map(function (item, index) { return index ? [', ', item] : item; }).flat())) : null
    ]);
  }

  function provenance(props) {
    var rows = [
      row(['Cách xác định vị trí (nguyên văn)', 'How the position was obtained (as recorded)'],
        el('span', {'data-field': 'location_basis', lang: 'en'}, String(props.location_basis || '—'))),
      row(['Sai số vị trí', 'Position uncertainty'],
        typeof props.accuracy_m === 'number' ? accuracySpan(props.accuracy_m) : bi('không có vị trí', 'no position')),
      row(['Nguồn (nguyên văn)', 'Source (as recorded)'], el('span', {'data-field': 'source'}, String(props.source || '—')))
    ];
    if (props.contributor) { rows.push(row(['Người đóng góp', 'Contributor'], field(props, 'contributor'))); }
    return el('details', {'class': 'tl-pop-details'}, [
      el('summary', {}, bi('chi tiết kỹ thuật', 'technical details')),
      definitions(rows, 'tl-pop-prov')
    ]);
  }

  function card(layer, feature, vocab) {
    var p = feature.props;
    var kind = vocab.kinds[feature.kind] || [feature.kind, feature.kind];
    var where = typeof p.accuracy_m === 'number'
      ? [' · ', el('span', {'class': 'tl-pop-where'}, [bi('vị trí ', 'position '), accuracySpan(p.accuracy_m)])]
      : [];
    var rows = (ROWS[layer] || function () { return []; })(p, vocab);
    var more = layer === 'district'
      ? el('p', {'class': 'tl-pop-facts'}, el('button', {type: 'button', 'class': 'tl-open-panel'},
        bi('Số liệu của bài báo về huyện ›', "The article's figures for the district ›")))
      : factsBlock(feature.id, vocab);
    return el('article', {'class': 'tl-pop', 'data-feature': feature.id, 'data-layer': layer}, [
      el('h3', {'class': 'tl-pop-title'}, bi(p.name_vi || feature.id, p.name_en || p.name_vi || feature.id)),
      el('p', {'class': 'tl-pop-kind'}, [pair(kind)].concat(where)),
      basisBlock(p, vocab),
      feature.sources && feature.sources[0] ? el('p', {'class': 'tl-pop-sources'}, [
        el('strong', {}, bi('Nguồn', 'Sources')), ': ', pair(feature.sources)
      ]) : null,
      definitions(rows, 'tl-pop-attrs'),
      p.note_vi || p.note_en ? el('p', {'class': 'tl-pop-note'}, bi(p.note_vi, p.note_en)) : null,
      more,
      provenance(p)
    ]);
  }

  /* --- labels and symbols ------------------------------------------------------------ */

  function shortName(name, vocab) {
    var short = vocab.labelAbbreviations;
    for (var term in short) {
      if (name.indexOf(term + ' ') === 0) { return short[term] + name.slice(term.length); }
    }
    return name;
  }

  /* Roads by their reference, with the basis' qualifier when the line is not the real route
     (`ĐT495B (sơ đồ)`); the district in both languages; places by their Vietnamese names. */
  function label(layer, feature, vocab) {
    var p = feature.props;
    var name = shortName(String(p.name_vi || feature.id), vocab);
    if (layer === 'roads') {
      var ref = String(p.ref || name);
      var basis = basisOf(p, vocab);
      if (basis && basis.qualifier) {
        return el('span', {}, bi(ref + ' (' + basis.qualifier[0] + ')', ref + ' (' + basis.qualifier[1] + ')'));
      }
      return el('span', {}, ref);
    }
    if (layer === 'district') { return el('span', {}, bi(name, String(p.name_en || name))); }
    return el('span', {}, name);
  }

  function symbol(style, feature) {
    var size = style.size;
    var width = style.width;
    var half = width / 2;
    var svg = document.createElementNS(SVG, 'svg');
    [['class', 'tl-symbol'], ['width', size], ['height', size], ['viewBox', '0 0 ' + size + ' ' + size],
      ['role', 'img'], ['data-id', feature.id]]  // named by thanh_liem.js, in the reader's language
      .forEach(function (attr) { svg.setAttribute(attr[0], String(attr[1])); });
    var shape;
    if (style.marker === 'square') {
      shape = document.createElementNS(SVG, 'rect');
      [['x', half], ['y', half], ['width', size - width], ['height', size - width]]
        .forEach(function (attr) { shape.setAttribute(attr[0], String(attr[1])); });
    } else if (style.marker === 'triangle') {
      shape = document.createElementNS(SVG, 'polygon');
      shape.setAttribute('points', [size / 2, half, size - half, size - half, half, size - half].join(' '));
    } else {
      shape = document.createElementNS(SVG, 'circle');
      [['cx', size / 2], ['cy', size / 2], ['r', (size - width) / 2]]
        .forEach(function (attr) { shape.setAttribute(attr[0], String(attr[1])); });
    }
    [['fill', style.fill || 'none'], ['fill-opacity', style.fillOpacity], ['stroke', style.stroke],
      ['stroke-width', width]].forEach(function (attr) { shape.setAttribute(attr[0], String(attr[1])); });
    svg.appendChild(shape);
    return svg;
  }

  window.thanhLiemCards = {card: card, label: label, symbol: symbol};
}());
