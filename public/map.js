// Chef Galaxy's street maps: Leaflet (served from /vendor, never a CDN), fetched the first
// time a page mounts a map. The page renders a drawn map on the server; once the browser
// has Leaflet, the figure's drawing gives way to streets. Tiles come from the address the
// server is configured with (OpenStreetMap by default, named in the page's meta tags); without
// tiles the map still shows its circle and pins on a plain ground.
(function () {
  let loading = null;
  const maps = new Map();
  let nextId = 1;

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("The map could not be loaded.")); };
      document.head.appendChild(script);
    });
  }

  function addStylesheet(href) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function loadLeaflet() {
    if (!loading) {
      addStylesheet("/vendor/leaflet/leaflet.css");
      addStylesheet("/vendor/leaflet/MarkerCluster.css");
      addStylesheet("/vendor/leaflet/MarkerCluster.Default.css");
      loading = addScript("/vendor/leaflet/leaflet.js").then(function () {
        return addScript("/vendor/leaflet/leaflet.markercluster.js");
      });
    }
    return loading;
  }

  function meta(name, fallback) {
    const tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.getAttribute("content") : fallback;
  }

  // A pin drawn by CSS (a numbered dot for results): no image files to fetch.
  function pinIcon(label, kind) {
    return L.divIcon({
      className: "map-marker " + kind.split(" ").map(function (k) { return "map-marker-" + k; }).join(" "),
      html: label ? "<span>" + String(label).replace(/[<>&"]/g, "") + "</span>" : "",
      iconSize: kind === "result" ? [28, 28] : [24, 24],
      iconAnchor: kind === "result" ? [14, 14] : [12, 12],
    });
  }

  function draw(entry, options) {
    const map = entry.map;
    entry.layers.forEach(function (layer) { layer.remove(); });
    entry.layers = [];
    const centre = [options.lat, options.lng];
    const parts = [];
    if (options.radius_km > 0) {
      const circle = L.circle(centre, {
        radius: options.radius_km * 1000, color: "#1f3b2d", weight: 2, fillColor: "#1f3b2d", fillOpacity: 0.1,
        interactive: false,
      });
      parts.push(circle);
    }
    const home = L.marker(centre, {
      icon: pinIcon("", options.draggable ? "home draggable" : "home"),
      draggable: Boolean(options.draggable),
      keyboard: Boolean(options.draggable),
      title: options.centre_label || "",
      alt: options.centre_label || "",
    });
    if (options.draggable) {
      home.on("dragend", function () {
        const at = home.getLatLng();
        if (entry.onMove) entry.onMove(at.lat, at.lng);
      });
    }
    parts.push(home);
    parts.forEach(function (part) { part.addTo(map); entry.layers.push(part); });

    if (options.pins && options.pins.length) {
      const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
      options.pins.forEach(function (pin) {
        const marker = L.marker([pin.lat, pin.lng], { icon: pinIcon(pin.label, "result"), title: pin.title, alt: pin.title });
        if (pin.href) marker.on("click", function () { window.location.assign(pin.href); });
        cluster.addLayer(marker);
      });
      cluster.addTo(map);
      entry.layers.push(cluster);
    }
    // From the centre and radius alone: a circle's own bounds need a map already in view.
    const bounds = L.latLng(centre).toBounds(Math.max(options.radius_km, 0.5) * 2000);
    if (options.fit !== false) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 15 });
  }

  window.chefGalaxyMap = {
    // Mounts a map in `element` (its drawn stand-in is replaced) and returns its handle.
    mount: async function (element, optionsJson, onMove) {
      await loadLeaflet();
      const options = JSON.parse(optionsJson);
      const id = nextId++;
      element.replaceChildren();
      element.classList.add("map-live");
      const map = L.map(element, { scrollWheelZoom: false, attributionControl: true })
        .setView([options.lat, options.lng], 11);
      L.tileLayer(meta("chef-galaxy:map-tiles", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"), {
        maxZoom: 19,
        attribution: meta("chef-galaxy:map-attribution", "© OpenStreetMap contributors"),
      }).addTo(map);
      const entry = { map: map, layers: [], onMove: onMove };
      maps.set(id, entry);
      draw(entry, options);
      return id;
    },
    // New circle, pins or centre for a mounted map (the results changed, the chef moved).
    update: function (id, optionsJson) {
      const entry = maps.get(id);
      if (entry) draw(entry, JSON.parse(optionsJson));
    },
    unmount: function (id) {
      const entry = maps.get(id);
      if (entry) {
        entry.map.remove();
        maps.delete(id);
      }
    },
  };
})();
