"use strict";
// Every number on this page arrives from the Java code already written (ShownNumbers); the page
// only places the strings. One request per change of settings; stepping is local.
const FIELDS = [
  ["i1", "input i1"], ["i2", "input i2"], ["t1", "target t1"], ["t2", "target t2"],
  ["w1", "w1 (i1 → h1)"], ["w2", "w2 (i2 → h1)"], ["w3", "w3 (i1 → h2)"], ["w4", "w4 (i2 → h2)"],
  ["w5", "w5 (h1 → o1)"], ["w6", "w6 (h2 → o1)"], ["w7", "w7 (h1 → o2)"], ["w8", "w8 (h2 → o2)"],
  ["b1", "b1 (→ h1, h2)"], ["b2", "b2 (→ o1, o2)"], ["iterations", "iterations"],
];
const state = { fields: {}, examples: [], sweep: null, run: 0, k: 1, selected: "w5", log: true,
  ticket: 0 };
// How long drawing takes, for the page's tests.
const timings = Lab.hooks.timings = { firstDrawMs: null, lastRedrawMs: null };

const SVG = "http://www.w3.org/2000/svg";

function el(name, attrs, parent, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

// ---- settings form -------------------------------------------------------------------------
function buildForm() {
  const box = $("fields");
  for (const [name, label] of FIELDS) {
    const f = document.createElement("div");
    f.className = "field";
    f.innerHTML = `<label for="field-${name}">${label}</label>
      <input type="text" id="field-${name}" name="${name}">
      <span class="field-error" id="error-${name}"></span>`;
    box.appendChild(f);
    f.querySelector("input").addEventListener("change", e => {
      state.fields[name] = e.target.value;
      compute();
    });
  }
}

function showFields() {
  for (const [name] of FIELDS) $("field-" + name).value = state.fields[name];
  $("field-trainBiases").checked = state.fields.trainBiases === "true";
}

function buildExamples() {
  const box = $("examples");
  state.examples.forEach((example, i) => {
    const b = document.createElement("button");
    b.textContent = example.name;
    b.id = "example-" + i;
    b.addEventListener("click", () => {
      state.fields = { ...example.fields };
      $("eta-other").value = "";
      showFields();
      compute(example.rate);
    });
    box.insertBefore(b, $("download"));
  });
}

function clearErrors() {
  document.querySelectorAll(".field-error").forEach(e => e.textContent = "");
  document.querySelectorAll("input.invalid").forEach(e => e.classList.remove("invalid"));
}

function showFieldError(field, message) {
  const box = $("error-" + field);
  if (box) {
    box.textContent = message;
    const input = field === "rates" ? $("eta-other") : $("field-" + field);
    if (input) input.classList.add("invalid");
  } else {
    $("status").textContent = message;
  }
}

/** Asks for the sweep of {@code fields}, which become the page's settings once accepted. */
async function compute(keepRate, fields = state.fields) {
  const eta = state.sweep ? state.sweep.runs[state.run].eta : 1;
  // Only the answer to the latest settings counts: an earlier one may arrive after it.
  const ticket = ++state.ticket;
  let body;
  try {
    body = await Lab.api("/api/backprop/sweep", { method: "POST", body: fields });
  } catch (refused) {
    if (ticket !== state.ticket) return false;
    clearErrors();
    for (const e of refused.errors ?? [{ field: refused.field, error: refused.message }]) {
      showFieldError(e.field, e.error);
    }
    return false;
  }
  if (ticket !== state.ticket) return false;
  clearErrors();
  $("status").textContent = "";
  state.fields = fields;
  state.sweep = body;
  const wanted = keepRate === undefined ? eta : keepRate;
  const index = body.runs.findIndex(r => r.eta === wanted);
  state.run = index >= 0 ? index : Math.min(state.run, body.runs.length - 1);
  state.k = Math.min(state.k, body.iterations);
  $("download").href = "/api/backprop/workbook?" + new URLSearchParams(state.fields);
  buildRatePicker();
  buildChart();
  render();
  return true;
}

// ---- η picker and stepper ------------------------------------------------------------------
function buildRatePicker() {
  const box = $("rates");
  box.querySelectorAll("button").forEach(b => b.remove());
  state.sweep.runs.forEach((run, i) => {
    const b = document.createElement("button");
    b.textContent = run.label.replace("η=", "");
    b.dataset.eta = run.label;
    b.addEventListener("click", () => { state.run = i; render(); });
    box.appendChild(b);
  });
  const { runs, maxRates } = state.sweep;
  $("rates-hint").textContent = runs.length < maxRates ? `up to ${maxRates} rates`
    : `${maxRates} rates, the most: an example below starts again from six`;
}

/** Adds the typed rate to those already swept; one the sweep has is simply chosen. */
async function addRate() {
  const typed = $("eta-other").value.trim();
  $("error-rates").textContent = "";
  $("eta-other").classList.remove("invalid");
  if (typed === "") return;
  // The rates travel as one comma-separated list, so "0,5" would arrive as the rates 0 and 5.
  if (typed.includes(",")) {
    showFieldError("rates", "η: one rate, with a decimal point (0.5, not 0,5)");
    return;
  }
  const known = state.sweep.runs.findIndex(r => r.eta === Number(typed));
  if (known >= 0) {
    state.run = known;
    render();
    return;
  }
  const rates = state.fields.rates.split(",").concat([typed]).join(",");
  if (await compute(Number(typed), { ...state.fields, rates })) $("eta-other").value = "";
}

function setIteration(k) {
  if (!state.sweep) return;
  state.k = Math.max(1, Math.min(state.sweep.iterations, k));
  render();
}

// ---- drawing ---------------------------------------------------------------------------------
const ROWS = { plain: [62, 322], biases: [62, 392] };
let Y = ROWS.plain;
const BOX_HEIGHT = 78;
/** Between a box's border and its longest possible line, in the drawing's units. */
const PAD = { node: 12, label: 10 };
/**
 * The longest number ShownNumbers writes: nine significant digits, a sign and a three-digit
 * exponent. Each box is as wide as its lines would be with it, so no value crosses a border at any
 * iteration or η, and nothing moves while stepping.
 */
const WIDEST = "-8.88888888e-308";
let L = null;

function measure(svg, groupClass, textClass, text) {
  const g = el("g", { class: groupClass }, svg);
  const width = el("text", { class: textClass }, g, text).getComputedTextLength();
  g.remove();
  return width;
}

/** Box widths and column centres from the page's own font, measured once. */
function layout(svg) {
  const lines = (...names) => Math.max(...names.map(n => measure(svg, "", "", n + " = " + WIDEST)));
  const box = width => Math.ceil(width + 2 * PAD.node);
  const W = {
    input: box(lines("i1", "i2")),
    hidden: box(lines("h1", "h2", "a_h1", "a_h2")),
    output: box(lines("o1", "o2", "a_o1", "a_o2")),
    error: box(Math.max(lines("t1", "t2", "E1", "E2"),
      measure(svg, "", "title", "E_total = E1 + E2"), measure(svg, "", "total-value", WIDEST))),
  };
  const label = Math.max(measure(svg, "weight", "name", "w1 = " + WIDEST),
    measure(svg, "weight", "", "∂E/∂w1 = " + WIDEST), measure(svg, "weight", "", "Δ = " + WIDEST))
    + 2 * PAD.label;
  // A weight's label sits halfway between two columns, with room to spare on both sides.
  const gaps = { input: label + 24, hidden: label + 24, output: 40 };
  const X = {};
  let x = 6;
  for (const column of ["input", "hidden", "output", "error"]) {
    X[column] = x + W[column] / 2;
    x += W[column] + (gaps[column] || 6);
  }
  return { X, W, width: Math.ceil(x) };
}

function node(svg, column, cy, title, lines, cls, id) {
  const cx = L.X[column];
  const width = L.W[column];
  const g = el("g", { id }, svg);
  el("rect", { x: cx - width / 2, y: cy - BOX_HEIGHT / 2, width, height: BOX_HEIGHT, rx: 10,
    class: "node " + (cls || "") }, g);
  el("text", { x: cx, y: cy - BOX_HEIGHT / 2 + 20, "text-anchor": "middle", class: "title" }, g,
    title);
  // [name, value]: "name = value", or the value alone for a box whose title names it.
  lines.forEach(([name, value, key], i) => {
    el("text", { x: cx, y: cy - BOX_HEIGHT / 2 + 42 + i * 20, "text-anchor": "middle",
      id: "value-" + (key || name), class: name ? "" : "total-value" }, g,
      name ? name + " = " + value : value);
  });
  return g;
}

/** A weight's line and its label at fraction t along the line. */
function weight(svg, labels, p, from, to, neuron, t) {
  el("line", { x1: from[0], y1: from[1], x2: to[0], y2: to[1], class: "edge n" + neuron }, svg);
  label(labels, p, from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t,
    "n" + neuron);
}

/** A bias between the two neurons it feeds, with a dashed line to each. */
function bias(svg, labels, p, x) {
  for (const y of Y) {
    el("line", { x1: x, y1: (Y[0] + Y[1]) / 2, x2: x, y2: y, class: "bias-edge" }, svg);
  }
  label(labels, p, x, (Y[0] + Y[1]) / 2, "bias");
}

/** The value, gradient and update of a weight or bias, in a box that selects it when clicked. */
function label(labels, p, cx, cy, kind) {
  const g = el("g", { class: "weight " + kind + (p.name === state.selected ? " selected" : ""),
    id: "weight-" + p.name, tabindex: 0 }, labels);
  const rect = el("rect", { rx: 6 }, g);
  const rows = [[p.name + " = " + p.value, "name"], ["∂E/∂" + p.name + " = " + p.gradient, ""],
    [p.trained ? "Δ = " + p.update : "fixed: not trained", "muted"]];
  const texts = rows.map(([s, cls], i) =>
    el("text", { x: cx, y: cy - 14 + i * 17, "text-anchor": "middle", class: cls }, g, s));
  let w = 0;
  texts.forEach(tx => { w = Math.max(w, tx.getComputedTextLength()); });
  rect.setAttribute("x", cx - w / 2 - PAD.label);
  rect.setAttribute("y", cy - 31);
  rect.setAttribute("width", w + 2 * PAD.label);
  rect.setAttribute("height", 57);
  g.addEventListener("click", () => { state.selected = p.name; render(); });
  g.addEventListener("keydown", e => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      state.selected = p.name;
      render();
      $("weight-" + p.name).focus();
    }
  });
}

