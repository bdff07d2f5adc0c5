"use strict";
/** The editor's line height and top padding, in pixels: as in design.css. */
const LINE = 20, PAD = 6;
/** Ms after the last keystroke before the model is sent: a word typed is one request. */
const QUIET_MS = 90;
const MIN_LINES = 12;
const count = n => Number(n).toLocaleString("en");
/** Parameters as summary writes them: a+b, trainable and BatchNorm running statistics. */
const parameters = (trainable, running) => count(trainable) + (running ? "+" + count(running) : "");
const editor = $("text");
/** The lines beside Save and Train: HTML, as they link the run started. */
const saveMessage = messageLine($("save-message"), { html: true });
const trainMessage = messageLine($("train-message"), { html: true });

/** What the tests read: the latest design shown and how long it took after the last keystroke. */
const shown = Lab.hooks.design = {
  updates: 0, text: null, lastUpdateMs: null, parameters: null, rows: [], error: null, hints: [] };

// ---- the model's numbers, asked for as the learner types ---------------------------------------
let lastInputAt = null;
let quiet = null;
let asked = 0;
/** The last design without an error: shown, greyed, while the text has one. */
let lastGood = null;

editor.addEventListener("input", () => {
  lastInputAt = performance.now();
  fitEditor();
  clearTimeout(quiet);
  quiet = setTimeout(ask, QUIET_MS);
  showDirty();
});

async function ask() {
  const mine = ++asked;
  const text = editor.value;
  const inputAt = lastInputAt;
  let design;
  try {
    design = await Lab.api("/api/design", { method: "POST", body: { text, name: fileName() } });
  } catch (e) {
    if (mine === asked) showProblem({ line: 0, column: 0, message: e.message });
    return;
  }
  // An answer to an older text, overtaken by a later request, would undo what that one shows.
  if (mine !== asked) return;
  show(design, text);
  if (inputAt !== null) shown.lastUpdateMs = Math.round(performance.now() - inputAt);
  shown.updates++;
  if (!design.error) askChecklist(mine, text);
}

// ---- the assignment's rules the file already meets or breaks (a card of its own) -----------
async function askChecklist(mine, text) {
  let answer;
  try {
    answer = await Lab.api("/api/design/checklist", { method: "POST", body: { text } });
  } catch (e) {
    return;
  }
  // Only the latest text's: an older answer would show rules of a file no longer there.
  if (mine !== asked || !answer.checklist) return;
  const list = answer.checklist;
  $("checklist-title").textContent = `The assignment: ${list.assignment}, before training`;
  $("checklist").innerHTML = Checklist.html(list);
  $("checklist-card").hidden = false;
  Lab.hooks.designChecklist = { text, headline: list.headline,
    rules: list.rules.map(r => ({ rule: r.rule, status: r.status, figure: r.figure })) };
}

function show(design, text) {
  shown.text = text;
  shown.error = design.error;
  if (!design.error) {
    lastGood = design;
    showNumbers(design);
  }
  $("results").hidden = !lastGood;
  $("results").classList.toggle("stale", !!design.error);
  $("stale-note").hidden = !design.error;
  $("stale-note").textContent = lastGood ? "The numbers of the last version without an error:"
    : "No numbers until the file reads without an error.";
  if (!design.error) showHints(design.hints);
  showProblem(design.error);
  markLine();
}

function showNumbers(design) {
  shown.parameters = design.parameters;
  shown.rows = design.layers.map(l => ({ line: l.line, layer: l.kind, shape: l.shape, parameters: l.parameters }));
  shown.hints = design.hints;
  $("parameters").textContent = count(design.parameters);
  $("running-stats").textContent = `+ ${count(design.runningStats)} BatchNorm running statistics`;
  $("macs").textContent = `${count(design.macs)} MACs per image`;
  $("budgets").innerHTML = design.budgets.map(b => {
    const below = b.limit - design.parameters;
    const by = below > 0 ? count(below) + " below" : below < 0 ? count(-below) + " above" : "exactly at it";
    return `<span class="budget ${b.within ? "met" : "over"}" data-limit="${b.limit}">under ${count(b.limit)}:
      <b>${b.within ? "met" : "over"}</b>, ${by}</span>`;
  }).join("");
  let stage = null;
  const rows = [];
  for (const l of design.layers) {
    if (l.stage && l.stage !== stage) rows.push(`<tr class="stage"><td colspan="7"># ${Lab.escape(l.stage)}</td></tr>`);
    stage = l.stage;
    rows.push(`<tr data-line="${l.line}"><td class="n line">${l.line}</td><td>${Lab.escape(l.kind)}</td>
      <td>${Lab.escape(l.shape)}</td><td class="n">${parameters(l.parameters, l.runningStats)}</td>
      <td class="n">${l.receptiveField}x${l.receptiveField}</td><td class="n">${l.jump}</td><td class="n">${count(l.macs)}</td></tr>`);
  }
  $("layers").tBodies[0].innerHTML = rows.join("");
  $("layers").tFoot.innerHTML = `<tr><td></td><td colspan="2">total</td>
    <td class="n">${parameters(design.parameters, design.runningStats)}</td>
    <td colspan="2"></td><td class="n">${count(design.macs)}</td></tr>`;
}

