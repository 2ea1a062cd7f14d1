/* The small map on a jurisdiction's page: its boundary, or its location for an agency. */
(function () {
  "use strict";
  window.jurisdictionMapInit = function (map) {
    var node = document.getElementById("jurisdiction-geometry");
    if (!node) return;
    var geometry = JSON.parse(node.textContent);
    var layer = L.geoJSON(geometry, {
      style: { color: "#073763", weight: 2, fillColor: "#0b5394", fillOpacity: 0.3 },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#073763", fillColor: "#0b5394", fillOpacity: 0.8 });
      }
    }).addTo(map);
    if (geometry.type === "Point") {
      map.setView(layer.getLayers()[0].getLatLng(), 9);
    } else {
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    }
  };
})();