function drawNetwork(step) {
  const svg = $("network");
  svg.replaceChildren();
  Y = state.sweep.biases ? ROWS.biases : ROWS.plain;
  L = L || layout(svg);
  svg.setAttribute("viewBox", `0 0 ${L.width} ${Y[1] + 64}`);
  // Never drawn below 3/4 of its size: the weights' 13.5 px lines stay at 10 px or more.
  svg.style.minWidth = Math.ceil(0.75 * L.width) + "px";
  const v = step.values;
  const p = Object.fromEntries(step.parameters.map(q => [q.name, q]));
  const edges = el("g", {}, svg);
  const labels = el("g", {}, svg);
  const right = column => L.X[column] + L.W[column] / 2;
  const left = column => L.X[column] - L.W[column] / 2;
  // First layer: wj into h1 (w1, w2) drawn in the first colour, into h2 (w3, w4) in the second.
  weight(edges, labels, p.w1, [right("input"), Y[0]], [left("hidden"), Y[0]], 1, 0.5);
  weight(edges, labels, p.w2, [right("input"), Y[1]], [left("hidden"), Y[0]], 1, 0.3);
  weight(edges, labels, p.w3, [right("input"), Y[0]], [left("hidden"), Y[1]], 2, 0.3);
  weight(edges, labels, p.w4, [right("input"), Y[1]], [left("hidden"), Y[1]], 2, 0.5);
  weight(edges, labels, p.w5, [right("hidden"), Y[0]], [left("output"), Y[0]], 1, 0.5);
  weight(edges, labels, p.w6, [right("hidden"), Y[1]], [left("output"), Y[0]], 1, 0.7);
  weight(edges, labels, p.w7, [right("hidden"), Y[0]], [left("output"), Y[1]], 2, 0.7);
  weight(edges, labels, p.w8, [right("hidden"), Y[1]], [left("output"), Y[1]], 2, 0.5);
  if (p.b1) {
    bias(edges, labels, p.b1, L.X.hidden);
    bias(edges, labels, p.b2, L.X.output);
  }
  for (const n of [1, 2]) {
    const y = Y[n - 1];
    node(svg, "input", y, "i" + n, [["i" + n, v["i" + n]]], "input", "node-i" + n);
    node(svg, "hidden", y, "hidden " + n, [["h" + n, v["h" + n]], ["a_h" + n, v["a_h" + n]]],
      "", "node-h" + n);
    node(svg, "output", y, "output " + n, [["o" + n, v["o" + n]], ["a_o" + n, v["a_o" + n]]],
      "", "node-o" + n);
    el("line", { x1: right("output"), y1: y, x2: left("error"), y2: y, class: "edge",
      stroke: "#9aa5b1", "stroke-dasharray": "4 4" }, edges);
    node(svg, "error", y, "error " + n, [["t" + n, v["t" + n]], ["E" + n, v["E" + n]]],
      "", "node-e" + n);
  }
  node(svg, "error", (Y[0] + Y[1]) / 2, "E_total = E1 + E2", [["", v.E_total, "E_total"]],
    "total", "node-total");
}

