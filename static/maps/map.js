/* The policy map: loads the map's shapes (TopoJSON) and the shading of its date, shades each
 * place by its category, and wires the legend counts, hover, popups, place search, date
 * changes, PNG download and embed-code copy. Every text from the data is
 * set with textContent, never as HTML. Started by django-leaflet through window.policyMapInit. */
(function () {
  "use strict";

  var configNode = document.getElementById("map-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var labels = config.labels;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  // The map data is asked for as soon as this script runs, not when django-leaflet sets the
  // map up at the window's load event, and at the addresses and in the request mode of the
  // page's preload links, so the downloads the browser began with the page are the ones used.
  // The map page and the page of what changed ask for the map's shapes (TopoJSON, kept by
  // the browser for a year) and what the map shows on its date. The places' names, only the
  // place search needs, come apart once the map is drawn (see loadNames).
  // Set once the map is drawn: the map and its layer, and how to shade it for another date.
  var mapView = null;
  var restyle = null;
  var refreshTable = null;
  var features = Promise.all([getJSON(config.geometrySrc), getJSON(config.shadingSrc)]).then(function (both) {
    return { type: "FeatureCollection", features: topologyFeatures(both[0]), shading: both[1] };
  });
  // Handled in policyMapInit; this keeps a failure from being reported before then.
  features.catch(function () {});

  // The names of the map's places and agencies by GEOID, asked for once, when first needed.
  var names = null;
  function loadNames() {
    if (!names) {
      names = getJSON(config.namesSrc).then(function (body) {
        var all = {};
        Object.keys(body).forEach(function (kind) { Object.assign(all, body[kind]); });
        return all;
      });
      names.catch(function () { names = null; });
    }
    return names;
  }

  // TopoJSON to GeoJSON features: arcs are delta-encoded on a grid (see jurisdictions/topojson.py);
  // a negative arc index ~i is arc i backwards. Places and agencies get the properties the
  // rest of the script reads; their category comes from the shading of a date.
  function topologyFeatures(topology) {
    var t = topology.transform;
    var sx = t.scale[0], sy = t.scale[1], tx = t.translate[0], ty = t.translate[1];
    var arcs = topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) { x += p[0]; y += p[1]; return [x * sx + tx, y * sy + ty]; });
    });
    function ring(indexes) {
      var points = [];
      indexes.forEach(function (i, n) {
        var arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        points.push.apply(points, n ? arc.slice(1) : arc);
      });
      return points;
    }
    var out = [];
    [["places", config.level], ["agencies", "agency"]].forEach(function (pair) {
      var object = topology.objects[pair[0]];
      if (!object) return;
      object.geometries.forEach(function (g) {
        var geometry = null;
        if (g.type === "Polygon") geometry = { type: "Polygon", coordinates: g.arcs.map(ring) };
        else if (g.type === "MultiPolygon") {
          geometry = { type: "MultiPolygon", coordinates: g.arcs.map(function (p) { return p.map(ring); }) };
        } else if (g.type === "Point") {
          geometry = { type: "Point", coordinates: [g.coordinates[0] * sx + tx, g.coordinates[1] * sy + ty] };
        }
        if (!geometry) return;
        var props = g.properties || {};
        out.push({
          type: "Feature", id: g.id, geometry: geometry,
          properties: { geoid: g.id, name: props.name || "", state: props.state, kind: pair[1] }
        });
      });
    });
    return out;
  }

  // A date's shading onto the features' properties: category and colour, or none.
  function shade(featureList, shading) {
    featureList.forEach(function (f) {
      var index = shading.places[f.properties.geoid];
      var slug = index === undefined ? null : shading.categories[index];
      var look = slug ? (config.patterns || {})[slug] : null;
      f.properties.category = slug;
      f.properties.color = look ? look.color : null;
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function isWebLink(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url);
  }

  function formatDate(iso) {
    if (!iso) return "";
    var parts = iso.split("-");
    var date = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    try {
      return date.toLocaleDateString(document.documentElement.lang || undefined, {
        year: "numeric", month: "long", day: "numeric", timeZone: "UTC"
      });
    } catch (e) {
      return iso;
    }
  }

  function placeName(p) {
    if (!p.name) return "";
    return p.kind === "state" || !p.state ? p.name : p.name + ", " + p.state;
  }

  // A policy's text shown in English on a Spanish page, for want of a translation: the text
  // says its language to screen readers and a small label says it to everyone.
  function untranslatedMark(text, untranslated) {
    if (!text || !untranslated) return text;
    var wrap = document.createDocumentFragment();
    var span = el("span", text);
    span.lang = "en";
    wrap.appendChild(span);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(el("small", "(" + labels.untranslated + ")", "untranslated"));
    return wrap;
  }

  function agreementList(agreements) {
    var list = el("ul", null, "popup-agreements");
    agreements.forEach(function (a) {
      var item = el("li");
      item.appendChild(el("strong", a.agency));
      item.appendChild(document.createTextNode(
        " — " + a.category + ", " + labels.signed + " " + formatDate(a.effective_date) + " "
      ));
      if (isWebLink(a.source_url)) {
        var link = el("a", labels.agreement);
        link.href = a.source_url;
        link.rel = "noopener";
        link.target = "_blank";
        item.appendChild(link);
      }
      list.appendChild(item);
    });
    return list;
  }

  // The address of this map opened on one place: /maps/<slug>/?place=<geoid>[&as_of=...].
  function placeLink(geoid) {
    var query = "place=" + encodeURIComponent(geoid);
    if (config.asOfParam) query += "&as_of=" + encodeURIComponent(config.asOfParam);
    return config.mapUrl + "?" + query;
  }

  function popupLinks(root, p) {
    var links = el("p", null, "popup-links");
    if (p.url) {
      var details = el("a", labels.details, "popup-details");
      details.href = p.url;
      links.appendChild(details);
    }
    if (config.mapUrl && p.geoid) {
      var link = el("a", labels.placeLink, "popup-place-link");
      link.href = placeLink(p.geoid);
      links.appendChild(link);
    }
    if (config.correctionUrl && p.geoid) {
      var correction = el("a", labels.correction, "popup-correction");
      correction.href = config.correctionUrl + "&place=" + encodeURIComponent(p.geoid);
      links.appendChild(correction);
    }
    root.appendChild(links);
  }

  function popupContent(p) {
    var root = el("div", null, "map-popup");
    root.appendChild(el("h3", placeName(p)));
    var facts = el("dl");
    function fact(term, value) {
      if (!value) return;
      facts.appendChild(el("dt", term));
      var dd = el("dd");
      if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
      facts.appendChild(dd);
    }
    if (p.agreements && p.agreements.length) {
      // A map whose places hold several categories: every agency and agreement.
      root.appendChild(agreementList(p.agreements));
      popupLinks(root, p);
      return root;
    }
    fact(labels.category, p.category_label || labels.noPolicy);
    fact(labels.summary, untranslatedMark(p.summary, p.summary_untranslated));
    fact(labels.effective, formatDate(p.effective_date));
    fact(labels.lastVerified, formatDate(p.last_verified));
    if (isWebLink(p.source_url)) {
      var source = el("a", p.source_title || p.source_url);
      source.href = p.source_url;
      source.rel = "noopener";
      source.target = "_blank";
      var sourceFact = source;
      if (p.source_title && p.source_title_untranslated) {
        source.lang = "en";
        sourceFact = document.createDocumentFragment();
        sourceFact.appendChild(source);
        sourceFact.appendChild(document.createTextNode(" "));
        sourceFact.appendChild(el("small", "(" + labels.untranslated + ")", "untranslated"));
      }
      fact(labels.source, sourceFact);
    }
    root.appendChild(facts);
    popupLinks(root, p);
    return root;
  }

  // Places to outline (the changes page: places that changed between two dates).
  var highlighted = {};
  (config.highlight || []).forEach(function (geoid) { highlighted[geoid] = true; });

  function baseStyle(feature) {
    var p = feature.properties;
    var changed = highlighted[p.geoid] === true;
    return {
      className: "place place-" + p.geoid + (p.category ? " category-" + p.category : " no-policy") +
        (changed ? " place-changed" : ""),
      fillColor: p.color || config.noPolicyColor,
      fillOpacity: 0.85,
      color: changed ? "#000000" : "#ffffff",
      weight: changed ? 2.5 : (p.kind === "county" ? 0.4 : 1),
      opacity: 1
    };
  }

  // Patterns drawn over the colours (see maps/patterns.py), so categories differ without colour:
  // one SVG <pattern> per category, referenced from each shape's CSS fill. The fill attribute
  // keeps the plain colour for anything that reads it.
  var SVG = "http://www.w3.org/2000/svg";
  var MARKS = {
    diagonal: [["path", { d: "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", "stroke-width": 2 }]],
    reverse: [["path", { d: "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4", "stroke-width": 2 }]],
    horizontal: [["path", { d: "M0,4 h8", "stroke-width": 2 }]],
    vertical: [["path", { d: "M4,0 v8", "stroke-width": 2 }]],
    crosshatch: [["path", { d: "M0,8 l8,-8 M-2,2 l4,-4 M6,10 l4,-4 M0,0 l8,8 M-2,6 l4,4 M6,-2 l4,4", "stroke-width": 1.2 }]],
    dots: [["circle", { cx: 4, cy: 4, r: 1.6 }]]
  };
  var patternIds = {};

  function svgNode(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function definePatterns() {
    var patterns = config.patterns || {};
    var holder = svgNode("svg", {
      width: 0, height: 0, "aria-hidden": "true", focusable: "false", "class": "map-pattern-defs"
    });
    holder.style.position = "absolute";
    var defs = svgNode("defs", {});
    Object.keys(patterns).forEach(function (slug, index) {
      var look = patterns[slug];
      if (!MARKS[look.pattern]) return;
      var id = "map-pattern-" + index;
      var pattern = svgNode("pattern", { id: id, patternUnits: "userSpaceOnUse", width: 8, height: 8 });
      pattern.appendChild(svgNode("rect", { width: 8, height: 8, fill: look.color }));
      MARKS[look.pattern].forEach(function (mark) {
        var node = svgNode(mark[0], mark[1]);
        if (mark[0] === "circle") node.setAttribute("fill", look.mark);
        else node.setAttribute("stroke", look.mark);
        pattern.appendChild(node);
      });
      defs.appendChild(pattern);
      patternIds[slug] = id;
    });
    holder.appendChild(defs);
    document.body.appendChild(holder);
  }

  function applyPatterns(geoLayer) {
    geoLayer.eachLayer(function (featureLayer) {
      var id = patternIds[featureLayer.feature.properties.category];
      if (featureLayer._path) featureLayer._path.style.fill = id ? "url(#" + id + ")" : "";
    });
  }

  // A shape's look after its category changed: Leaflet sets a class only when it draws a path.
  function paint(featureLayer, geoLayer) {
    geoLayer.resetStyle(featureLayer);
    if (featureLayer._path) {
      var look = baseStyle(featureLayer.feature);
      var interactive = featureLayer.options.interactive === false ? "" : " leaflet-interactive";
      featureLayer._path.setAttribute("class", look.className + interactive);
    }
  }

  function setStatus(text) {
    var status = document.querySelector(".map-status");
    if (status) status.textContent = text || "";
  }

  // A popup never wider than the map less its margins, panned clear of the map's edges and of
  // the zoom control, so it is not cut off on a 375 px phone either.
  function popupOptions() {
    var node = document.getElementById("policy-map");
    var width = node ? node.clientWidth : 360;
    return {
      maxWidth: Math.max(180, Math.min(320, width - 70)),
      minWidth: Math.min(200, width - 70),
      autoPanPaddingTopLeft: L.point(50, 10),
      autoPanPaddingBottomRight: L.point(10, 10),
      keepInView: true
    };
  }

  // On the map page a popup asks for its place's details when it opens (agencies,
  // agreements, summary, sources and dates on the date shown); they are not in the map data.
  function placeDetails(featureLayer, done) {
    var p = featureLayer.feature.properties;
    var root = el("div", null, "map-popup");
    root.setAttribute("aria-busy", "true");
    if (p.name) root.appendChild(el("h3", placeName(p)));
    root.appendChild(el("p", labels.loadingPlace, "popup-loading"));
    var url = config.placeSrc.replace("__geoid__", encodeURIComponent(p.geoid)) + "?" +
      new URLSearchParams({ as_of: config.asOf, lang: config.lang }).toString();
    getJSON(url)
      .then(function (details) {
        var filled = popupContent(details);
        root.replaceChildren.apply(root, Array.prototype.slice.call(filled.childNodes));
      })
      .catch(function () {
        root.replaceChildren(el("h3", placeName(p) || p.geoid), el("p", labels.placeFailed, "popup-loading"));
      })
      .then(function () {
        root.removeAttribute("aria-busy");
        done(root);
      });
    return root;
  }

  // The details of the date shown into a place's popup; laid out again once they arrive, so
  // the popup grows to fit them and stays in view. Details that arrive after the popup has
  // moved on (closed, or asked again for another date) are dropped. Focus that was in the
  // popup goes to its new heading, not back to the page's start.
  function showDetails(featureLayer) {
    var popup = featureLayer.getPopup();
    var node = popup.getElement && popup.getElement();
    var hadFocus = !!(node && node.contains(document.activeElement));
    popup.setContent(placeDetails(featureLayer, function (root) {
      if (!popup.isOpen() || popup.getContent() !== root) return;
      popup.setContent(root);
      var heading = root.querySelector("h3");
      if (hadFocus && heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }));
  }

  function withPopup(featureLayer) {
    if (featureLayer.getPopup()) return featureLayer;
    // The details are asked for each time the popup opens, for the date shown then.
    featureLayer.bindPopup(el("div", null, "map-popup"), popupOptions());
    featureLayer.on("popupopen", function () { showDetails(featureLayer); });
    return featureLayer;
  }

  // Place search. A query is a GEOID ("48201"), a name ("harris", "Harris County"), or a
  // name followed by a state code ("Harris County, TX", "Harris TX"). More than one match is
  // never resolved silently: the matches are offered, each with its state.
  function normalize(text) {
    return (text || "").toLowerCase().replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
  }

  function matchPlaces(places, query, states) {
    if (typeof places === "function") places = places();
    var wanted = normalize(query);
    if (!wanted) return [];
    if (/^\d{2,}$/.test(wanted)) {
      return places.filter(function (place) { return place.geoid === wanted; });
    }
    var state = "";
    var words = wanted.split(" ");
    if (words.length > 1 && words[words.length - 1].length === 2 &&
        states[words[words.length - 1].toUpperCase()]) {
      state = words.pop().toUpperCase();
      wanted = words.join(" ");
    }
    var exact = [], starts = [], inside = [];
    places.forEach(function (place) {
      if (state && place.state !== state) return;
      if (place.key === wanted) exact.push(place);
      else if (place.key.indexOf(wanted) === 0) starts.push(place);
      else if (place.key.indexOf(" " + wanted) !== -1) inside.push(place);
    });
    return exact.concat(starts, inside);
  }

  function placeCombobox(form, places, states, open, ready) {
    var input = form.querySelector("input[type=search]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = form.querySelector(".search-status");
    var shown = [];
    var active = -1;
    var MAX = 10;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      shown = [];
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(place) {
      input.value = place.label;
      close();
      status.textContent = "";
      open(place.layer);
    }

    function offer(matches, announce) {
      list.replaceChildren();
      shown = matches.slice(0, MAX);
      active = -1;
      shown.forEach(function (place, i) {
        var option = el("li", null, "place-option");
        option.id = "place-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.appendChild(el("span", place.name, "place-option-name"));
        if (place.state && place.kind !== "state") {
          option.appendChild(el("span", place.state, "place-option-state"));
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(place); });
        list.appendChild(option);
      });
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
      if (announce) {
        status.textContent = matches.length > MAX
          ? labels.manyMatches.replace("%(count)s", matches.length).replace("%(shown)s", MAX)
          : labels.matches.replace("%(count)s", matches.length);
      }
    }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("list");

    input.addEventListener("input", function () {
      ready().then(function () {
        var matches = matchPlaces(places, input.value, states);
        offer(matches, false);
        status.textContent = input.value.trim() && !matches.length ? labels.notFound : "";
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!shown.length) offer(matchPlaces(places, input.value, states), false);
        if (!shown.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + shown.length) % shown.length);
      } else if (event.key === "Enter" && active >= 0 && shown[active]) {
        event.preventDefault();
        choose(shown[active]);
      } else if (event.key === "Escape" && shown.length) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ready().then(function () { submit(); });
    });

    function submit() {
      var matches = matchPlaces(places, input.value, states);
      if (!input.value.trim()) return;
      if (!matches.length) {
        close();
        status.textContent = labels.notFound;
        return;
      }
      var exact = matches.filter(function (place) {
        return normalize(place.label) === normalize(input.value) || place.geoid === input.value.trim();
      });
      if (matches.length === 1 || exact.length === 1) {
        choose(exact.length === 1 ? exact[0] : matches[0]);
        return;
      }
      // Several places answer to this name: offer them, open none.
      offer(matches, true);
      input.focus();
    }
  }

  // Alaska, Hawaii and the territories in small maps beside the lower 48 (the usual composite of
  // a US map), so every state and county is in view at once. Each inset is a button that zooms
  // the main map there; "Lower 48 states" brings it back. Returns the states drawn in insets.
  function insetStates() {
    var codes = {};
    (config.insets || []).forEach(function (inset) {
      inset.states.forEach(function (code) { codes[code] = inset; });
    });
    return codes;
  }

  var insetLayers = [];

  function addInsets(map, data, mainBounds, still) {
    var codes = insetStates();
    var wanted = (config.insets || []).filter(function (inset) {
      return data.features.some(function (f) { return inset.states.indexOf(f.properties.state) !== -1; });
    });
    if (!wanted.length) return;
    var holder = el("div", null, "map-insets");
    holder.setAttribute("role", "group");
    holder.setAttribute("aria-label", labels.insets);
    map.getContainer().insertAdjacentElement("afterend", holder);
    if (mainBounds) {
      var home = el("button", labels.mainland, "map-inset-home");
      home.type = "button";
      home.addEventListener("click", function () {
        map.fitBounds(mainBounds, { maxZoom: 7, padding: [10, 10], animate: !still });
      });
      holder.appendChild(home);
    }
    wanted.forEach(function (inset) {
      var box = el("div", null, "map-inset");
      box.dataset.inset = inset.key;
      var small = el("div", null, "map-inset-map");
      small.setAttribute("aria-hidden", "true");
      var button = el("button", inset.label, "map-inset-button");
      button.type = "button";
      button.setAttribute("aria-label", labels.showInset.replace("%(place)s", inset.label));
      box.appendChild(small);
      box.appendChild(button);
      holder.appendChild(box);
      button.addEventListener("click", function () {
        map.fitBounds(inset.bounds, { animate: !still });
      });
      // The boxes are laid out now (nothing moves later); their shapes are drawn in the next
      // task, so the main map answers first.
      window.setTimeout(function () { drawInset(small, inset, data, codes); }, 0);
    });
  }

  function drawInset(small, inset, data, codes) {
    var insetMap = L.map(small, {
      zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, tap: false,
      zoomSnap: 0, fadeAnimation: false, zoomAnimation: false
    });
    insetMap.fitBounds(inset.bounds, { animate: false });
    var insetLayer = L.geoJSON({
      type: "FeatureCollection",
      features: data.features.filter(function (f) { return codes[f.properties.state] === inset; })
    }, {
      style: baseStyle,
      interactive: false,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 3, interactive: false });
      }
    }).addTo(insetMap);
    applyPatterns(insetLayer);
    insetLayers.push(insetLayer);
  }

  window.policyMapInit = function (map) {
    definePatterns();
    // Visitors who ask for less motion get the jump to a place without the zoom animation.
    var still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var layer = null;
    setStatus(labels.loading);

    function openPlace(found, scroll) {
      if (found.getBounds) {
        map.fitBounds(found.getBounds(), { maxZoom: 8, animate: !still });
        withPopup(found).openPopup(found.getBounds().getCenter());
      } else {
        map.setView(found.getLatLng(), 8, { animate: !still });
        withPopup(found).openPopup();
      }
      if (scroll) document.getElementById("policy-map").scrollIntoView({ block: "nearest" });
    }

    features
      .then(function (data) {
        if (data.shading) shade(data.features, data.shading);
        var places = null;
        var byGeoid = {};
        var states = {};
        layer = L.geoJSON(data, {
          style: baseStyle,
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 5 });
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties;
            byGeoid[p.geoid] = featureLayer;
            if (p.state) states[p.state] = true;
          }
        });
        // One pair of hover listeners and popups bound on first use, for the whole layer:
        // thousands of counties each with their own cost a noticeable part of a second.
        layer.on("mouseover", function (event) {
          var featureLayer = event.propagatedFrom || event.layer;
          featureLayer.setStyle({ weight: 3, color: "#1b1b1b" });
          if (featureLayer.bringToFront && featureLayer.feature.properties.kind !== "agency") {
            featureLayer.bringToFront();
          }
        });
        layer.on("mouseout", function (event) {
          layer.resetStyle(event.propagatedFrom || event.layer);
        });
        layer.on("click", function (event) {
          // After the first click the place's own popup handler answers; this one binds it.
          var featureLayer = event.propagatedFrom || event.layer;
          if (!featureLayer.getPopup()) withPopup(featureLayer).openPopup(event.latlng);
        });
        // The view is set before the shapes are drawn, so they are drawn once, not twice. It
        // frames the shaded places outside the insets (the lower 48 on a national map).
        var inInset = insetStates();
        var shaded = L.featureGroup();
        var mainland = L.featureGroup();
        layer.eachLayer(function (featureLayer) {
          var p = featureLayer.feature.properties;
          if (inInset[p.state]) return;
          mainland.addLayer(featureLayer);
          if (p.category) shaded.addLayer(featureLayer);
        });
        var frame = shaded.getLayers().length ? shaded : mainland;
        var mainBounds = frame.getLayers().length ? frame.getBounds() : null;
        if (mainBounds) {
          map.fitBounds(mainBounds, { maxZoom: 7, padding: [10, 10], animate: false });
        }
        // Agencies are drawn on the dates they hold a policy; the geometry has every one.
        var agencyLayers = [];
        layer.eachLayer(function (featureLayer) {
          if (featureLayer.feature.properties.kind === "agency") agencyLayers.push(featureLayer);
        });
        agencyLayers.forEach(function (featureLayer) {
          if (!featureLayer.feature.properties.category) layer.removeLayer(featureLayer);
        });
        layer.addTo(map);
        applyPatterns(layer);
        addInsets(map, data, mainBounds, still);
        // Agency dots above the shapes.
        layer.eachLayer(function (featureLayer) {
          if (featureLayer.feature.properties.kind === "agency") featureLayer.bringToFront();
        });
        // The places to search, once their names are in (by GEOID alone until then).
        var named = function () {
          return loadNames().then(function (all) {
            if (places) return;
            places = Object.keys(byGeoid).map(function (geoid) {
              var featureLayer = byGeoid[geoid];
              var p = featureLayer.feature.properties;
              p.name = all[geoid] || p.name;
              return {
                geoid: geoid, name: p.name, state: p.state, kind: p.kind,
                key: normalize(p.name), label: placeName(p) || geoid, layer: featureLayer
              };
            });
          }, function () {});
        };
        var search = document.querySelector(".place-search");
        if (search) {
          var shown = function () {
            return (places || Object.keys(byGeoid).map(function (geoid) {
              var p = byGeoid[geoid].feature.properties;
              return { geoid: geoid, name: geoid, state: p.state, kind: p.kind, key: geoid, label: geoid, layer: byGeoid[geoid] };
            })).filter(function (place) { return layer.hasLayer(place.layer); });
          };
          placeCombobox(search, shown, states, function (found) { openPlace(found, true); }, named);
          // Asked for once the map is drawn, or at once when the search is used before then.
          search.addEventListener("focusin", named);
          window.setTimeout(named, 0);
        }
        mapView = { map: map, layer: layer };
        // Another date: new categories on the same shapes, redrawn in place.
        // An open popup stays open and shows the place on the new date (an agency without
        // an agreement then is taken off the map, and its popup with it).
        restyle = function (shading) {
          var open = null;
          layer.eachLayer(function (featureLayer) {
            if (featureLayer.isPopupOpen && featureLayer.isPopupOpen()) open = featureLayer;
          });
          shade(data.features, shading);
          agencyLayers.forEach(function (featureLayer) {
            var wanted = !!featureLayer.feature.properties.category;
            if (wanted && !layer.hasLayer(featureLayer)) layer.addLayer(featureLayer);
            else if (!wanted && layer.hasLayer(featureLayer)) layer.removeLayer(featureLayer);
          });
          layer.eachLayer(function (featureLayer) { paint(featureLayer, layer); });
          applyPatterns(layer);
          insetLayers.forEach(function (insetLayer) {
            insetLayer.eachLayer(function (featureLayer) { paint(featureLayer, insetLayer); });
            applyPatterns(insetLayer);
          });
          agencyLayers.forEach(function (featureLayer) {
            if (layer.hasLayer(featureLayer)) featureLayer.bringToFront();
          });
          if (open && layer.hasLayer(open) && open.isPopupOpen()) showDetails(open);
        };
        setStatus("");
        // A link to a place (?place=<geoid>) opens the map on it with its popup open.
        var wanted = new URLSearchParams(window.location.search).get("place");
        if (wanted) {
          if (byGeoid[wanted]) openPlace(byGeoid[wanted], false);
          else setStatus(labels.placeNotFound);
        }
        map.getContainer().dataset.loaded = "true";
        if (!document.documentElement.dataset.mapReady) {
          document.documentElement.dataset.mapReady = String(performance.now());
        }
      })
      .catch(function () {
        setStatus(labels.failed);
      });
  };

  // The table's filters, sorting and pages update the table in place: the address changes
  // (so the view can be shared and the back button works) and focus stays where it was.
  // Without scripts the same links and forms load the page.
  var tableSection = document.getElementById("map-table");
  if (tableSection && window.fetch && window.DOMParser && window.history && history.pushState) {
    var tableStatus = el("p", null, "visually-hidden");
    tableStatus.setAttribute("role", "status");
    tableSection.insertAdjacentElement("afterend", tableStatus);

    var loadTable = function (url, focusSelector, quiet) {
      tableSection.setAttribute("aria-busy", "true");
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (text) {
          var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("map-table");
          if (!fresh) throw new Error("no table");
          tableSection.replaceChildren.apply(tableSection, Array.prototype.map.call(
            fresh.childNodes, function (node) { return document.importNode(node, true); }
          ));
          tableSection.removeAttribute("aria-busy");
          // Refreshed for a new date: the address, focus and announcement are the date's.
          if (quiet) return;
          history.pushState({ mapTable: true, mapDate: config.asOf }, "", url);
          var count = tableSection.querySelector(".table-count");
          tableStatus.textContent = count ? count.textContent.trim() : "";
          var target = focusSelector && tableSection.querySelector(focusSelector);
          if (!target) {
            target = tableSection.querySelector("h2");
            if (target) target.setAttribute("tabindex", "-1");
          }
          if (target) target.focus();
        })
        .catch(function () { window.location.href = url; });
    };
    refreshTable = function (url) { loadTable(url, null, true); };

    tableSection.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("table-filter")) return;
      event.preventDefault();
      var active = document.activeElement;
      var focus = active && active.id ? "#" + active.id : ".table-filter button[type=submit]";
      var query = new URLSearchParams(new FormData(form)).toString();
      loadTable(window.location.pathname + "?" + query + "#map-table", focus);
    });
    tableSection.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var header = link.closest("thead th");
      var pager = link.closest(".pagination");
      if (!header && !pager) return;
      event.preventDefault();
      var focus = header
        ? "thead th:nth-child(" + (Array.prototype.indexOf.call(header.parentNode.children, header) + 1) + ") a"
        : null;
      loadTable(link.href, focus);
    });
    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.mapDate && restyle && dateError) showDate(event.state.mapDate, false);
      else if (event.state && event.state.mapTable) window.location.reload();
    });
    history.replaceState({ mapTable: true, mapDate: config.asOf }, "", window.location.href);
  }

  // Another date on the map page: only what the map shows that day is fetched; the shapes,
  // legend, table and links are updated in place, the address follows (shareable, and the
  // back button returns to the date before), focus stays on the date control and the new
  // date is announced. Without scripts, or before the map is drawn, the form loads the page.
  var asOfForm = document.querySelector(".as-of-form");
  var dateStatus = null;
  var dateError = null;
  if (asOfForm && window.history && history.pushState) {
    dateStatus = el("p", null, "visually-hidden");
    dateStatus.setAttribute("role", "status");
    dateStatus.setAttribute("aria-live", "polite");
    asOfForm.appendChild(dateStatus);
    dateError = el("p", null, "as-of-error");
    dateError.setAttribute("role", "alert");
    asOfForm.appendChild(dateError);
    asOfForm.addEventListener("submit", function (event) {
      if (!restyle) return;
      event.preventDefault();
      showDate(asOfForm.querySelector("input[name=as_of]").value, true);
    });
    if (!history.state || !history.state.mapDate) {
      history.replaceState({ mapDate: config.asOf }, "", window.location.href);
    }
    window.addEventListener("popstate", function (event) {
      if (!tableSection && event.state && event.state.mapDate && restyle) {
        showDate(event.state.mapDate, false);
      }
    });
  }

  function withDate(href, keepToday) {
    var url = new URL(href, window.location.href);
    if (config.asOfParam || keepToday) url.searchParams.set("as_of", config.asOfParam || config.asOf);
    else url.searchParams.delete("as_of");
    return url.origin === window.location.origin ? url.pathname + url.search + url.hash : url.href;
  }

  function updateDateLinks(previousUrl) {
    document.querySelectorAll(".layer-switcher a, .map-full-link").forEach(function (link) {
      link.setAttribute("href", withDate(link.getAttribute("href"), false));
    });
    document.querySelectorAll(".map-downloads a[href*='as_of=']").forEach(function (link) {
      link.setAttribute("href", withDate(link.getAttribute("href"), true));
    });
    var changesTo = document.getElementById("changes-to");
    if (changesTo) changesTo.value = config.asOf;
    document.querySelectorAll(".place-search input[name=as_of]").forEach(function (input) {
      input.remove();
    });
    var search = document.querySelector(".place-search");
    if (search && config.asOfParam) {
      var hidden = el("input");
      hidden.type = "hidden";
      hidden.name = "as_of";
      hidden.value = config.asOfParam;
      search.appendChild(hidden);
    }
    var source = document.querySelector(".print-source");
    var printUrl = config.pageUrl + (config.asOfParam ? "?as_of=" + config.asOfParam : "");
    if (source && previousUrl) source.textContent = source.textContent.replace(previousUrl, printUrl);
    return printUrl;
  }

  function updateCounts(counts) {
    document.querySelectorAll(".map-legend li[data-category]").forEach(function (item) {
      var count = item.querySelector(".legend-count");
      if (count) count.textContent = String(counts[item.dataset.category] || 0);
    });
  }

  function showDate(value, push) {
    var query = new URLSearchParams({ as_of: value || "", lang: config.lang }).toString();
    var input = asOfForm.querySelector("input[name=as_of]");
    asOfForm.setAttribute("aria-busy", "true");
    dateError.textContent = "";
    return fetch(config.placesSrc + "?" + query, { credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw body;
          return body;
        });
      })
      .then(function (shading) {
        var previousUrl = config.pageUrl + (config.asOfParam ? "?as_of=" + config.asOfParam : "");
        config.asOf = shading.as_of;
        config.asOfParam = shading.is_today ? "" : shading.as_of;
        restyle(shading);
        updateCounts(shading.counts);
        var showing = document.querySelector(".map-showing");
        if (showing) showing.textContent = shading.showing;
        input.value = shading.as_of;
        updateDateLinks(previousUrl);
        var params = new URLSearchParams(window.location.search);
        if (config.asOfParam) params.set("as_of", config.asOfParam);
        else params.delete("as_of");
        params.delete("page");
        params.delete("place");
        var address = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
        if (push) history.pushState({ mapTable: !!tableSection, mapDate: shading.as_of }, "", address);
        if (refreshTable) refreshTable(address);
        dateStatus.textContent = shading.showing;
        mapView.map.getContainer().dataset.asOf = shading.as_of;
      })
      .catch(function (problem) {
        dateError.textContent = problem && problem.as_of ? problem.as_of.join(" ") : labels.dateFailed;
      })
      .then(function () { asOfForm.removeAttribute("aria-busy"); });
  }

  // The current view as a PNG, made in the browser: the shapes (the map's SVG layer, with the
  // patterns) and the insets of Alaska, Hawaii and the territories where they are on screen,
  // the legend with its counts, the title, the date shown and the source. Base-map tiles are
  // left out: the shapes carry the information.
  function loadImage(svgText) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); };
      image.onerror = reject;
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText);
    });
  }

  function patternDefs() {
    var holder = document.querySelector("svg.map-pattern-defs defs");
    return holder ? new XMLSerializer().serializeToString(holder) : "";
  }

  function swatchSvg(slug) {
    var look = (config.patterns || {})[slug];
    var fill = look ? look.color : config.noPolicyColor;
    var id = patternIds[slug];
    return '<svg xmlns="' + SVG + '" width="16" height="16">' + patternDefs() +
      '<rect x="0.5" y="0.5" width="15" height="15" stroke="#555" fill="' + fill + '"' +
      (id ? ' style="fill:url(#' + id + ')"' : "") + "/></svg>";
  }

  function wrapText(ctx, text, width) {
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (ctx.measureText(next).width > width && line) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  // One Leaflet map's shapes as an image (its SVG layer, with the patterns' definitions), and
  // where it lies on screen.
  function layerImage(container) {
    var svg = container && container.querySelector(".leaflet-overlay-pane svg");
    if (!svg) return Promise.resolve(null);
    var shape = svg.getBoundingClientRect();
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", SVG);
    copy.removeAttribute("style");
    copy.setAttribute("width", String(shape.width));
    copy.setAttribute("height", String(shape.height));
    var defs = document.querySelector("svg.map-pattern-defs defs");
    if (defs) copy.insertBefore(defs.cloneNode(true), copy.firstChild);
    return loadImage(new XMLSerializer().serializeToString(copy)).then(function (image) {
      return { image: image, left: shape.left, top: shape.top };
    });
  }

  // The map and its insets (Alaska, Hawaii, the territories) laid out as on screen: each box
  // relative to the area they cover together, with its shapes and, for an inset, its name.
  function mapImage() {
    var container = mapView.map.getContainer();
    var box = container.getBoundingClientRect();
    var insets = Array.prototype.filter.call(document.querySelectorAll(".map-inset"), function (node) {
      return node.getClientRects().length > 0;
    });
    var area = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    insets.forEach(function (node) {
      var r = node.getBoundingClientRect();
      area.left = Math.min(area.left, r.left);
      area.top = Math.min(area.top, r.top);
      area.right = Math.max(area.right, r.right);
      area.bottom = Math.max(area.bottom, r.bottom);
    });
    function place(r) {
      return { x: r.left - area.left, y: r.top - area.top, w: r.width, h: r.height };
    }
    function shapes(loaded) {
      return loaded && { image: loaded.image, x: loaded.left - area.left, y: loaded.top - area.top };
    }
    var small = insets.map(function (node) { return node.querySelector(".map-inset-map"); });
    return Promise.all([layerImage(container)].concat(small.map(layerImage))).then(function (images) {
      return {
        width: area.right - area.left,
        height: area.bottom - area.top,
        main: Object.assign(place(box), { shapes: shapes(images[0]) }),
        insets: insets.map(function (node, index) {
          var label = node.querySelector(".map-inset-button");
          return Object.assign(place(node.getBoundingClientRect()), {
            map: place(small[index].getBoundingClientRect()),
            shapes: shapes(images[index + 1]),
            label: label ? label.textContent.trim() : ""
          });
        })
      };
    });
  }

  // Shapes drawn at (left, top) of the canvas, cut to their box.
  function drawShapes(ctx, shapes, clip, left, top) {
    if (!shapes) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left + clip.x, top + clip.y, clip.w, clip.h);
    ctx.clip();
    ctx.drawImage(shapes.image, left + shapes.x, top + shapes.y);
    ctx.restore();
  }

  function downloadPng() {
    var items = Array.prototype.slice.call(document.querySelectorAll(".map-legend li[data-category]"));
    return Promise.all([mapImage()].concat(items.map(function (item) {
      return loadImage(swatchSvg(item.dataset.category));
    }))).then(function (loaded) {
      var shot = loaded[0];
      var swatches = loaded.slice(1);
      var mapWidth = Math.round(shot.width);
      var mapHeight = Math.round(shot.height);
      var legendWidth = 280;
      var pad = 16;
      var scale = 2;
      var canvas = document.createElement("canvas");
      var ctx = canvas.getContext("2d");
      var width = mapWidth + legendWidth + pad * 3;
      var font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.font = "bold 22px " + font;
      var titleLines = wrapText(ctx, config.title, width - pad * 2);
      var header = pad + titleLines.length * 28 + 26;
      var legendHeight = 34 + items.length * 24;
      var height = header + Math.max(mapHeight, legendHeight) + 44;
      canvas.width = width * scale;
      canvas.height = height * scale;
      ctx.scale(scale, scale);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = "#1b1b1b";
      ctx.textBaseline = "top";
      ctx.font = "bold 22px " + font;
      titleLines.forEach(function (line, index) { ctx.fillText(line, pad, pad + index * 28); });
      ctx.font = "15px " + font;
      var updated = document.querySelector(".map-updated");
      ctx.fillText(updated ? updated.textContent.replace(/\s+/g, " ").trim() : config.asOf, pad,
        pad + titleLines.length * 28 + 4);
      var main = shot.main;
      ctx.fillStyle = "#eef2f6";
      ctx.fillRect(pad + main.x, header + main.y, main.w, main.h);
      drawShapes(ctx, main.shapes, main, pad, header);
      ctx.strokeStyle = "#c9ced6";
      ctx.strokeRect(pad + main.x + 0.5, header + main.y + 0.5, main.w - 1, main.h - 1);
      shot.insets.forEach(function (inset) {
        ctx.fillStyle = "#eef2f6";
        ctx.fillRect(pad + inset.x, header + inset.y, inset.w, inset.h);
        drawShapes(ctx, inset.shapes, inset.map, pad, header);
        ctx.strokeStyle = "#c9ced6";
        ctx.strokeRect(pad + inset.x + 0.5, header + inset.y + 0.5, inset.w - 1, inset.h - 1);
        ctx.fillStyle = "#1b1b1b";
        ctx.font = "11px " + font;
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        ctx.fillText(wrapText(ctx, inset.label, inset.w - 4)[0] || "", pad + inset.x + inset.w / 2,
          header + inset.y + inset.h - 2);
        ctx.textAlign = "start";
        ctx.textBaseline = "top";
      });
      var left = pad * 2 + mapWidth;
      ctx.fillStyle = "#1b1b1b";
      ctx.font = "bold 16px " + font;
      var legendTitle = document.getElementById("legend-title");
      ctx.fillText(legendTitle ? legendTitle.textContent.trim() : "", left, header);
      ctx.font = "14px " + font;
      items.forEach(function (item, index) {
        var top = header + 30 + index * 24;
        ctx.drawImage(swatches[index], left, top);
        var label = item.querySelector(".legend-label");
        var count = item.querySelector(".legend-count");
        var text = (label ? label.textContent.trim() : "");
        ctx.fillText(wrapText(ctx, text, legendWidth - 70)[0] || "", left + 24, top + 1);
        if (count) {
          var number = count.textContent.trim();
          ctx.fillText(number, left + legendWidth - ctx.measureText(number).width, top + 1);
        }
      });
      ctx.font = "13px " + font;
      ctx.fillStyle = "#4a4a4a";
      var source = document.querySelector(".print-source");
      var sourceText = source ? source.textContent.replace(/\s+/g, " ").trim() : config.siteName;
      ctx.fillText(sourceText, pad, height - 30);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); });
    }).then(function (blob) {
      var slug = config.mapUrl.split("/").filter(Boolean).pop();
      var link = el("a");
      link.href = URL.createObjectURL(blob);
      link.download = slug + "-" + config.asOf + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    });
  }

  var pngButton = document.querySelector(".download-png");
  if (pngButton && window.HTMLCanvasElement && window.XMLSerializer) {
    pngButton.hidden = false;
    pngButton.addEventListener("click", function () {
      if (!mapView) return;
      pngButton.setAttribute("aria-busy", "true");
      downloadPng()
        .catch(function () { setStatus(labels.imageFailed); })
        .then(function () { pngButton.removeAttribute("aria-busy"); });
    });
  }

  var printButton = document.querySelector(".print-map");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  var copy = document.querySelector(".copy-embed");
  if (copy) {
    copy.addEventListener("click", function () {
      var target = document.getElementById(copy.dataset.target);
      target.select();
      var done = function () { copy.textContent = labels.copied; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(target.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  }
})();
