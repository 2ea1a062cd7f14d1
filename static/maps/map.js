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
      if (p.url) {
        var more = el("a", labels.details, "popup-details");
        more.href = p.url;
        root.appendChild(more);
      }
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
    if (p.url) {
      var details = el("a", labels.details, "popup-details");
      details.href = p.url;
      root.appendChild(details);
    }
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

  function withPopup(featureLayer) {
    if (!featureLayer.getPopup()) {
      featureLayer.bindPopup(function () {
        return popupContent(featureLayer.feature.properties);
      }, { maxWidth: 320 });
    }
    return featureLayer;
  }

  window.policyMapInit = function (map) {
    // Visitors who ask for less motion get the jump to a place without the zoom animation.
    var still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var byName = {};
    var layer = null;
    var datalist = document.getElementById("place-names");
    setStatus(labels.loading);

    features
      .then(function (data) {
        layer = L.geoJSON(data, {
          style: baseStyle,
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 5 });
          },
          onEachFeature: function (feature, featureLayer) {
            byName[placeName(feature.properties).toLowerCase()] = featureLayer;
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
        // The view is set before the shapes are drawn, so they are drawn once, not twice.
        var shaded = L.featureGroup();
        layer.eachLayer(function (featureLayer) {
          if (featureLayer.feature.properties.category) shaded.addLayer(featureLayer);
        });
        if (shaded.getLayers().length) {
          map.fitBounds(shaded.getBounds(), { maxZoom: 7, padding: [10, 10], animate: false });
        }
        layer.addTo(map);
        // Agency dots above the shapes.
        layer.eachLayer(function (featureLayer) {
          if (featureLayer.feature.properties.kind === "agency") featureLayer.bringToFront();
        });
        if (datalist) {
          var fragment = document.createDocumentFragment();
          data.features.forEach(function (f) {
            var option = document.createElement("option");
            option.value = placeName(f.properties);
            fragment.appendChild(option);
          });
          datalist.replaceChildren(fragment);
        }
        // On a map of agreements the legend counts agreements (from the server), not places.
        if (!config.severalCategories) updateLegend(data.features);
        setStatus("");
        map.getContainer().dataset.loaded = "true";
        if (!document.documentElement.dataset.mapReady) {
          document.documentElement.dataset.mapReady = String(performance.now());
        }
      })
      .catch(function () {
        setStatus(labels.failed);
      });

    var search = document.querySelector(".place-search");
    if (search) {
      search.addEventListener("submit", function (event) {
        var input = search.querySelector("input[type=search]");
        var status = search.querySelector(".search-status");
        var wanted = input.value.trim().toLowerCase();
        if (!wanted || !layer) return;
        var found = byName[wanted];
        if (!found) {
          var names = Object.keys(byName).filter(function (name) { return name.indexOf(wanted) !== -1; });
          if (names.length) found = byName[names.sort()[0]];
        }
        event.preventDefault();
        if (!found) {
          status.textContent = labels.notFound;
          return;
        }
        status.textContent = "";
        if (found.getBounds) {
          map.fitBounds(found.getBounds(), { maxZoom: 8, animate: !still });
          withPopup(found).openPopup(found.getBounds().getCenter());
        } else {
          map.setView(found.getLatLng(), 8, { animate: !still });
          withPopup(found).openPopup();
        }
        document.getElementById("policy-map").scrollIntoView({ block: "nearest" });
      });
    }
  };

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