function showHints(hints) {
  $("hints").innerHTML = hints.map(h => `<li data-line="${h.line}"><a data-line="${h.line}">line ${h.line}</a>
    ${Lab.escape(h.text)}</li>`).join("");
}

// ---- the editor: its gutter, the error beside its line -----------------------------------------
/** The error shown, kept to place its marks again when the text scrolls sideways. */
let problem = null;

function showProblem(error) {
  problem = error && error.line > 0 ? error : null;
  const box = $("error");
  box.hidden = !error;
  if (error) {
    // The message begins with the file, line and column (as on the command line): said once.
    box.innerHTML = error.line > 0
      ? `<b>line ${error.line}, column ${error.column}:</b> ${Lab.escape(error.message.replace(/^[^:]*:\d+:\d+: /, ""))}`
      : Lab.escape(error.message);
  }
  drawGutter();
  drawMarks();
}

/** The textarea as tall as its lines (the page scrolls, not it, unless CSS caps it). */
function fitEditor() {
  const lines = Math.max(editor.value.split("\n").length, MIN_LINES);
  const height = lines * LINE + 2 * PAD;
  editor.style.height = height + "px";
  const scrollbar = editor.offsetHeight - editor.clientHeight;
  if (scrollbar) editor.style.height = height + scrollbar + "px";
  drawGutter();
  drawMarks();
}

function drawGutter() {
  const lines = editor.value.split("\n").length;
  const hinted = new Set(shown.error ? [] : shown.hints.map(h => h.line));
  const html = [];
  for (let n = 1; n <= lines; n++) {
    const cls = problem && problem.line === n ? "wrong" : hinted.has(n) ? "hinted" : "";
    html.push(`<div data-line="${n}"${cls ? ` class="${cls}"` : ""}>${n}</div>`);
  }
  $("line-numbers").innerHTML = html.join("");
  $("gutter").scrollTop = editor.scrollTop;
}

/** The width of one character of the editor's font. */
const charWidth = (() => {
  let width = null;
  return () => {
    if (width === null) {
      const probe = document.createElement("span");
      probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;font:inherit";
      probe.textContent = "0".repeat(40);
      $("marks").appendChild(probe);
      width = probe.getBoundingClientRect().width / 40;
      probe.remove();
    }
    return width;
  };
})();

/**
 * The error's line as a band, its column underlined and its problem after the line's end; or,
 * with no error, each hint after the end of its line. Cut at the editor's edge: the whole text is
 * under the editor, and in the title.
 */
function drawMarks() {
  const lines = editor.value.split("\n");
  const ch = charWidth();
  const x = column => 8 + column * ch - editor.scrollLeft;
  const top = line => PAD + (line - 1) * LINE - editor.scrollTop;
  /** A note after the end of a line (or after a column beyond it), if there is room for one. */
  const note = (line, after, cls, text, title) => {
    const end = Math.max((lines[line - 1] ?? "").replace(/\t/g, "    ").length, after);
    const left = x(end + 2);
    const width = editor.clientWidth - left - 4;
    return width < 40 ? "" : `<div class="${cls}" data-line="${line}" title="${Lab.escape(title)}"
      style="top:${top(line)}px;left:${left}px;max-width:${width}px">${Lab.escape(text)}</div>`;
  };
  const html = [];
  if (problem) {
    const line = Math.min(problem.line, lines.length);
    html.push(`<div class="band" style="top:${top(line)}px"></div>`,
      `<div class="column" style="top:${top(line)}px;left:${x(problem.column - 1)}px;width:${ch}px"></div>`,
      note(line, problem.column, "message wrong", `← col ${problem.column}: ${problem.problem}`, problem.message));
  } else if (!shown.error) {
    for (const h of shown.hints) html.push(note(h.line, 0, "message hinted", "← " + h.text, h.text));
  }
  $("marks").innerHTML = html.join("");
}
editor.addEventListener("scroll", () => {
  $("gutter").scrollTop = editor.scrollTop;
  drawMarks();
});
window.addEventListener("resize", () => { fitEditor(); });

