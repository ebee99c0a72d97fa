/* newsfuse pages: position timeline ticks and draw the story map. No inline script
   (the Content-Security-Policy forbids it); data comes from data- attributes and JSON. */
(function () {
  "use strict";

  document.querySelectorAll(".tick[data-pos]").forEach(function (el) {
    el.style.left = Math.max(0, Math.min(100, parseFloat(el.dataset.pos) || 0)) + "%";
  });

  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  var map = L.map(box, { worldCopyJump: true, keyboard: true }).setView([30, 20], 2);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  getJSON(box.dataset.world).then(function (world) {
    var layer = L.geoJSON(world, {
      style: { color: "#8d99a6", weight: 0.8, fillColor: "#f7f5ef", fillOpacity: 1 },
      interactive: false
    }).addTo(map);
    layer.bringToBack();
  }).catch(function () { /* outlines are decoration; markers still show */ });

  getJSON(box.dataset.places).then(function (data) {
    var bounds = [], eventBounds = [];
    data.items.forEach(function (pl) {
      if (pl.lat === null || pl.lon === null) return;
      var marker = L.circleMarker([pl.lat, pl.lon], {
        radius: pl.role === "event" ? 8 : 6, weight: 2, color: "#fff",
        fillColor: pl.role === "event" ? "#c0392b" : "#2b6cb0", fillOpacity: 0.95
      });
      var popup = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = pl.name;
      popup.appendChild(name);
      var meta = document.createElement("div");
      meta.textContent = pl.role + " · " + pl.mentions + " mention" + (pl.mentions === 1 ? "" : "s");
      popup.appendChild(meta);
      marker.bindPopup(popup);
      marker.bindTooltip(pl.name);
      marker.options.title = pl.name;
      marker.addTo(map);
      var el = marker.getElement && marker.getElement();
      if (el) {
        el.setAttribute("data-place", pl.name);
        el.setAttribute("aria-label", pl.name);
        el.classList.add("place-marker");
      }
      bounds.push([pl.lat, pl.lon]);
      if (pl.role === "event") eventBounds.push([pl.lat, pl.lon]);
    });
    /* Frame where things happened; places merely mentioned stay reachable by zooming out. */
    var focus = eventBounds.length ? eventBounds : bounds;
    if (focus.length === 1) map.setView(focus[0], 7);
    else if (focus.length > 1) map.fitBounds(focus, { padding: [40, 40], maxZoom: 8 });
    box.setAttribute("data-markers", String(bounds.length));
  }).catch(function (err) {
    box.setAttribute("data-error", String(err));
  });
})();