function drawChain(step) {
  const p = step.parameters.find(q => q.name === state.selected);
  const run = state.sweep.runs[state.run];
  const box = $("chain");
  box.replaceChildren();
  const head = document.createElement("div");
  head.className = "hint";
  head.textContent = `${p.name} at iteration ${step.k}, ${run.label}`;
  box.appendChild(head);
  p.chainRule.forEach((line, i) => {
    const d = document.createElement("div");
    d.className = i === 0 ? "rule" : i === p.chainRule.length - 1 ? "result" : "";
    d.textContent = line;
    box.appendChild(d);
  });
  const u = document.createElement("div");
  u.className = "update";
  u.textContent = p.trained
    ? `${p.name} ← ${p.name} − η·∂E/∂${p.name} = ${p.value} − ${p.update} = ${p.next}`
    : `${p.name} is kept fixed (as in Mazur's example): no update.`;
  box.appendChild(u);
}

// ---- loss chart ------------------------------------------------------------------------------
let chart = null;
// One colour for each of the most rates the lab sweeps (BackpropForm.MAX_RATES).
const COLOURS = ["#2f6fde", "#e07b24", "#2e9d5b", "#c62828", "#7b4fc9", "#00838f", "#8d6e63",
  "#d6338a", "#7f8c1f", "#37474f"];

