// newsgraph pages: charts and the relations graph drawn as SVG, and "Load more" for event lists.
// No libraries. Text from the database is only ever set through textContent or attributes.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD = [
  { key: "verbal_cooperation", label: "verbal cooperation", colour: "#8fd19e", sign: 1 },
  { key: "material_cooperation", label: "material cooperation", colour: "#2e8b57", sign: 1 },
  { key: "verbal_conflict", label: "verbal conflict", colour: "#f4a261", sign: -1 },
  { key: "material_conflict", label: "material conflict", colour: "#c0392b", sign: -1 },
];

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function html(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

// Goldstein -10..+10 to a colour: red for conflict, grey for neutral, green for cooperation.
function toneColour(g) {
  if (g === null || g === undefined) return "rgb(150,150,150)";
  const t = Math.min(Math.abs(g) / 6, 1);
  const to = g < 0 ? [200, 40, 40] : [40, 150, 70];
  const mix = (i) => Math.round(150 + (to[i] - 150) * t);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

function drawSeries(box, series) {
  const W = 820, H = 280, left = 40, right = 40, top = 16, bottom = 46;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "series", role: "img" });
  svg.appendChild(el("title", {}, "Events per period by QuadClass, and mean Goldstein"));
  if (!series.length) {
    svg.appendChild(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No dated events"));
    box.replaceChildren(svg);
    return;
  }
  const up = (p) => p.verbal_cooperation + p.material_cooperation;
  const down = (p) => p.verbal_conflict + p.material_conflict;
  const maxCount = Math.max(1, ...series.map((p) => Math.max(up(p), down(p))));
  const mid = top + (H - top - bottom) / 2, half = (H - top - bottom) / 2;
  const step = (W - left - right) / series.length, barW = Math.max(1, step * 0.7);
  svg.appendChild(el("line", { x1: left, x2: W - right, y1: mid, y2: mid, stroke: "#888" }));
  svg.appendChild(el("text", { x: 4, y: top + 10, class: "axis" }, String(maxCount)));
  svg.appendChild(el("text", { x: 4, y: H - bottom, class: "axis" }, String(maxCount)));
  svg.appendChild(el("text", { x: W - right + 4, y: top + 10, class: "axis" }, "+10"));
  svg.appendChild(el("text", { x: W - right + 4, y: H - bottom, class: "axis" }, "−10"));
  const labelEvery = Math.ceil(series.length / 12);
  const points = [];
  series.forEach((p, i) => {
    const x = left + i * step + (step - barW) / 2;
    let above = mid, below = mid;
    for (const q of QUAD) {
      const n = p[q.key] || 0;
      if (!n) continue;
      const h = (n / maxCount) * half;
      const y = q.sign > 0 ? (above -= h) : below;
      if (q.sign < 0) below += h;
      const bar = el("rect", { x, y, width: barW, height: h, fill: q.colour, class: "bar" });
      bar.appendChild(el("title", {}, `${p.period}: ${n} ${q.label}`));
      svg.appendChild(bar);
    }
    if (p.goldstein !== null) points.push([x + barW / 2, mid - (p.goldstein / 10) * half, p]);
    if (i % labelEvery === 0) {
      svg.appendChild(el("text", { x: x + barW / 2, y: H - bottom + 16, "text-anchor": "middle",
                                   class: "axis" }, p.period));
    }
  });
  if (points.length) {
    const d = points.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
    svg.appendChild(el("path", { d, fill: "none", stroke: "#1f3b73", "stroke-width": 2 }));
    for (const [x, y, p] of points) {
      const dot = el("circle", { cx: x, cy: y, r: 3, fill: "#1f3b73" });
      dot.appendChild(el("title", {}, `${p.period}: mean Goldstein ${p.goldstein.toFixed(2)} over ${p.events} events`));
      svg.appendChild(dot);
    }
  }
  QUAD.forEach((q, i) => {
    const x = left + i * 170;
    svg.appendChild(el("rect", { x, y: H - 18, width: 12, height: 12, fill: q.colour }));
    svg.appendChild(el("text", { x: x + 16, y: H - 8, class: "axis" }, q.label));
  });
  box.replaceChildren(svg);
}

// A few hundred steps of a simple force layout: nodes repel, edges pull.
function layout(nodes, edges, W, H) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    node.x = W / 2 + (W / 3) * Math.cos(a);
    node.y = H / 2 + (H / 3) * Math.sin(a);
  });
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.6;
  for (let it = 0; it < 250; it++) {
    const temp = 20 * (1 - it / 250) + 0.5;
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
        const d2 = Math.max(x * x + y * y, 1), f = (k * k) / d2;
        dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
      }
    }
    for (const e of edges) {
      const i = index.get(e.source), j = index.get(e.target);
      if (i === undefined || j === undefined || i === j) continue;
      const x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
      const d = Math.max(Math.sqrt(x * x + y * y), 1), f = d / k;
      dx[i] -= x * f; dy[i] -= y * f; dx[j] += x * f; dy[j] += y * f;
    }
    nodes.forEach((node, i) => {
      const len = Math.max(Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]), 1e-9);
      node.x = Math.min(W - 60, Math.max(60, node.x + (dx[i] / len) * Math.min(len, temp)));
      node.y = Math.min(H - 20, Math.max(20, node.y + (dy[i] / len) * Math.min(len, temp)));
    });
  }
}

