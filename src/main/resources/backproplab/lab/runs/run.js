const name = decodeURIComponent(location.pathname.split("/").pop());
const api = "/api/runs/" + encodeURIComponent(name);
const charts = {};
let shown = null;
let verdictsOf = null;
let mistakes = [];
let digitsShown = 0;   // which cell's answer may still fill the digits: only the latest asked
let verdictsAsked = 0; // likewise for the verdicts: an older answer never overwrites a newer
// The message beside the title: about a run that trains (stopping, busy), it holds while it does.
const message = messageLine($("message"));

function chart(id, yTitle, datasets) {
  charts[id] = EpochChart.create(id, yTitle, { hideEmpty: true, datasets: datasets.map(
    ([label, color, dash]) => ({ label, data: [], borderColor: color, backgroundColor: color,
      borderDash: dash ? [6, 4] : [], pointRadius: 2.5, borderWidth: 2 })) });
}

chart("accuracy-chart", "accuracy (%)", [["train", "#2f6fde"], ["test", "#e07b24"],
  ["holdout", "#2e7d32"], ["target", "#9aa5b1", true]]);
chart("loss-chart", "loss", [["train", "#2f6fde"], ["test", "#e07b24"]]);
chart("lr-chart", "learning rate", [["learning rate", "#6b4fbb"]]);
// Short, but never two ticks alike: a constant rate of 0.01 has ticks 0.0098, 0.01, 0.0102, and
// two digits would print all of them as 0.010. The unary + drops toPrecision's trailing zeros.
// Below 0.001 in powers of ten (1.14e-6, not 0.00000114), as the epoch table prints the rate.
charts["lr-chart"].options.scales.y.ticks = { callback: v => {
  const x = +Number(v).toPrecision(6);
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : String(x);
} };
charts["accuracy-chart"].options.scales.y.max = 100;

function curves(history, epochs, target) {
  const pts = f => history.filter(m => f(m) != null).map(m => ({ x: m.epoch, y: f(m) }));
  const a = charts["accuracy-chart"];
  a.data.datasets[0].data = pts(m => 100 * m.trainAccuracy);
  a.data.datasets[1].data = pts(m => 100 * m.testAccuracy);
  a.data.datasets[2].data = pts(m => m.holdoutAccuracy == null ? null : 100 * m.holdoutAccuracy);
  a.data.datasets[2].hidden = a.data.datasets[2].data.length === 0;
  // Without a curve the target line alone would stretch the axis to 94-106%: drawn with curves only.
  a.data.datasets[3].label = `${target}% target`;
  a.data.datasets[3].data = history.length === 0 ? []
    : [{ x: 1, y: target }, { x: Math.max(epochs, 2), y: target }];
  // A loss that is not a number (metrics.json writes it as "NaN" or "Infinity") cannot be drawn:
  // it is named under the chart instead, so a run that went wrong does not look merely short.
  const finite = v => Number.isFinite(Number(v));
  charts["loss-chart"].data.datasets[0].data = pts(m => finite(m.trainLoss) ? m.trainLoss : null);
  charts["loss-chart"].data.datasets[1].data = pts(m => finite(m.testLoss) ? m.testLoss : null);
  const notDrawn = history.flatMap(m => [["train", m.trainLoss], ["test", m.testLoss]]
    .filter(([, v]) => v != null && !finite(v)).map(([kind, v]) => `${kind} loss of epoch ${m.epoch}: ${v}`));
  $("loss-not-drawn").textContent = "Not drawn: " + notDrawn.join(", ");
  $("loss-not-drawn").hidden = notDrawn.length === 0;
  const log = EpochChart.lossScale(charts["loss-chart"]);
  $("loss-title").textContent = "Loss per epoch" + (log ? " (log scale)" : "");
  charts["lr-chart"].data.datasets[0].data = pts(m => m.learningRate);
  document.querySelectorAll(".chart-empty").forEach(e => e.hidden = history.length > 0);
  for (const c of Object.values(charts)) {
    c.options.scales.x.min = 1;
    c.options.scales.x.max = Math.max(epochs, 2);
    c.update("none");
  }
}

