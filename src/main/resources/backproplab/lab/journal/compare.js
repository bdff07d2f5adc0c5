"use strict";
// The report's PNG charts use these colours in this order (report/LineCharts): a run looks the
// same on the page and in the README handed in.
const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf"];
const names = (new URLSearchParams(location.search).get("runs") ?? "").split(",")
  .map(n => n.trim()).filter(n => n);
const percent = x => x == null ? "–" : (100 * x).toFixed(2) + "%";
const runLink = name => `<a href="/runs/${encodeURIComponent(name)}">${Lab.escape(name)}</a>`;
const swatch = k => `<span class="swatch" style="background:${COLOURS[k % COLOURS.length]}"></span>`;

/** One line per run through its points ({x: epoch, y}); a value that is no number is left out. */
function curves(series, value) {
  return series.map((s, k) => ({
    label: s.run, borderColor: COLOURS[k % COLOURS.length], backgroundColor: COLOURS[k % COLOURS.length],
    pointRadius: 2, borderWidth: 2,
    data: s.epoch.map((epoch, i) => ({ x: epoch, y: value(s, i) }))
      .filter(p => p.y != null && Number.isFinite(Number(p.y))).map(p => ({ x: p.x, y: Number(p.y) })),
  }));
}

function targetLine(target, from, to) {
  return { label: `${target}% target`, borderColor: "#9aa5b1", borderDash: [6, 4], pointRadius: 0,
    borderWidth: 1.5, data: [{ x: from, y: target }, { x: to, y: target }] };
}

function drawCharts(c) {
  const last = Math.max(2, ...c.series.map(s => s.epoch.length ? s.epoch[s.epoch.length - 1] : 0));
  const accuracy = curves(c.series, (s, i) => 100 * s.testAccuracy[i]);
  const a = EpochChart.create("accuracy-chart", "test accuracy (%)");
  a.data.datasets = [...accuracy, targetLine(c.target, 1, last)];
  a.options.scales.y.max = 100;
  // The second half of the epochs, where attempts that all pass 99% part: its axis fits them.
  const from = Math.max(1, Math.floor(last / 2));
  const zoomed = curves(c.series, (s, i) => s.epoch[i] >= from ? 100 * s.testAccuracy[i] : null);
  const shown = zoomed.flatMap(d => d.data.map(p => p.y)).concat(c.target);
  const z = EpochChart.create("zoom-chart", "test accuracy (%)");
  z.data.datasets = [...zoomed, targetLine(c.target, from, last)];
  z.options.scales.x.min = from;
  // Suggested, not fixed: Chart.js then rounds the axis to even ticks around them.
  z.options.scales.y.suggestedMin = Math.min(...shown) - 0.1;
  z.options.scales.y.suggestedMax = Math.min(100, Math.max(...shown) + 0.1);
  $("zoom-title").textContent = `Test accuracy, epochs ${from} to ${last}`;
  const l = EpochChart.create("loss-chart", "test loss");
  l.data.datasets = curves(c.series, (s, i) => s.testLoss[i]);
  const log = EpochChart.lossScale(l);
  $("loss-title").textContent = "Test loss per epoch" + (log ? " (log scale)" : "");
  const r = EpochChart.create("lr-chart", "learning rate");
  r.data.datasets = curves(c.series, (s, i) => s.learningRate[i]);
  for (const each of [a, z, l, r]) {
    each.options.scales.x.max = last;
    if (each !== z) each.options.scales.x.min = 1;
    each.update("none");
  }
  Lab.hooks.compare = { runs: c.runs.map(f => f.run),
    datasets: Object.fromEntries([a, z, l, r].map(ch => [ch.canvas.id,
      ch.data.datasets.map(d => ({ label: d.label, points: d.data.length }))])) };
}