/** The table's row of the line the caret is on. */
function markLine() {
  const line = editor.value.slice(0, editor.selectionStart).split("\n").length;
  for (const tr of $("layers").querySelectorAll("tr.here")) tr.classList.remove("here");
  $("layers").querySelector(`tbody tr[data-line="${line}"]`)?.classList.add("here");
}
for (const type of ["keyup", "click", "focus"]) editor.addEventListener(type, markLine);

/** Puts the caret on a line, selected, with the line in view. */
function goTo(line) {
  const lines = editor.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  editor.focus({ preventScroll: true });
  editor.setSelectionRange(start, start + (lines[line - 1] ?? "").length);
  // In view inside the editor (when CSS caps its height), then in the window.
  const y = (line - 1) * LINE;
  if (y < editor.scrollTop || y + LINE + PAD > editor.scrollTop + editor.clientHeight) {
    editor.scrollTop = y - editor.clientHeight / 2;
  }
  const onScreen = editor.getBoundingClientRect().top + PAD + y - editor.scrollTop;
  if (onScreen < 0 || onScreen + LINE > innerHeight) window.scrollBy(0, onScreen - innerHeight / 3);
  markLine();
}
$("layers").addEventListener("click", e => {
  const row = e.target.closest("tr[data-line]");
  if (row) goTo(Number(row.dataset.line));
});
$("hints").addEventListener("click", e => {
  if (e.target.dataset.line) goTo(Number(e.target.dataset.line));
});

// ---- where the text comes from: a model (built-in or a file of the models folder), a run -------
/** The train form's models: ids, parameters and the recipe of each, as train's fields. */
let models = [];
/** Where the text came from: {run} or {model}; and what was last saved: {name, text}. */
let source = null;
let saved = null;

/** The train form's models again, after a save: the new file among them, its recipe. */
async function loadModels() {
  models = await Lab.api("/api/train/form");
  showSources();
  showRecipe();
}

/** The models to start from, and the run the text came from if it did. */
function showSources() {
  const options = models.map(m => `<option value="model:${Lab.escape(m.id)}">${Lab.escape(m.id)}${
    m.parameters == null ? "" : " · " + count(m.parameters) + " parameters"}</option>`);
  if (source?.run) options.unshift(`<option value="run:${Lab.escape(source.run)}">the model of run ${Lab.escape(source.run)}</option>`);
  $("source").innerHTML = options.join("");
  $("source").value = sourceValue();
}
const sourceValue = () => source?.run ? "run:" + source.run : "model:" + (saved?.name ?? source?.model);

async function load(from) {
  Lab.showError($("load-error"), null);
  let answer;
  try {
    answer = await Lab.api(from.run ? `/api/runs/${encodeURIComponent(from.run)}/model`
      : `/api/models/${from.model.split(":").map(encodeURIComponent).join("/")}`);
  } catch (e) {
    Lab.showError($("load-error"), e);
    return;
  }
  source = from;
  const isFile = !from.run && from.model.endsWith(".txt");
  saved = isFile ? { name: from.model, text: answer.text } : null;
  // A class (s6.ipynb:Net2) is saved as a model file of its own: the notebook stays as it is.
  $("name").value = from.run ? from.run + ".txt" : isFile ? from.model
    : "my-" + from.model.replace(/\.(py|ipynb):?/, "-").replace(/-$/, "") + ".txt";
  editor.value = answer.text;
  editor.scrollLeft = 0;
  history.replaceState(null, "", "/design?" + new URLSearchParams(from.run ? { run: from.run } : { model: from.model }));
  lastGood = null;
  lastInputAt = null;
  fitEditor();
  showDirty();
  showSources();
  showRecipe();
  await ask();
}

$("source").addEventListener("change", async () => {
  const [kind, id] = $("source").value.split(/:(.*)/);
  if (dirty() && !confirm("Leave the changes not saved?")) {
    $("source").value = sourceValue();
    return;
  }
  await load(kind === "run" ? { run: id } : { model: id });
});