/** In place of the run: why there is none to show (no such run, a broken folder). */
function showProblem(text, detail) {
  $("problem-text").textContent = text;
  $("problem-text").title = detail ?? "";
  $("problem").hidden = false;
  $("charts").hidden = $("below").hidden = $("live").hidden = $("notes-card").hidden = true;
  $("checklist-card").hidden = true;
  $("hints-card").hidden = true;
  $("new-attempt").hidden = true;
  $("stop").hidden = $("resume").hidden = true;
  $("facts").textContent = "";
}

/** The command as its options: the line breaks between them, "--model" stays by "fast". */
function commandHtml(command) {
  const parts = [];
  for (const word of command.trim().split(/\s+/)) {
    if (parts.length === 0 || word.startsWith("--")) parts.push(word);
    else parts[parts.length - 1] += " " + word;
  }
  return parts.map(p => `<span class="option">${Lab.escape(p)}</span>`).join(" ");
}

function show(run) {
  shown = run;
  document.title = run.name + " · backprop-lab";
  $("name").textContent = run.name;
  $("status").textContent = run.status;
  $("status").className = "status " + run.status;
  $("status").hidden = false;
  if (run.status === "broken") {
    showProblem(`This run cannot be shown: ${run.problem}.`, run.detail);
    return;
  }
  $("problem").hidden = true;
  $("charts").hidden = $("below").hidden = false;
  if (!notesAsked) loadNotes();
  if (checklistOf !== run.done) loadChecklist(run.done);
  $("stop").hidden = run.status !== "running";
  $("resume").hidden = run.status !== "interrupted";
  if (run.status !== "running") $("live").hidden = true;
  if (!run.settings) {
    // Another process's run that has not loaded its data yet: nothing written but its lock.
    $("facts").textContent = "starting: loading the data…";
    curves([], 2, run.target);
    Lab.html($("settings"), "");
    $("summary").textContent = "";
    if (verdictsOf !== run.done) loadVerdicts(run.done);
    return;
  }
  const best = run.bestAccuracy == null ? "" : ` · best ${(100 * run.bestAccuracy).toFixed(2)}%`;
  $("facts").textContent = `${run.model} · ${run.parameters.toLocaleString("en")} parameters · `
    + `epoch ${run.done} of ${run.epochs}${best}` + (run.started ? ` · started ${run.started}` : "");
  curves(run.history, run.epochs, run.target);
  RunHints.curves(run);
  $("new-attempt").href = "/design?run=" + encodeURIComponent(run.name);
  $("new-attempt").hidden = false;
  const r = run.settings.recipe;
  const rows = [["optimizer", `${r.optimizer.toLowerCase()} lr ${r.learningRate}`
      + (r.optimizer === "SGD" ? ` momentum ${r.momentum}${r.nesterov ? " nesterov" : ""}` : "")],
    ["schedule", r.schedule.toLowerCase()], ["batch size", r.batchSize], ["weight decay", r.weightDecay],
    ["augmentation", `±${r.rotation}° rotation, ±${r.shift} px shift`],
    ["label smoothing · dropout", `${r.labelSmoothing} · ${r.dropout}`],
    ["images", (run.settings.limit || "all") + (run.settings.holdout ? `, ${run.settings.holdout} held out` : "")],
    [`first epoch ≥ ${run.target}%`, run.firstAtTarget ?? "not reached"]];
  Lab.html($("settings"), `<tr><th>command</th><td>${run.command ? commandHtml(run.command) : "–"}</td></tr>`
    + rows.map(([k, v]) => `<tr><th>${Lab.escape(k)}</th><td>${Lab.escape(v)}</td></tr>`).join(""));
  $("summary").textContent = run.summary ?? "";
  // Asked even before the first epoch: the server's answer says why there is nothing yet.
  if (verdictsOf !== run.done) loadVerdicts(run.done);
}

