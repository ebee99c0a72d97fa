/* newsfuse pages: the story page's timeline axis, map, fact filter and keyboard
   navigation. No inline script (the Content-Security-Policy forbids it); data comes
   from data- attributes and same-origin JSON. Nothing is loaded from elsewhere. */
(function () {
  "use strict";

  function clamp(v) { return Math.max(0, Math.min(100, parseFloat(v) || 0)); }
  document.querySelectorAll(".tick[data-pos], .tick-label[data-pos]").forEach(function (el) {
    el.style.left = clamp(el.dataset.pos) + "%";
  });

  /* ---- filtering facts and timeline items (status, entity, place, outlet, words) ---- */
  var state = { status: "", entity: "", place: "", outlet: "", text: "" };
  var facts = Array.prototype.slice.call(document.querySelectorAll("li.fact"));
  var items = Array.prototype.slice.call(document.querySelectorAll("li.t-item"));
  var form = document.getElementById("fact-filter");

  function has(list, value) { return !value || (list || "").split("|").indexOf(value) >= 0; }
  function apply() {
    var shown = 0;
    facts.forEach(function (li) {
      var ok = (!state.status || li.dataset.status === state.status) && has(li.dataset.entities, state.entity) &&
        has(li.dataset.places, state.place) && has(li.dataset.outlets, state.outlet) &&
        (!state.text || li.textContent.toLowerCase().indexOf(state.text.toLowerCase()) >= 0);
      li.hidden = !ok;
      if (ok) shown++;
    });
    items.forEach(function (li) {
      var ok = (!state.place || li.dataset.place === state.place) && (!state.status || li.dataset.status === state.status) &&
        has(li.dataset.outlets, state.outlet);
      li.hidden = !ok;
    });
    document.querySelectorAll("li.day").forEach(function (day) {
      day.hidden = !day.querySelector("li.t-item:not([hidden])");
    });
    var count = document.getElementById("fact-count");
    if (count) count.textContent = shown === facts.length ? facts.length + " facts" : shown + " of " + facts.length + " facts shown";
    var note = document.getElementById("place-filter-note");
    if (note) {
      note.hidden = !state.place;
      document.getElementById("place-filter-name").textContent = state.place;
    }
    document.querySelectorAll("button.place").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.place === state.place));
    });
  }
  if (form) {
    form.addEventListener("input", function (ev) {
      var key = ev.target.dataset.filter;
      if (key) { state[key] = ev.target.value; apply(); }
    });
    form.addEventListener("change", function (ev) {
      var key = ev.target.dataset.filter;
      if (key) { state[key] = ev.target.value; apply(); }
    });
    form.addEventListener("reset", function () {
      Object.keys(state).forEach(function (k) { state[k] = ""; });
      setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  }
  function filterPlace(name) {
    state.place = state.place === name ? "" : name;
    var sel = document.getElementById("ff-place");
    if (sel) sel.value = Array.prototype.some.call(sel.options, function (o) { return o.value === state.place; }) ? state.place : "";
    apply();
  }
  document.querySelectorAll("button.place").forEach(function (b) {
    b.addEventListener("click", function () { filterPlace(b.dataset.place); });
  });
  var clear = document.getElementById("place-filter-clear");
  if (clear) clear.addEventListener("click", function () { filterPlace(state.place); });
  if (facts.length) apply();

  /* ---- keyboard: arrow keys (or j/k) move between facts / timeline items; Enter opens ---- */
  document.querySelectorAll(".nav-list").forEach(function (list) {
    list.addEventListener("keydown", function (ev) {
      var all = Array.prototype.slice.call(list.querySelectorAll("li[tabindex]")).filter(function (li) {
        return !li.hidden && li.offsetParent !== null;
      });
      var at = all.indexOf(document.activeElement);
      if (at < 0) return;
      var next = null;
      if (ev.key === "ArrowDown" || ev.key === "j") next = all[Math.min(all.length - 1, at + 1)];
      else if (ev.key === "ArrowUp" || ev.key === "k") next = all[Math.max(0, at - 1)];
      else if (ev.key === "Home") next = all[0];
      else if (ev.key === "End") next = all[all.length - 1];
      else if (ev.key === "Enter" && ev.target === all[at]) {
        var link = all[at].querySelector("a[href]");
        if (link) { link.click(); ev.preventDefault(); }
        return;
      }
      if (next) { next.focus(); ev.preventDefault(); }
    });
  });

  /* ---- the map ---- */
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var map = L.map(box, { worldCopyJump: true, keyboard: true, zoomSnap: 0.5, minZoom: 1, maxZoom: 12 }).setView([30, 20], 2);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
  }
  map.attributionControl.addAttribution("Natural Earth · GeoNames");

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  var land = { color: dark ? "#6b7785" : "#8d99a6", weight: 0.8, fillColor: dark ? "#2a3138" : "#f7f5ef", fillOpacity: 1 };
  var coarse = null, detail = null;
  getJSON(box.dataset.world).then(function (world) {
    coarse = L.geoJSON(world, { style: land, interactive: false }).addTo(map);
    coarse.bringToBack();
    outlines();
  }).catch(function () { /* outlines are decoration; markers still show */ });
  /* Coastlines and borders at 1:50m once the analyst zooms to a region. */
  function outlines() {
    if (map.getZoom() >= 4 && !detail && box.dataset.worldDetail) {
      detail = "loading";
      getJSON(box.dataset.worldDetail).then(function (world) {
        detail = L.geoJSON(world, { style: land, interactive: false });
        outlines();
      }).catch(function () { detail = null; });
      return;
    }
    if (!coarse || !detail || detail === "loading") return;
    var wantDetail = map.getZoom() >= 4;
    if (wantDetail && !map.hasLayer(detail)) { detail.addTo(map).bringToBack(); map.removeLayer(coarse); }
    if (!wantDetail && map.hasLayer(detail)) { coarse.addTo(map).bringToBack(); map.removeLayer(detail); }
  }

  /* Rivers and lakes (Natural Earth 1:50m) from zoom 4, over the land and under the markers:
     the Euphrates or the Dnieper orients an analyst where country outlines alone do not. */
  var water = null;
  var waterStyle = function (f) {
    var blue = dark ? "#4f7fa8" : "#7fb0d8";
    return f.properties.kind === "lake"
      ? { color: blue, weight: 0.6, fillColor: dark ? "#24425c" : "#cfe3f3", fillOpacity: 1 }
      : { color: blue, weight: 1.2, opacity: 0.9, fill: false };
  };
  function rivers() {
    if (!box.dataset.rivers) return;
    var want = map.getZoom() >= 4;
    if (want && !water) {
      water = "loading";
      getJSON(box.dataset.rivers).then(function (data) {
        water = L.geoJSON(data, { style: waterStyle, interactive: false });
        box.setAttribute("data-rivers-loaded", String(data.features.length));
        rivers();
      }).catch(function () { water = null; });
      return;
    }
    if (!water || water === "loading") return;
    if (want && !map.hasLayer(water)) water.addTo(map);
    if (!want && map.hasLayer(water)) map.removeLayer(water);
  }
  map.on("zoomend", rivers);

  /* Town names for orientation, from the offline gazetteer, densest where zoomed in. */
  var labels = L.layerGroup().addTo(map);
  var labelTimer = null, retried = false, storyPoints = [];
  function townLabels() {
    if (!box.dataset.labels) return;
    clearTimeout(labelTimer);
    labelTimer = setTimeout(function () {
      var b = map.getBounds(), z = map.getZoom();
      if (z < 4) { labels.clearLayers(); return; }
      var q = "?south=" + b.getSouth().toFixed(3) + "&west=" + b.getWest().toFixed(3) + "&north=" + b.getNorth().toFixed(3) +
        "&east=" + b.getEast().toFixed(3) + "&limit=" + (z >= 8 ? 30 : 16);
      getJSON(box.dataset.labels + q).then(function (data) {
        labels.clearLayers();
        var size = map.getSize(), near = Math.max(b.getNorth() - b.getSouth(), 0.01) * 28 / size.y;
        data.items.forEach(function (c) {
          /* no town label on top of one of the story's own places */
          if (storyPoints.some(function (s) { return Math.abs(s[0] - c.lat) < near && Math.abs(s[1] - c.lon) < near * 2; })) return;
          L.marker([c.lat, c.lon], {
            interactive: false, keyboard: false,
            icon: L.divIcon({ className: "town-label", html: "<span></span>", iconSize: null })
          }).addTo(labels).getElement().firstChild.textContent = c.name;
        });
      }).catch(function () { if (!retried) { retried = true; townLabels(); } });
    }, 150);
  }
  map.on("zoomend", outlines);
  map.on("moveend", townLabels);

  var cluster = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ maxClusterRadius: 28, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
        iconCreateFunction: function (c) {
          /* a cluster says which places it holds: the first by name, "+N" more; all in data-places */
          var names = c.getAllChildMarkers().map(function (m) { return m.options.title; }).sort();
          var esc = function (t) { return String(t).replace(/[&<>"]/g, function (ch) { return "&#" + ch.charCodeAt(0) + ";"; }); };
          return L.divIcon({ className: "place-cluster-wrap", iconSize: null, iconAnchor: [15, 15],
            html: '<span class="place-cluster" data-places="' + esc(names.join("|")) + '" title="' + esc(names.join(", ")) +
              '"><span class="n">' + c.getChildCount() + '</span></span><span class="pin-label">' + esc(names[0]) +
              (names.length > 1 ? " +" + (names.length - 1) : "") + "</span>" });
        } })
    : L.layerGroup();
  cluster.addTo(map);

  getJSON(box.dataset.places).then(function (data) {
    var count = 0;
    data.items.forEach(function (pl) {
      if (pl.lat === null || pl.lon === null) return;
      var icon = L.divIcon({ className: "place-pin " + (pl.role === "event" ? "event" : "mentioned"),
        html: '<i class="dot"></i><span class="pin-label"></span>', iconSize: null, iconAnchor: [7, 7] });
      var marker = L.marker([pl.lat, pl.lon], { icon: icon, title: pl.name, alt: pl.name, riseOnHover: true });
      marker.on("add", function () {
        var el = marker.getElement();
        if (!el) return;
        el.querySelector(".pin-label").textContent = pl.name;
        el.setAttribute("data-place", pl.name);
        el.setAttribute("aria-label", pl.name + (pl.role === "event" ? " (where it happened)" : " (mentioned)"));
        el.classList.add("place-marker");
      });
      marker.on("click", function () { filterPlace(pl.name); });
      marker.bindTooltip(pl.name + " · " + (pl.role === "event" ? "where it happened" : "mentioned") + " · " +
        pl.mentions + " mention" + (pl.mentions === 1 ? "" : "s"), { direction: "top", offset: [0, -8] });
      cluster.addLayer(marker);
      storyPoints.push([pl.lat, pl.lon]);
      count++;
    });
    /* Frame the event places the server chose (outliers are listed under the map). */
    var f = (box.dataset.frame || "").split(",").map(parseFloat);
    if (f.length === 4 && f.every(function (x) { return !isNaN(x); })) {
      if (f[0] === f[2] && f[1] === f[3]) map.setView([f[0], f[1]], 7);
      else map.fitBounds([[f[0], f[1]], [f[2], f[3]]], { padding: [50, 50], maxZoom: 8 });
    }
    outlines();
    rivers();
    townLabels();
    box.setAttribute("data-markers", String(count));
  }).catch(function (err) {
    box.setAttribute("data-error", String(err));
  });
})();