// ---- save and train ----------------------------------------------------------------------------
/** The file name typed, ending in .txt as every model file does. */
function fileName() {
  const name = $("name").value.trim().replace(/\.txt$/i, "");
  return (name || "my-net") + ".txt";
}
$("name").addEventListener("change", () => {
  // An emptied field is left empty while a name is typed in; saving then names it my-net.txt.
  if ($("name").value.trim()) $("name").value = fileName();
  showDirty();
});

const dirty = () => !saved || saved.name !== fileName() || saved.text !== editor.value;
function showDirty() {
  if (dirty()) saveMessage.say(saved ? "changed since it was saved" : "not saved yet");
}

/** Saves the text as models/NAME; true once saved. */
/** A name the server said exists, and the learner may Save again under to replace the file. */
let replaceAsked = null;

async function save() {
  $("name").value = fileName();
  const name = $("name").value, text = editor.value;
  $("e-name").textContent = "";
  $("name").classList.remove("invalid");
  // The file this page opened or saved is its own to replace; any other is only on a second Save.
  const replace = name === saved?.name || name === replaceAsked;
  try {
    await Lab.api(`/api/models/${encodeURIComponent(name)}`, { method: "PUT",
      body: replace ? { text, replace: "yes" } : { text } });
  } catch (e) {
    replaceAsked = e.status === 409 ? name : null;
    $("e-name").textContent = e.message;
    $("name").classList.add("invalid");
    saveMessage.say("");
    return false;
  }
  replaceAsked = null;
  saved = { name, text };
  source = { model: name };
  history.replaceState(null, "", "/design?" + new URLSearchParams({ model: name }));
  saveMessage.say(`saved as models/${Lab.escape(name)}`);
  await loadModels();
  showDirty();
  return true;
}
$("save").addEventListener("click", save);

/** train's fields, each empty: the recipe's value is its placeholder. The usual ones in view. */
function buildForm() {
  const names = Object.keys(models.find(m => m.default)?.fields ?? {});
  const MAIN_FIELDS = models.find(m => m.default)?.main ?? [];
  $("form-main").innerHTML = names.filter(n => MAIN_FIELDS.includes(n)).map(TrainForm.field).join("");
  $("form-more").innerHTML = names.filter(n => !MAIN_FIELDS.includes(n)).map(TrainForm.field).join("");
}

/** The placeholders: the recipe of the file as saved, else of the model the text came from. */
function showRecipe() {
  TrainForm.showRecipe(models.find(m => m.id === (saved?.name ?? source?.model)));
}

function clearTrainErrors() {
  TrainForm.clearErrors();
  trainMessage.say("");
}

/** The run started from here, followed on the lab's event stream (opened once one starts). */
let training = null;
let events = null;
function followRun(run) {
  training = { run, link: `<a id="run-link" href="/runs/${encodeURIComponent(run)}">${Lab.escape(run)}</a>` };
  trainMessage.say(`training ${training.link}: loading the data…`);
  events ??= Lab.events({
    run: r => {
      if (r.name === training.run) trainMessage.say(`${training.link}: ${Lab.escape(r.status)}, epoch ${r.done} of ${r.epochs}`);
    },
    training: t => {
      if (t.run === training.run && t.state === "failed") trainMessage.say(`${training.link}: ${Lab.escape(t.error)}`, { error: true });
    }
  });
}

async function train() {
  clearTrainErrors();
  if (dirty() && !await save()) return;
  const fields = TrainForm.values({ model: saved.name });
  let answer;
  try {
    answer = await Lab.api("/api/train", { method: "POST", body: fields });
  } catch (e) {
    for (const wrong of e.errors ?? [{ error: e.message, field: e.field }]) {
      if (!TrainForm.showError(wrong.field, wrong.error)) {
        trainMessage.say(Lab.escape(wrong.error), { error: true });
      }
    }
    return;
  }
  followRun(answer.run);
}
$("train").addEventListener("click", train);

// ---- start: ?run=NAME, ?model=ID, else the default model ---------------------------------------
(async () => {
  const params = new URLSearchParams(location.search);
  let from = params.get("run") ? { run: params.get("run") } : params.get("model") ? { model: params.get("model") } : null;
  try {
    models = await Lab.api("/api/train/form");
  } catch (e) {
    Lab.showError($("load-error"), e);
  }
  buildForm();
  await load(from ?? { model: models.find(m => m.default)?.id ?? "lean" });
  // Offered even when that one could not be read, to start from another.
  showSources();
  fitEditor();
})();