// ---- the assignment's checklist: its rules judged on this run, asked again each epoch -------
/** The epochs the checklist shown was judged on: asked again when another epoch finishes. */
let checklistOf = null;

async function loadChecklist(done) {
  checklistOf = done;
  let answer;
  try {
    answer = await Lab.api(api + "/checklist");
  } catch (e) {
    checklistOf = null;
    return;
  }
  if (checklistOf !== done || !answer.checklist) return;
  const list = answer.checklist;
  $("checklist-title").textContent = `The assignment: ${list.assignment}`;
  $("checklist").innerHTML = Checklist.html(list);
  $("checklist-card").hidden = false;
  Lab.hooks.checklist = { done, headline: list.headline,
    rules: list.rules.map(r => ({ rule: r.rule, status: r.status, figure: r.figure })) };
}

// ---- the learner's notes: Target, Results, Analysis, kept in the run's notes.md -------------
const NOTES = ["target", "results", "analysis"];
let notesAsked = false;

async function loadNotes() {
  notesAsked = true;
  NOTES.forEach(n => $("note-" + n).readOnly = Lab.readOnly());
  let notes;
  try {
    notes = await Lab.api(api + "/notes");
  } catch (refused) {
    notesState(refused.message, true);
    $("notes-card").hidden = false;
    return;
  }
  NOTES.forEach(n => $("note-" + n).value = notes[n]);
  notesState(notes.prefilled ? "Results start from the run's figures; not saved yet" : "saved");
  $("notes-card").hidden = false;
}

// Notes typed and not saved yet: leaving the page asks first.
let notesChanged = false;
Lab.guardUnsaved(() => notesChanged);

function notesState(text, error = false) {
  $("notes-state").textContent = text;
  $("notes-state").className = error ? "error" : "";
}

$("save-notes").addEventListener("click", async () => {
  $("save-notes").disabled = true;
  notesState("saving…");
  try {
    await Lab.api(api + "/notes", { method: "PUT",
      body: Object.fromEntries(NOTES.map(n => [n, $("note-" + n).value])) });
    notesChanged = false;
    notesState("saved");
  } catch (refused) {
    notesState(refused.message, true);
  } finally {
    $("save-notes").disabled = false;
  }
});
NOTES.forEach(n => $("note-" + n).addEventListener("input", () => {
  notesChanged = true;
  notesState("not saved");
}));

// ---- the test verdicts of best.ckpt -----------------------------------------------------------
async function loadVerdicts(done) {
  verdictsOf = done;
  const asked = ++verdictsAsked;
  // At once: what was said of the epochs before (none finished yet) is no longer so.
  if (done > 0) $("verdict-note").textContent = "evaluating best.ckpt on the test digits…";
  let v;
  try {
    v = await Lab.api(api + "/verdicts");
  } catch (refused) {
    if (asked !== verdictsAsked) return;
    $("verdict-note").textContent = refused.message;
    $("confusion").innerHTML = "";
    $("confusion-hint").hidden = true;
    $("digits").innerHTML = `<span class="hint">none yet</span>`;
    RunHints.mistakes(null);
    return;
  }
  if (asked !== verdictsAsked) return;
  RunHints.mistakes(v);
  $("confusion-hint").hidden = false;
  $("confusion-title").textContent = `Confusion matrix of best.ckpt on the ${v.count.toLocaleString("en")} test digits`;
  $("verdict-note").textContent = `epoch ${v.epoch}: ${(100 * v.accuracy).toFixed(2)}% right`;
  const max = Math.max(...v.matrix.flatMap((row, t) => row.filter((_, p) => p !== t)), 1);
  let html = `<tr><th></th>${[...Array(10).keys()].map(p => `<th>${p}</th>`).join("")}</tr>`;
  v.matrix.forEach((row, t) => {
    html += `<tr><th>${t}</th>` + row.map((n, p) => {
      const right = p === t;
      const shade = right ? "#dcefe2" : n === 0 ? "#fafbfc" : `rgba(198, 40, 40, ${0.12 + 0.75 * n / max})`;
      const ink = !right && n / max > 0.5 ? "#fff" : "inherit";
      return `<td data-t="${t}" data-p="${p}" style="background:${shade};color:${ink}" title="true ${t}, answered ${p}: ${n}">${n}</td>`;
    }).join("") + "</tr>";
  });
  $("confusion").innerHTML = html;
  mistakes = v.mistakes;
  showMistakes();
}

