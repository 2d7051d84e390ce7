// The map page: world-atlas's countries (TopoJSON, read with topojson-client) drawn as SVG in an
// equirectangular projection, and one circle per place of /api/places, its area proportional
// to its events. A city sits at its coordinates; a country, a region or an unlisted name at the
// middle of its country's largest shape. A click opens the place's events (/place?place=...),
// with the page's filters kept.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 960;
  const HEIGHT = 480;

  function project(lon, lat) {
    return [((lon + 180) / 360) * WIDTH, ((90 - lat) / 180) * HEIGHT];
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  // A polygon's rings as an SVG path; rings that jump across the antimeridian are split.
  function ringPath(ring) {
    let d = "";
    let last = null;
    for (const [lon, lat] of ring) {
      const [x, y] = project(lon, lat);
      d += (last === null || Math.abs(lon - last) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
      last = lon;
    }
    return d + "Z";
  }

  function polygons(geometry) {
    if (!geometry) return [];
    return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  }

  // The vertex mean of the country's largest ring (by its vertex count): where its dot goes.
  function middle(feature) {
    let best = null;
    for (const polygon of polygons(feature.geometry)) {
      if (!best || polygon[0].length > best.length) best = polygon[0];
    }
    if (!best) return null;
    const sum = best.reduce((s, [lon, lat]) => [s[0] + lon, s[1] + lat], [0, 0]);
    return [sum[0] / best.length, sum[1] / best.length];
  }

  function placeUrl(base, place) {
    return base + (base.includes("?") ? "&" : "?") + "place=" + encodeURIComponent(place.name);
  }

  function row(place, href) {
    const tr = document.createElement("tr");
    const link = document.createElement("a");
    link.href = href;
    link.textContent = place.name;
    const cells = [link, place.kind, place.country_name || place.country || "", String(place.n)];
    for (const c of cells) {
      const td = document.createElement("td");
      if (typeof c === "string") td.textContent = c; else td.appendChild(c);
      tr.appendChild(td);
    }
    return tr;
  }

  async function draw(box) {
    const status = document.querySelector(".map-status");
    const [atlas, body] = await Promise.all([
      fetch(box.dataset.atlas).then((r) => r.json()),
      fetch(box.dataset.places, { headers: { Accept: "application/json" } }).then(async (r) => {
        const b = await r.json();
        if (!r.ok) throw new Error((b.error && b.error.message) || "HTTP " + r.status);
        return b;
      }),
    ]);
    const countries = topojson.feature(atlas, atlas.objects.countries).features;
    const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "world", role: "img",
                              "aria-label": "World map of the places events happened" });
    const shapes = svg("g", { class: "countries" });
    const centres = {};
    for (const f of countries) {
      const path = svg("path", { d: polygons(f.geometry).map((p) => p.map(ringPath).join("")).join(""),
                                 class: "country" });
      const title = svg("title", {});
      title.textContent = (f.properties && f.properties.name) || "";
      path.appendChild(title);
      shapes.appendChild(path);
      centres[f.id] = middle(f);
    }
    root.appendChild(shapes);
    const dots = svg("g", { class: "places" });
    const rows = document.querySelector(".place-rows");
    const biggest = Math.max(1, ...body.places.map((p) => p.n));
    const drawn = [];
    for (const place of body.places) {
      const at = place.latitude !== null && place.longitude !== null
        ? [place.longitude, place.latitude] : centres[place.country_number];
      const href = placeUrl(box.dataset.placePath, place);
      if (rows) rows.appendChild(row(place, href));
      if (!at) continue;
      const [x, y] = project(at[0], at[1]);
      drawn.push({ place, x, y, r: 3 + 12 * Math.sqrt(place.n / biggest), href,
                   city: place.latitude !== null });
    }
    // countries and regions under cities, then small circles on top of big ones: each stays clickable
    drawn.sort((a, b) => (a.city - b.city) || (b.r - a.r));
    for (const d of drawn) {
      const link = svg("a", { href: d.href, class: "place-link" });
      const circle = svg("circle", { cx: d.x.toFixed(1), cy: d.y.toFixed(1), r: d.r.toFixed(1),
                                     class: "place kind-" + d.place.kind, "data-place": d.place.name,
                                     "data-n": String(d.place.n) });
      const title = svg("title", {});
      title.textContent = `${d.place.name}${d.place.country_name ? ", " + d.place.country_name : ""}: ${d.place.n} events`;
      circle.appendChild(title);
      link.appendChild(circle);
      dots.appendChild(link);
    }
    root.appendChild(dots);
    box.replaceChildren(root);
    if (status) status.textContent = `${drawn.length} places, ${body.total} events with a place.`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector(".map[data-places]");
    if (!box) return;
    draw(box).catch((err) => {
      const status = document.querySelector(".map-status");
      if (status) status.textContent = "The map could not be drawn: " + err.message;
    });
  });
})();
