// newsgraph pages: the time chart (Vega-Lite through vega-embed, run by vega-interpreter so no
// eval is needed), the relations graph (sigma + graphology + ForceAtlas2) and actor autocomplete.
// Lists, filters and paging are plain links and forms served by the server.
"use strict";

// One colour language for lists and charts: QuadClass (the same values as style.css).
const QUADS = [
  { key: 1, label: "verbal cooperation", colour: "#74c476" },
  { key: 2, label: "material cooperation", colour: "#238b45" },
  { key: 3, label: "verbal conflict", colour: "#fd8d3c" },
  { key: 4, label: "material conflict", colour: "#cb181d" },
  { key: 0, label: "not coded", colour: "#9ca3af" },
];
const QUAD_LABEL = Object.fromEntries(QUADS.map((q) => [q.key, q.label]));
const DAY = 86400000;

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body.error && body.error.message) || `HTTP ${response.status}`);
  return body;
}

function html(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

// The first day after the period that starts on `start` (an ISO date).
function periodEnd(start, interval) {
  const d = new Date(start + "T00:00:00Z");
  if (interval === "year") d.setUTCFullYear(d.getUTCFullYear() + 1);
  else if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else if (interval === "week") d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function nextDay(iso) {
  return new Date(Date.parse(iso + "T00:00:00Z") + DAY).toISOString().slice(0, 10);
}

// Bars stacked by hand (y0..y1 from zero), so a bar is exactly its period wide on a true time axis.
function chartRows(data) {
  const rows = [];
  const height = {};
  for (const p of data.periods) {
    const y0 = height[p.period] || 0;
    height[p.period] = y0 + p.n;
    rows.push({ kind: "bar", start: p.period, end: periodEnd(p.period, data.interval), y0,
                y1: y0 + p.n, n: p.n, quad: QUAD_LABEL[p.quad_class], goldstein: p.goldstein });
  }
  const spans = data.spans.map((s) => ({ kind: "span", start: s.start, end: nextDay(s.end), n: s.n, y0: 0,
    quad: QUAD_LABEL[s.quad_class], precision: s.precision, last: s.end }));
  return { rows, spans };
}

function chartSpec(data, width) {
  const { rows, spans } = chartRows(data);
  const colour = { field: "quad", type: "nominal", title: "QuadClass",
    scale: { domain: QUADS.map((q) => q.label), range: QUADS.map((q) => q.colour) },
    legend: { orient: "bottom", columns: width < 500 ? 2 : 5, labelFontSize: 12, titleFontSize: 12 } };
  const x = (title) => ({ field: "start", type: "temporal", title, axis: { labelFontSize: 12, titleFontSize: 12, labelOverlap: true } });
  const detail = {
    width: "container", height: 220,
    layer: [
      { data: { values: rows }, mark: { type: "rect", stroke: "#fff", strokeWidth: 0.5 },
        encoding: {
          x: { ...x(null), scale: { domain: { param: "brush" } } }, x2: { field: "end" },
          y: { field: "y0", type: "quantitative", title: "events", scale: { zero: true, nice: true },
               axis: { tickMinStep: 1, labelFontSize: 12, titleFontSize: 12 } },
          y2: { field: "y1" }, color: colour,
          tooltip: [{ field: "start", type: "temporal", title: "from" }, { field: "quad", type: "nominal" },
                    { field: "n", type: "quantitative", title: "events" }],
        } },
      { data: { values: spans }, mark: { type: "rect", opacity: 0.35, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: {
          x: { ...x(null), scale: { domain: { param: "brush" } } }, x2: { field: "end" },
          y: { field: "y0", type: "quantitative" }, y2: { field: "n" }, color: colour, stroke: colour,
          tooltip: [{ field: "precision", type: "nominal", title: "dated to the" }, { field: "start", type: "temporal", title: "from" },
                    { field: "last", type: "temporal", title: "to" }, { field: "quad", type: "nominal" }, { field: "n", type: "quantitative", title: "events" }],
        } },
    ],
  };
  const overview = {
    width: "container", height: 46,
    layer: [{ data: { values: rows.concat(spans.map((s) => ({ ...s, y1: s.n }))) },
      mark: "rect", params: [{ name: "brush", select: { type: "interval", encodings: ["x"] } }],
      encoding: { x: x("drag here to zoom; double-click to reset"), x2: { field: "end" },
                  y: { field: "y0", type: "quantitative", axis: null }, y2: { field: "y1" },
                  color: colour } }],
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    vconcat: [detail, overview], autosize: { type: "fit-x", contains: "padding" },
    config: { view: { stroke: null }, axis: { grid: true, gridColor: "#eee" } },
  };
}

function chartTable(box, data) {
  const slot = box.closest(".chart-box").querySelector(".table-slot");
  const table = html("table", { class: "chart-numbers" });
  const head = html("tr");
  for (const h of ["From", "To", "Dated to the", "QuadClass", "Events"]) head.appendChild(html("th", {}, h));
  table.appendChild(html("thead")).appendChild(head);
  const body = table.appendChild(html("tbody"));
  const add = (cells) => {
    const tr = body.appendChild(html("tr"));
    for (const c of cells) tr.appendChild(html("td", {}, String(c)));
  };
  for (const p of data.periods) {
    const end = new Date(Date.parse(periodEnd(p.period, data.interval)) - DAY).toISOString().slice(0, 10);
    add([p.period, end, "day", QUAD_LABEL[p.quad_class], p.n]);
  }
  for (const s of data.spans) add([s.start, s.end, s.precision, QUAD_LABEL[s.quad_class], s.n]);
  if (data.undated) add(["undated", "", "", "", data.undated]);
  add(["total", "", "", "", data.total]);
  slot.replaceChildren(table);
}

async function drawChart(box) {
  box.replaceChildren(html("p", { class: "muted" }, "Loading…"));
  try {
    const data = await getJSON(box.dataset.chart);
    box.dataset.total = data.total;
    box.dataset.charted = data.periods.reduce((a, p) => a + p.n, 0) + data.spans.reduce((a, s) => a + s.n, 0);
    box.dataset.undated = data.undated;
    chartTable(box, data);
    if (!data.periods.length && !data.spans.length) {
      box.replaceChildren(html("p", { class: "muted" }, data.total ? `None of these ${data.total} events has a date to draw.` : "No events to draw."));
      return;
    }
    if (!window.vegaEmbed) {
      box.replaceChildren(html("p", { class: "muted" }, "The chart library is not built (make web); the table below has the numbers."));
      box.closest(".chart-box").querySelector("details").open = true;
      return;
    }
    box.replaceChildren();
    const result = await window.vegaEmbed(box, chartSpec(data, box.clientWidth), {
      actions: false, renderer: "svg", ast: true, expr: window.vegaInterpreter.expressionInterpreter,
      defaultStyle: false, tooltip: { theme: "light" },
    });
    box.chartView = result.view;
    if (data.undated) box.appendChild(html("p", { class: "muted undated-note" }, `${data.undated} undated event${data.undated === 1 ? "" : "s"} not drawn.`));
    box.dataset.ready = "yes";
  } catch (err) {
    box.replaceChildren(html("p", { class: "error" }, String(err.message || err)));
  }
}

// -- relations graph ---------------------------------------------------------------------------
const KIND_COLOUR = { country: "#1f3b73", person: "#7b3fa0", organisation: "#0f766e", igo: "#0f766e",
                      armed_group: "#b45309" };
function kindColour(kind) { return KIND_COLOUR[kind] || "#6b7280"; }

// Mean Goldstein -10..+10 as red .. grey .. green.
function toneColour(g) {
  if (g === null || g === undefined) return "#a3a3a3";
  const t = Math.min(Math.abs(g) / 7, 1);
  const to = g < 0 ? [200, 30, 30] : [20, 140, 60];
  const mix = (i) => Math.round(165 + (to[i] - 165) * t);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

async function drawGraph(box) {
  const status = document.querySelector(".graph-status");
  const say = (text) => { if (status) status.textContent = text; };
  say("Loading…");
  const started = performance.now();
  let data;
  try { data = await getJSON(box.dataset.graph); }
  catch (err) { say(String(err.message || err)); return; }
  if (!data.nodes.length) { say("No events between two actors under these filters."); box.dataset.ready = "empty"; return; }
  if (!window.Sigma || !window.graphology || !window.graphologyLibrary) {
    say("The graph library is not built (make web)."); return;
  }
  const graph = new window.graphology.DirectedGraph();
  const maxNode = Math.max(...data.nodes.map((n) => n.events));
  data.nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / data.nodes.length;
    // long names are cut so that one label fits the label grid's cell; hover shows the node
    const label = n.name.length > 22 ? n.name.slice(0, 20) + "…" : n.name;
    graph.addNode(n.id, { label, name: n.name, kind: n.kind, events: n.events,
      x: Math.cos(angle) * 100 + (i % 7), y: Math.sin(angle) * 100 + (i % 5),
      size: 4 + 14 * Math.sqrt(n.events / maxNode), color: kindColour(n.kind) });
  });
  const maxEdge = Math.max(...data.edges.map((e) => e.events));
  for (const e of data.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    graph.addDirectedEdge(e.source, e.target, { events: e.events, goldstein: e.goldstein, type: "arrow",
      size: 1 + 5 * Math.sqrt(e.events / maxEdge), color: toneColour(e.goldstein),
      label: `${e.events} events, mean Goldstein ${e.goldstein === null ? "?" : e.goldstein.toFixed(1)}` });
  }
  const fa2 = window.graphologyLibrary.layoutForceAtlas2;
  const settings = fa2.inferSettings(graph);
  fa2.assign(graph, { iterations: graph.order > 500 ? 60 : 150,
                      settings: { ...settings, scalingRatio: 12, barnesHutOptimize: graph.order > 300 } });
  window.graphologyLibrary.layoutNoverlap.assign(graph, { maxIterations: 60, settings: { margin: 6, ratio: 1.3 } });
  box.replaceChildren();
  let renderer = null;
  // a label goes right of its node, or left of it where it would run past the box's edge
  const drawLabel = (context, node, settings) => {
    if (!node.label) return;
    context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    const width = context.measureText(node.label).width;
    const room = renderer ? renderer.getDimensions().width : box.clientWidth;
    const right = node.x + node.size + 3;
    const x = right + width > room ? node.x - node.size - 3 - width : right;
    context.fillStyle = "#111827";
    context.fillText(node.label, x, node.y + settings.labelSize / 3);
  };
  renderer = new window.Sigma(graph, box, {
    defaultDrawNodeLabel: drawLabel,
    defaultEdgeType: "arrow", enableEdgeEvents: true, renderEdgeLabels: false,
    labelDensity: 0.7, labelGridCellSize: 120, labelRenderedSizeThreshold: 7,
    labelFont: "system-ui, sans-serif", labelSize: 13, zIndex: true, minCameraRatio: 0.05, maxCameraRatio: 4,
    // room for a label to the right of a node on the box's edge
    stagePadding: Math.round(Math.min(110, Math.max(40, box.clientWidth * 0.14))),
  });
  renderer.on("clickNode", ({ node }) => { window.location.href = `/actor/${encodeURIComponent(node)}`; });
  renderer.on("clickEdge", ({ edge }) => {
    const [s, t] = graph.extremities(edge);
    window.location.href = `/dyad/${encodeURIComponent(s)}/${encodeURIComponent(t)}`;
  });
  renderer.on("enterNode", () => { box.style.cursor = "pointer"; });
  renderer.on("leaveNode", () => { box.style.cursor = ""; });
  renderer.on("enterEdge", () => { box.style.cursor = "pointer"; });
  renderer.on("leaveEdge", () => { box.style.cursor = ""; });
  const ms = Math.round(performance.now() - started);
  window.newsgraphGraph = { renderer, graph, renderMs: ms };
  box.dataset.ready = "yes";
  box.dataset.renderMs = String(ms);
  say(`${graph.order} actors, ${graph.size} of ${data.edges_total} pairs (the heaviest); drawn in ${ms} ms.`);
}

// -- autocomplete ------------------------------------------------------------------------------
function autocomplete(input) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return;
    timer = setTimeout(async () => {
      try {
        const body = await getJSON(`/api/actors/suggest?prefix=${encodeURIComponent(text)}&limit=10`);
        list.replaceChildren(...body.actors.map((a) => html("option", { value: a.name },
          `${a.kind}${a.country ? " " + a.country : ""} · ${a.n_events} events`)));
      } catch (err) { /* suggestions are a convenience; the form still works */ }
    }, 120);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".chart[data-chart]")) drawChart(box);
  for (const box of document.querySelectorAll(".graph[data-graph]")) drawGraph(box);
  for (const input of document.querySelectorAll("input.suggest[list]")) autocomplete(input);
  for (const range of document.querySelectorAll("input.edge-limit")) {
    const out = range.parentElement.querySelector("output");
    range.addEventListener("input", () => { out.textContent = range.value; });
  }
});
