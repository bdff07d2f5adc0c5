const percent = x => x == null ? "–" : (100 * x).toFixed(2) + "%";
let models = [];
let liveRun = null;
let liveChart = null;
// The message beside Start: about a run (busy, started, stopping), it holds while that run trains.
const message = messageLine($("train-message"));
// The runs ticked for comparing, by name: kept as rows are redrawn by the events.
const ticked = new Set();

// ---- the train form ---------------------------------------------------------------------------
async function loadForm() {
  models = await Lab.api("/api/train/form");
  // A model file with a mistake is listed too (its error shows as its description, and Start
  // says it again): one bad file must not take the other models, or the runs, off the page.
  $("f-model").innerHTML = models.map(m => `<option value="${Lab.escape(m.id)}">${Lab.escape(m.id)} · ${
    m.error ? "has a mistake" : m.parameters.toLocaleString("en") + " parameters"}</option>`).join("");
  $("f-model").value = models.find(m => m.default).id;
  const names = Object.keys(models[0].fields);
  $("form").innerHTML = names.map(TrainForm.field).join("");
  $("f-model").addEventListener("change", showRecipe);
  showRecipe();
}

function showRecipe() {
  const m = models.find(m => m.id === $("f-model").value);
  $("model-description").textContent = m.description;
  TrainForm.showRecipe(m);
}

function clearErrors() {
  TrainForm.clearErrors();
  message.say("");
}

/** A refusal's line: beside its field if it names one, else beside Start. */
function showRefusal(text, field, run = null) {
  if (!TrainForm.showError(field, text)) message.say(text, { error: true, run });
}

async function start() {
  clearErrors();
  const fields = TrainForm.values({ model: $("f-model").value });
  let body;
  try {
    body = await Lab.api("/api/train", { method: "POST", body: fields });
  } catch (refused) {
    for (const e of refused.errors ?? [refused.body ?? { error: refused.message }]) {
      showRefusal(e.error, e.field, e.run);
    }
    return;
  }
  follow(body.run);
  message.say("started " + body.run, { run: body.run });
}

async function stop() {
  try {
    await Lab.api(`/api/runs/${encodeURIComponent(liveRun)}/stop`, { method: "POST" });
  } catch (refused) {
    message.say(refused.message, { error: true, run: liveRun });
    return;
  }
  message.say("stopping after this step; the last epoch's checkpoint is kept", { run: liveRun });
}

// ---- the run being watched --------------------------------------------------------------------
function follow(name) {
  liveRun = name;
  message.outdate({ name, status: "running" });
  $("live").hidden = false;
  $("live-run").textContent = name;
  $("live-run").href = "/runs/" + encodeURIComponent(name);
  $("live-step").textContent = "loading the data…";
  $("live-bar").style.width = "0";
  showTable({ titles: [], rows: [] });
  $("stop").disabled = false;
  if (liveChart) liveChart.destroy();
  liveChart = new Chart($("live-chart"), {
    type: "line",
    data: { datasets: [
      { label: "train loss (running mean in the epoch)", data: [], borderColor: "#9aa5b1", borderWidth: 1.5, pointRadius: 0 },
      { label: "train loss", data: [], borderColor: "#2f6fde", backgroundColor: "#2f6fde", pointRadius: 3.5, clip: false },
      { label: "test loss", data: [], borderColor: "#e07b24", backgroundColor: "#e07b24", pointRadius: 3.5, clip: false } ] },
    options: { animation: false, maintainAspectRatio: false, parsing: false,
      layout: { padding: { right: 8 } },
      plugins: { legend: { labels: { boxWidth: 12, font: { size: 11 } } } },
      scales: { x: { type: "linear", min: 0, title: { display: true, text: "epoch" } },
                y: { type: "logarithmic", title: { display: true, text: "loss" } } } }
  });
}

/** The epoch table: train's titles and numbers as cells, the latest row scrolled into view. */
function showTable(table) {
  const row = (cells, tag) => {
    const tr = document.createElement("tr");
    for (const text of cells) {
      const cell = document.createElement(tag);
      cell.textContent = text;
      tr.appendChild(cell);
    }
    return tr;
  };
  $("live-table").tHead.replaceChildren(...(table.titles.length ? [row(table.titles, "th")] : []));
  $("live-table").tBodies[0].replaceChildren(...table.rows.map(r => row(r, "td")));
  $("live-table-box").scrollTop = 1e9;
}

function progress(p) {
  if (p.run !== liveRun) return;
  $("live-step").textContent = Progress.line(p, "loss");
  $("live-bar").style.width = Progress.width(p);
  liveChart.options.scales.x.max = p.epochs;
  liveChart.data.datasets[0].data.push({ x: p.epoch - 1 + p.step / p.steps, y: p.loss });
  liveChart.update("none");
}

