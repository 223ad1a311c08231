/* Sales points: the map (Leaflet, an enhancement over the list) and "near me".
   Everything here is optional: without JavaScript, without tiles or without a location, the
   list, the filters and every link still work. No inline script (Content-Security-Policy). */
(function () {
  "use strict";
  var COOKIE = "ocop_near";

  function tileLayer(el) {
    var layer = L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution });
    layer.on("tileerror", function () { el.classList.add("map--no-tiles"); });
    return layer;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function locatorMap(el) {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false }).setView([16.0, 106.0], 5);
    tileLayer(el).addTo(map);
    fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: 8, weight: 2, color: "#1b5e20",
              fillColor: feature.properties.open_now ? "#43a047" : "#9e9e9e", fillOpacity: 0.9,
            });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            marker.bindPopup('<a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.name) + "</a><br>" +
              escapeHtml(p.kind_label) + " · " + escapeHtml(p.open_now ? el.dataset.openLabel || "●" : el.dataset.closedLabel || "○"));
          },
        }).addTo(map);
        var bounds = layer.getBounds();
        if (el.dataset.origin) {
          var o = el.dataset.origin.split(",").map(Number);
          L.circleMarker(o, { radius: 6, color: "#0d47a1", fillOpacity: 1 }).addTo(map);
          bounds.extend(o);
        }
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      })
      .catch(function () { el.hidden = true; });
  }

  function pointMap(el) {
    el.hidden = false;
    var at = [Number(el.dataset.lat), Number(el.dataset.lng)];
    var map = L.map(el, { scrollWheelZoom: false }).setView(at, el.dataset.approximate ? 13 : 16);
    tileLayer(el).addTo(map);
    L.marker(at, { title: el.dataset.name, alt: el.dataset.name }).addTo(map);
  }

  function rememberLocation(lat, lng) {
    // Rounded to about 100 m, kept for a day, sent only to this site.
    document.cookie = COOKIE + "=" + lat.toFixed(3) + "," + lng.toFixed(3) + ";path=/;max-age=86400;samesite=lax";
  }

  function nearMe(button) {
    var status = document.querySelector("[data-near-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.hidden = false; status.textContent = button.dataset.waiting || "…"; }
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lng = position.coords.longitude;
        rememberLocation(lat, lng);
        if (button.hasAttribute("data-near-reload")) { window.location.reload(); return; }
        var form = button.form;
        ["lat", "lng"].forEach(function (name, i) {
          var input = form.querySelector('input[name="' + name + '"]');
          if (!input) { input = document.createElement("input"); input.type = "hidden"; input.name = name; form.appendChild(input); }
          input.value = (i ? lng : lat).toFixed(4);
        });
        var page = form.querySelector('input[name="page"]');
        if (page) page.remove();
        form.submit();
      }, function () {
        if (status) { status.hidden = false; status.textContent = button.dataset.refused || ""; }
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.L) {
      var locator = document.getElementById("locator-map");
      if (locator) locatorMap(locator);
      var point = document.getElementById("point-map");
      if (point) pointMap(point);
    }
    if ("geolocation" in navigator) document.querySelectorAll("[data-near-me]").forEach(nearMe);
  });
})();