const currentIteration = {
  id: "currentIteration",
  afterDatasetsDraw(c) {
    const x = c.scales.x.getPixelForValue(state.k);
    const ctx = c.ctx;
    ctx.save();
    ctx.strokeStyle = "rgba(31,41,51,.55)";
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, c.chartArea.top);
    ctx.lineTo(x, c.chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

function buildChart() {
  if (chart) chart.destroy();
  const runs = state.sweep.runs;
  chart = new Chart($("loss-chart"), {
    type: "line",
    data: {
      datasets: runs.map((run, i) => ({
        label: run.label,
        data: run.eTotal.map((y, k) => ({ x: k + 1, y })),
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        pointRadius: 0, borderWidth: 2,
      })),
    },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      interaction: { mode: "nearest", intersect: false, axis: "x" },
      scales: {
        x: { type: "linear", min: 1, max: state.sweep.iterations,
          title: { display: true, text: "iteration" } },
        y: yAxis(state.log),
      },
      plugins: {
        legend: { position: "top", labels: { boxWidth: 10, padding: 6, font: { size: 11 } } },
        tooltip: { callbacks: {
          // The tooltip shows the Java-written value, like the drawing.
          label: item => runs[item.datasetIndex].label + ": "
            + runs[item.datasetIndex].steps[item.dataIndex].values.E_total,
        } },
      },
      onClick: (e, items) => { if (items.length) setIteration(items[0].index + 1); },
    },
    plugins: [currentIteration],
  });
}

function markChart() {
  chart.data.datasets.forEach((d, i) => {
    const current = i === state.run;
    d.borderWidth = current ? 3.5 : 1.5;
    d.pointRadius = current ? d.data.map((_, k) => (k + 1 === state.k ? 5 : 0)) : 0;
  });
  chart.update("none");
}

function setScale(log) {
  state.log = log;
  $("scale-log").classList.toggle("on", log);
  $("scale-linear").classList.toggle("on", !log);
  chart.options.scales.y = yAxis(log);
  chart.update("none");
}

/**
 * E_total spans up to five decades at the default rates: a log axis labels 1 and 5 × 10^k only.
 * A linear axis gets few enough ticks that none is skipped, so their steps stay even.
 */
function yAxis(log) {
  const title = { display: true, text: "E_total" };
  if (!log) return { type: "linear", title, ticks: { maxTicksLimit: 6 } };
  return { type: "logarithmic", title, ticks: { callback: logTickLabel(["1", "5"]) } };
}

// ---- one redraw for any change ---------------------------------------------------------------
function render() {
  const start = performance.now();
  const run = state.sweep.runs[state.run];
  const step = run.steps[state.k - 1];
  $("iteration-slider").max = state.sweep.iterations;
  $("iteration-slider").value = state.k;
  $("iteration-label").textContent = `iteration ${state.k} of ${state.sweep.iterations}`;
  document.querySelectorAll("#rates button").forEach(
    (b, i) => b.classList.toggle("on", i === state.run));
  drawNetwork(step);
  drawChain(step);
  markChart();
  const end = performance.now();
  timings.lastRedrawMs = end - start;
  if (timings.firstDrawMs === null) timings.firstDrawMs = end;
}

// ---- wiring ----------------------------------------------------------------------------------
$("first").onclick = () => setIteration(1);
$("prev").onclick = () => setIteration(state.k - 1);
$("next").onclick = () => setIteration(state.k + 1);
$("last").onclick = () => setIteration(Infinity);
$("iteration-slider").oninput = e => setIteration(Number(e.target.value));
$("eta-add").onclick = addRate;
$("eta-other").addEventListener("keydown", e => { if (e.key === "Enter") addRate(); });
$("scale-log").onclick = () => setScale(true);
$("scale-linear").onclick = () => setScale(false);
$("field-trainBiases").addEventListener("change", e => {
  state.fields.trainBiases = String(e.target.checked);
  compute();
});
document.addEventListener("keydown", e => {
  // Text fields keep their keys, and the slider moves itself (handling it here too would step twice).
  if (e.target.tagName === "INPUT") return;
  const moves = { ArrowLeft: state.k - 1, ArrowRight: state.k + 1, Home: 1, End: Infinity };
  if (e.key in moves) {
    e.preventDefault();
    setIteration(moves[e.key]);
  }
});

(async function start() {
  buildForm();
  state.examples = await Lab.api("/api/backprop/examples");
  buildExamples();
  state.fields = { ...state.examples[0].fields };
  showFields();
  await compute(state.examples[0].rate);
})();