function epochs(run) {
  if (run.name !== liveRun || !liveChart) return;
  showTable(run.table);
  liveChart.data.datasets[1].data = run.history.map(m => ({ x: m.epoch, y: m.trainLoss }));
  liveChart.data.datasets[2].data = run.history.map(m => ({ x: m.epoch, y: m.testLoss }));
  if (run.epochs) liveChart.options.scales.x.max = run.epochs;
  liveChart.update("none");
  if (run.status !== "running") {
    $("live-step").textContent = run.status + " · " + run.done + " of " + run.epochs + " epochs";
    $("live-bar").style.width = (100 * run.done / run.epochs) + "%";
    $("stop").disabled = true;
  }
}

// ---- the runs table ---------------------------------------------------------------------------
function row(run) {
  run = { ...run, name: Lab.escape(run.name), problem: Lab.escape(run.problem),
    detail: Lab.escape(run.detail), model: Lab.escape(run.model) };
  // A broken run has no figures to compare.
  const tick = run.status === "broken" ? "" : `<input type="checkbox" data-compare="${run.name}"`
    + ` title="compare ${run.name}"${ticked.has(run.name) ? " checked" : ""}>`;
  const link = `<td class="name">${tick}<a href="/runs/${encodeURIComponent(run.name)}">${run.name}</a></td>`;
  const [day, time] = (run.started ?? "").split(" ");
  const started = `<td class="started"><span>${day}</span> <span>${time ?? ""}</span></td>`;
  const action = run.status === "interrupted"
    ? `<button class="changes" data-resume="${run.name}">Resume</button>` : "";
  if (run.status === "broken") {
    return `<tr class="problem" data-run="${run.name}">${link}<td colspan="6" title="${run.detail}"><div class="reason">${run.problem}</div></td>
      <td class="state"><span class="status broken">broken</span></td>${started}</tr>`;
  }
  return `<tr data-run="${run.name}">${link}<td>${run.model ?? ""}</td>
    <td class="n">${run.parameters == null ? "" : run.parameters.toLocaleString("en")}</td>
    <td class="n">${percent(run.bestAccuracy)}</td><td class="n">${percent(run.lastAccuracy)}</td>
    <td class="n">${run.firstAtTarget ?? "–"}</td><td class="n">${run.done}${run.epochs ? "/" + run.epochs : ""}</td>
    <td class="state"><span class="status ${run.status}">${run.status}</span>${action}</td>${started}</tr>`;
}

function upsert(run) {
  const body = document.querySelector("#runs tbody");
  const old = body.querySelector(`tr[data-run="${CSS.escape(run.name)}"]`);
  const tmp = document.createElement("tbody");
  tmp.innerHTML = row(run);
  if (old) old.replaceWith(tmp.firstElementChild); else body.prepend(tmp.firstElementChild);
  $("no-runs").hidden = true;
}

async function loadRuns() {
  const { folder, runs, target } = await Lab.api("/api/runs");
  $("runs-dir").textContent = folder;
  $("target-head").innerHTML = `≥&nbsp;${target}%<br>at`;
  $("target-head").title = `the first epoch with a test accuracy of ${target}% or more`;
  document.querySelector("#runs tbody").innerHTML = runs.map(row).join("");
  runs.forEach(message.outdate);
  $("no-runs").hidden = runs.length > 0;
  const running = runs.find(r => r.status === "running");
  if (running && !liveRun) {
    follow(running.name);
    epochs(await Lab.api("/api/runs/" + encodeURIComponent(running.name)));
  }
}

document.querySelector("#runs").addEventListener("change", e => {
  const name = e.target.dataset.compare;
  if (name === undefined) return;
  if (e.target.checked) ticked.add(name); else ticked.delete(name);
  showTicked();
});

function showTicked() {
  $("compare").disabled = ticked.size < 2;
  $("compare-hint").textContent = ticked.size < 2 ? "tick two runs or more to compare them"
    : `${ticked.size} runs ticked`;
}

$("compare").addEventListener("click", () => {
  // The table lists the newest first; attempts read in the order they were made.
  const names = [...document.querySelectorAll("#runs input[data-compare]:checked")]
    .map(box => box.dataset.compare).reverse();
  location.href = "/compare?runs=" + names.map(encodeURIComponent).join(",");
});

document.querySelector("#runs").addEventListener("click", async e => {
  const name = e.target.dataset.resume;
  if (!name) return;
  clearErrors();
  let body;
  try {
    body = await Lab.api(`/api/runs/${encodeURIComponent(name)}/resume`, { method: "POST" });
  } catch (refused) {
    showRefusal(refused.message, null, refused.body?.run);
    return;
  }
  follow(body.run);
  epochs(await Lab.api("/api/runs/" + encodeURIComponent(body.run)));
});

// ---- live: the server pushes runs, progress and training events -------------------------------
Lab.events({
  run: run => { upsert(run); epochs(run); message.outdate(run); },
  progress,
  training: t => {
    if (t.state === "failed") {
      showRefusal(t.error, t.field);
      if (t.run === liveRun) { $("live").hidden = true; liveRun = null; }
      $("stop").disabled = true;
    }
    if (t.state === "ended") $("stop").disabled = true;
  },
});

$("start").addEventListener("click", start);
$("stop").addEventListener("click", stop);
loadForm().then(loadRuns);