function showMistakes() {
  digitsShown++;
  document.querySelectorAll("#confusion td.selected").forEach(c => c.classList.remove("selected"));
  $("back-to-mistakes").hidden = true;
  $("cell-title").textContent = `The ${mistakes.length} mistakes it was surest of`;
  $("digits").innerHTML = mistakes.map(m => figure(m.index,
    `${m.truth}→<b>${m.predicted}</b> ${(Math.floor(1000 * m.probability) / 10).toFixed(1)}%`,
    `test digit #${m.index}: true ${m.truth}, answered ${m.predicted} with p = ${m.probability.toFixed(4)}; p(${m.truth}) = ${m.truthProbability.toFixed(4)}`)).join("");
}

function figure(index, caption, title) {
  return `<figure title="${Lab.escape(title)}"><img class="digit" src="/api/digits/${index}" alt="test digit ${index}"><figcaption>${caption}</figcaption></figure>`;
}

$("confusion").addEventListener("click", async e => {
  const cell = e.target.closest("td");
  if (!cell) return;
  document.querySelectorAll("#confusion td.selected").forEach(c => c.classList.remove("selected"));
  cell.classList.add("selected");
  $("back-to-mistakes").hidden = false;
  const asked = ++digitsShown;
  const c = await Lab.api(`${api}/cell/${cell.dataset.t}/${cell.dataset.p}`);
  if (asked !== digitsShown) return;
  const more = c.count > c.digits.length ? `, the first ${c.digits.length}` : "";
  $("cell-title").textContent = `True ${c.truth}, answered ${c.predicted}: ${c.count} test digits${more}`;
  $("digits").innerHTML = c.digits.map(d => figure(d.index, `#${d.index}`,
    `test digit #${d.index}: p(${c.predicted}) = ${d.probability.toFixed(4)}`)).join("")
    || `<span class="hint">none</span>`;
});
$("back-to-mistakes").addEventListener("click", showMistakes);

// ---- live ------------------------------------------------------------------------------------
async function act(path, then) {
  let body;
  try {
    body = await Lab.api(path, { method: "POST" });
  } catch (refused) {
    // Refused because another run trains (409): the message holds while that one does.
    message.say(refused.message, { run: refused.body?.run ?? null });
    return;
  }
  message.say("");
  then(body);
}
$("stop").addEventListener("click", () => act(api + "/stop", body =>
  message.say(body.stopping ? "stopping; the last epoch's checkpoint is kept"
    : "another process trains this run: stop it there (Ctrl-C); its last checkpoint is kept",
    { run: name })));
$("resume").addEventListener("click", () => act(api + "/resume", () => $("resume").hidden = true));

Lab.events({
  run: run => {
    message.outdate(run);
    if (run.name === name) show(run);
  },
  progress: p => {
    if (p.run !== name) return;
    $("live").hidden = false;
    $("live-step").textContent = Progress.line(p, "running loss");
    $("live-bar").style.width = Progress.width(p);
  },
  training: t => {
    if (t.run === name && t.state === "failed") message.say(t.error);
  },
});

Lab.api(api).then(run => { message.outdate(run); show(run); }, refused => {
  document.title = "No such run · backprop-lab";
  $("name").textContent = refused.status === 404 ? "No such run" : "This run cannot be shown";
  showProblem(refused.message.charAt(0).toUpperCase() + refused.message.slice(1) + ".");
});