function drawGraph(box, data) {
  const W = 900, H = 620;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img" });
  svg.appendChild(el("title", {}, "Relations between actors"));
  if (!data.nodes.length) {
    svg.appendChild(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No events in this range"));
    box.replaceChildren(svg);
    return;
  }
  layout(data.nodes, data.edges, W, H);
  const byId = new Map(data.nodes.map((node) => [node.id, node]));
  const maxEvents = Math.max(...data.edges.map((e) => e.events));
  for (const e of data.edges) {
    const a = byId.get(e.source), b = byId.get(e.target);
    if (!a || !b) continue;
    const link = el("a", { href: `/dyad/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}` });
    const line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge",
      stroke: toneColour(e.goldstein), "stroke-width": 1 + 5 * Math.sqrt(e.events / maxEvents) });
    line.appendChild(el("title", {}, `${a.name} → ${b.name}: ${e.events} events, mean Goldstein ${e.goldstein === null ? "?" : e.goldstein.toFixed(2)}`));
    link.appendChild(line);
    svg.appendChild(link);
  }
  for (const node of data.nodes) {
    const link = el("a", { href: `/actor/${encodeURIComponent(node.id)}`, class: "node" });
    link.appendChild(el("circle", { cx: node.x, cy: node.y, r: 7, fill: node.kind === "country" ? "#1f3b73" : "#6a5acd" }));
    link.appendChild(el("text", { x: node.x + 9, y: node.y + 4 }, node.name));
    svg.appendChild(link);
  }
  box.replaceChildren(svg);
}

function actorLinks(parent, refs) {
  if (!refs.length) parent.appendChild(html("span", { class: "muted" }, "?"));
  refs.forEach((r, i) => {
    if (i) parent.appendChild(document.createTextNode(", "));
    parent.appendChild(html("a", { class: "actor", href: `/actor/${encodeURIComponent(r.id)}`, title: r.id }, r.name));
  });
}

function eventRow(e, articles, withSources) {
  const g = e.goldstein;
  const tone = g === null ? "neutral" : g >= 1 ? "coop" : g <= -1 ? "conflict" : "neutral";
  const li = html("li", { class: `event ${tone}`, "data-event-id": e.id });
  // an undated event says why on hover ("not given: in a 'since' clause; before ...")
  const when = e.date || !e.date_text ? { class: "date" } : { class: "date", title: e.date_text };
  li.appendChild(html("span", when, e.date || "undated"));
  li.append(" ");
  const src = html("span", { class: "who" }); actorLinks(src, e.source); li.appendChild(src);
  li.append(" ");
  li.appendChild(html("a", { class: "what", href: `/event/${encodeURIComponent(e.id)}` }, e.type + (e.mode ? `/${e.mode}` : "")));
  li.append(" ");
  const tgt = html("span", { class: "who" }); actorLinks(tgt, e.target); li.appendChild(tgt);
  if (e.modality !== "asserted") li.appendChild(html("span", { class: `badge ${e.modality}` }, e.modality));
  li.appendChild(html("span", { class: "gold" }, g === null ? "" : (g >= 0 ? "+" : "") + g.toFixed(1)));
  li.appendChild(html("span", { class: "muted" }, `${e.n_articles} source${e.n_articles === 1 ? "" : "s"}`));
  if (withSources) {
    const ul = html("ul", { class: "sources" });
    for (const m of e.mentions) {
      const a = articles[m.article_id];
      const item = html("li");
      item.appendChild(html("a", { href: `/article/${encodeURIComponent(m.article_id)}` }, (a && a.title) || m.article_id));
      item.appendChild(html("span", { class: "muted" }, ` ${(a && a.source) || ""} ${m.published}`));
      ul.appendChild(item);
    }
    li.appendChild(ul);
  }
  return li;
}

async function loadMore(button) {
  button.disabled = true;
  const list = button.previousElementSibling;
  try {
    const url = `${button.dataset.api}&cursor=${encodeURIComponent(button.dataset.cursor)}`;
    const page = await getJSON(url);
    for (const e of page.events) list.appendChild(eventRow(e, page.articles, button.dataset.sources === "yes"));
    if (page.next_cursor) { button.dataset.cursor = page.next_cursor; button.disabled = false; }
    else button.remove();
  } catch (err) {
    button.replaceWith(html("p", { class: "error" }, String(err.message || err)));
  }
}

async function fill(box, url, draw) {
  box.replaceChildren(html("p", { class: "muted" }, "Loading…"));
  try { draw(box, await getJSON(url)); }
  catch (err) { box.replaceChildren(html("p", { class: "error" }, String(err.message || err))); }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".chart[data-series]")) {
    fill(box, box.dataset.series, (b, body) => drawSeries(b, body.series));
  }
  for (const box of document.querySelectorAll(".graph[data-graph]")) fill(box, box.dataset.graph, drawGraph);
  for (const button of document.querySelectorAll("button.more")) {
    button.addEventListener("click", () => loadMore(button));
  }
});
