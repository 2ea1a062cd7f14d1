/* The policy map: loads the map's GeoJSON, shades each place by its category, and wires the
 * legend counts, hover, popups, place search and embed-code copy. Every text from the data is
 * set with textContent, never as HTML. Started by django-leaflet through window.policyMapInit. */
(function () {
  "use strict";

  var configNode = document.getElementById("map-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var labels = config.labels;

  // The map data is asked for as soon as this script runs, not when django-leaflet sets the
  // map up at the window's load event, and at the address and in the request mode of the
  // page's preload link, so the download the browser began with the page is the one used.
  var features = fetch(config.featuresSrc).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  });
  // Handled in policyMapInit; this keeps a failure from being reported before then.
  features.catch(function () {});

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
    return p.kind === "state" || !p.state ? p.name : p.name + ", " + p.state;
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
    fact(labels.summary, p.summary);
    fact(labels.effective, formatDate(p.effective_date));
    fact(labels.lastVerified, formatDate(p.last_verified));
    if (isWebLink(p.source_url)) {
      var source = el("a", p.source_title || p.source_url);
      source.href = p.source_url;
      source.rel = "noopener";
      source.target = "_blank";
      fact(labels.source, source);
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
    var holder = svgNode("svg", { width: 0, height: 0, "aria-hidden": "true", focusable: "false" });
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
      if (id && featureLayer._path) featureLayer._path.style.fill = "url(#" + id + ")";
    });
  }

  function updateLegend(features) {
    var counts = {};
    features.forEach(function (f) {
      if (f.properties.kind === "agency" && !f.properties.category) return;
      var key = f.properties.category || "";
      counts[key] = (counts[key] || 0) + 1;
    });
    document.querySelectorAll(".map-legend li[data-category]").forEach(function (item) {
      var count = item.querySelector(".legend-count");
      if (count) count.textContent = String(counts[item.dataset.category] || 0);
    });
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

  function withPopup(featureLayer) {
    if (!featureLayer.getPopup()) {
      featureLayer.bindPopup(function () {
        return popupContent(featureLayer.feature.properties);
      }, popupOptions());
    }
    return featureLayer;
  }

  // Place search. A query is a GEOID ("48201"), a name ("harris", "Harris County"), or a
  // name followed by a state code ("Harris County, TX", "Harris TX"). More than one match is
  // never resolved silently: the matches are offered, each with its state.
  function normalize(text) {
    return (text || "").toLowerCase().replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
  }

  function matchPlaces(places, query, states) {
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

  function placeCombobox(form, places, states, open) {
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
      var matches = matchPlaces(places, input.value, states);
      offer(matches, false);
      status.textContent = input.value.trim() && !matches.length ? labels.notFound : "";
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
    });
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
      button.addEventListener("click", function () {
        map.fitBounds(inset.bounds, { animate: !still });
      });
    });
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
        var places = [];
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
            places.push({
              geoid: p.geoid, name: p.name, state: p.state, kind: p.kind,
              key: normalize(p.name), label: placeName(p), layer: featureLayer
            });
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
        layer.addTo(map);
        applyPatterns(layer);
        addInsets(map, data, mainBounds, still);
        // Agency dots above the shapes.
        layer.eachLayer(function (featureLayer) {
          if (featureLayer.feature.properties.kind === "agency") featureLayer.bringToFront();
        });
        var search = document.querySelector(".place-search");
        if (search) placeCombobox(search, places, states, function (found) { openPlace(found, true); });
        // On a map of agreements the legend counts agreements (from the server), not places.
        if (!config.severalCategories) updateLegend(data.features);
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

    var loadTable = function (url, focusSelector) {
      tableSection.setAttribute("aria-busy", "true");
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (text) {
          var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("map-table");
          if (!fresh) throw new Error("no table");
          tableSection.replaceChildren.apply(tableSection, Array.prototype.map.call(
            fresh.childNodes, function (node) { return document.importNode(node, true); }
          ));
          history.pushState({ mapTable: true }, "", url);
          tableSection.removeAttribute("aria-busy");
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
      if (event.state && event.state.mapTable) window.location.reload();
    });
    history.replaceState({ mapTable: true }, "", window.location.href);
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