function drawTable(c) {
  const columns = [
    ["run", f => runLink(f.run), ""], ["model", f => Lab.escape(f.model), ""],
    ["parameters", f => f.parameters.toLocaleString("en"), "n"],
    ["best", f => `${percent(f.bestAccuracy)} <span class="hint">(epoch ${f.bestEpoch})</span>`, "n"],
    ["last", f => percent(f.lastAccuracy), "n"],
    [`first ≥ ${c.target}%`, f => f.firstAtTarget == null ? "not reached" : `epoch ${f.firstAtTarget}`, "n"],
    ["lowest of the last 3", f => percent(f.lowestOfLast), "n"],
    ["epochs", f => `${f.epochs}/${f.plannedEpochs}`, "n"],
    ["s per epoch", f => f.secondsPerEpoch == null ? "–" : f.secondsPerEpoch.toFixed(1), "n"],
    ...ruleColumns(c),
    ...c.differences.map((d, i) => [d.option, f => Lab.escape(d.values[c.runs.indexOf(f)]), "changed"]),
  ];
  $("figures").innerHTML = `<thead><tr>${columns.map(([title, , kind]) =>
    `<th class="${kind}"${kind === "changed" ? ' title="differs between the runs"'
      : kind === "rule" ? ` title="the assignment's rule: ${Lab.escape(title)}"` : ""}>${Lab.escape(title)}</th>`).join("")}</tr></thead>`
    + `<tbody>${c.runs.map((f, k) => `<tr>${columns.map(([, cell, kind], i) =>
      `<td class="${kind === "n" || kind === "rule" ? kind : ""}" data-label="${Lab.escape(columns[i][0])}"><span>${i === 0
        ? swatch(k) : ""}${cell(f)}</span></td>`).join("")}</tr>`).join("")}</tbody>`;
  $("same-recipe").hidden = c.differences.length > 0;
}

/**
 * A column per rule of the lab's assignment: each run's mark and the figure that decides it, as
 * its run page's checklist says.
 */
function ruleColumns(c) {
  const lists = c.checklists ?? [];
  if (lists.length === 0) return [];
  Lab.hooks.compareChecklists = lists.map(l => ({ headline: l.headline,
    statuses: l.rules.map(r => r.status) }));
  return lists[0].rules.map((rule, r) => [rule.rule,
    f => Checklist.cell(lists[c.runs.indexOf(f)].rules[r]), "rule"]);
}

async function drawNotes(runs) {
  $("notes").innerHTML = runs.map((name, k) => `<div class="card" data-run="${Lab.escape(name)}">
    <h3>${swatch(k)}${runLink(name)}</h3><div class="hint">loading the notes…</div></div>`).join("");
  await Promise.all(runs.map(async name => {
    const card = $("notes").querySelector(`[data-run="${CSS.escape(name)}"]`);
    let notes;
    try {
      notes = await Lab.api(`/api/runs/${encodeURIComponent(name)}/notes`);
    } catch (e) {
      card.querySelector(".hint").textContent = e.message;
      return;
    }
    const section = (title, text) => `<h4>${title}</h4>`
      + (text.trim() ? `<p>${Lab.escape(text)}</p>` : `<p class="none">not written yet</p>`);
    card.querySelector(".hint").outerHTML = (notes.prefilled
      ? `<div class="hint">No notes yet: the results are the run's figures.</div>` : "")
      + section("Target", notes.target) + section("Results", notes.results)
      + section("Analysis", notes.analysis);
  }));
}

function showProblem(text) {
  $("problem-text").textContent = text;
  $("problem").hidden = false;
  $("compared").hidden = true;
  $("write-report").hidden = true;
}

$("write-report").addEventListener("click", async () => {
  const button = $("write-report");
  const message = $("report-message");
  button.disabled = true;
  message.className = "";
  message.textContent = "writing the report (its models are evaluated on the test digits)…";
  try {
    const written = await Lab.api("/api/report", { method: "POST", body: { runs: names } });
    message.innerHTML = `written: <code id="report-readme">${Lab.escape(written.readme)}</code>`;
  } catch (e) {
    message.className = "error";
    message.textContent = e.message;
  } finally {
    button.disabled = false;
  }
});

(async function start() {
  if (names.length < 2) {
    showProblem(names.length === 0 ? "No runs to compare: the address names none (/compare?runs=a,b)."
      : `Only one run named (${names[0]}): compare it with another.`);
    return;
  }
  $("heading").textContent = `Comparing ${names.length} runs`;
  document.title = `${names.join(" · ")} · compared · backprop-lab`;
  let c;
  try {
    c = await Lab.api("/api/compare?runs=" + names.map(encodeURIComponent).join(","));
  } catch (e) {
    showProblem(e.message.charAt(0).toUpperCase() + e.message.slice(1) + ".");
    return;
  }
  $("compared").hidden = false;
  $("write-report").hidden = false;
  drawCharts(c);
  drawTable(c);
  await drawNotes(c.runs.map(f => f.run));
  Lab.hooks.compare.notesShown = true;
})();
