// The recipe's cards, on the design page and the runs form: "Find a learning rate" (the range
// test, POST /api/lr-find, followed by GET /api/lr-find, its chart drawn with Chart.js) and
// "Augmentation seen" (POST /api/augment: a PNG grid, redrawn when a recipe field changes). Both
// send the page's train form as it stands; the design page sends its model file as typed.
"use strict";

const RecipeCards = (() => {
  const onDesign = location.pathname.startsWith("/design");

  /** The body of a request: the train form's fields, and on the design page the file's text. */
  function formFields(own) {
    const fields = onDesign
      ? TrainForm.values({ model: ($("name")?.value.trim() || "model.txt"), text: $("text").value })
      : TrainForm.values({ model: $("f-model").value });
    for (const [name, input] of Object.entries(own)) {
      if (input.value.trim()) fields[name] = input.value.trim();
    }
    return fields;
  }

  const field = (id, label, placeholder) => `<div class="field"><label for="${id}">${label}</label>
    <input type="text" id="${id}" placeholder="${placeholder}" autocomplete="off"></div>`;

  function say(element, text, error = false) {
    element.textContent = text;
    element.classList.toggle("error", error);
  }

  /** A refusal's lines, each naming its field: "rotation: must be 0 to 180". */
  const refusal = e => (e.errors ?? [{ error: e.message }]).map(x => x.error).join("; ");

  // ---- the learning-rate range test --------------------------------------------------------------
  function lrFind(card) {
    card.innerHTML = `<h2>Find a learning rate</h2>
      <div class="tool-fields">${field("lrf-start", "start", "1e-5")}${field("lrf-end", "end", "10")}
        ${field("lrf-steps", "steps", "200")}<button id="lrf-run">Find</button>
        <button id="lrf-use" hidden>Use it</button></div>
      <div id="lrf-message" class="tool-message"></div>
      <div class="lrf-chart-box"><canvas id="lrf-chart"></canvas></div>
      <div class="hint">A new copy of the model trains with this form's recipe for a few hundred
        steps, the rate growing by a constant factor from start to end; the loss is smoothed
        (moving average, β 0.98, bias-corrected) and the test stops once it passes 4 × its lowest.
        Suggested: the rate of the steepest descent of the smoothed loss; the minimum / 10 is shown
        beside it. No run is made or changed (<code>backprop-lab lr-find</code>).</div>`;
    const message = $("lrf-message");
    let chart = null;
    let suggested = null;
    let timer = null;

    /** A label at each power of ten only: Chart.js also ticks 1.5 × 10^k, which reads alike. */
    const decade = v => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6
      ? String(Number(Number(v).toPrecision(1))) : "";

    /**
     * The loss axis up to twice the first smoothed loss (an untrained model's): the explosion
     * that stops the test can be a hundred times higher and would flatten the curve that matters.
     */
    const yMax = state => state.smoothed.length
      ? Math.ceil(2 * state.smoothed[0]) : undefined;

    function draw(state) {
      const points = state.rates.map((x, i) => ({ x, y: state.smoothed[i] }));
      const marks = [];
      if (state.suggestedIndex >= 0) {
        marks.push({ label: `suggested ${state.suggestedText} (steepest descent)`,
          data: [{ x: state.rates[state.suggestedIndex], y: state.smoothed[state.suggestedIndex] }],
          pointRadius: 6, pointBackgroundColor: "#ff7f0e", borderColor: "#ff7f0e", showLine: false });
      }
      if (state.minimumOver10 != null) {
        const near = state.rates.reduce((best, r, i) => Math.abs(Math.log(r / state.minimumOver10))
          < Math.abs(Math.log(state.rates[best] / state.minimumOver10)) ? i : best, 0);
        marks.push({ label: `minimum / 10: ${state.minimumOver10Text}`,
          data: [{ x: state.minimumOver10, y: state.smoothed[near] }],
          pointRadius: 6, pointBackgroundColor: "#2ca02c", borderColor: "#2ca02c", showLine: false });
      }
      const datasets = [{ label: "smoothed loss (β 0.98)", data: points, borderColor: "#1f77b4",
        pointRadius: 0, borderWidth: 2 }, ...marks];
      if (chart) {
        chart.data.datasets = datasets;
        chart.options.scales.y.max = yMax(state);
        chart.update("none");
        return;
      }
      chart = new Chart($("lrf-chart"), {
        type: "line", data: { datasets },
        options: { animation: false, maintainAspectRatio: false, parsing: true,
          scales: { x: { type: "logarithmic", title: { display: true, text: "learning rate" },
                         ticks: { callback: decade, autoSkip: false, maxRotation: 0 } },
                    y: { title: { display: true, text: "training loss" }, max: yMax(state) } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } },
      });
    }

    function show(state) {
      if (state.state === "none") return;
      if (state.rates?.length) draw(state);
      if (state.state === "running") {
        say(message, `${state.model}: step ${state.rates.length} of ${state.steps} …`);
        return;
      }
      clearInterval(timer);
      timer = null;
      $("lrf-run").disabled = false;
      if (state.state === "failed") {
        say(message, state.error, true);
        return;
      }
      suggested = state.suggestedText ?? null;
      $("lrf-use").hidden = !suggested || !$("f-lr");
      const stop = state.stoppedBy ? `stopped early at step ${state.taken}: ${state.stoppedBy}`
        : `all ${state.taken} steps`;
      say(message, (suggested ? `${state.model}: suggested lr ${suggested} (${state.rule}); `
        + `minimum / 10: ${state.minimumOver10Text}; ` : `${state.model}: no rate to suggest; `)
        + `${stop}; ${state.seconds.toFixed(1)} s`);
    }

    async function poll() {
      try {
        show(await Lab.api("/api/lr-find"));
      } catch (e) {
        say(message, e.message, true);
      }
    }

    $("lrf-run").addEventListener("click", async () => {
      say(message, "starting …");
      $("lrf-use").hidden = true;
      try {
        await Lab.api("/api/lr-find", { method: "POST", body: formFields({
          start: $("lrf-start"), end: $("lrf-end"), steps: $("lrf-steps") }) });
      } catch (e) {
        say(message, refusal(e), true);
        return;
      }
      $("lrf-run").disabled = true;
      if (chart) { chart.destroy(); chart = null; }
      timer = setInterval(poll, 1000);
    });
    $("lrf-use").addEventListener("click", () => {
      $("f-lr").value = suggested;
      $("f-lr").dispatchEvent(new Event("input", { bubbles: true }));
    });
    // A test still running (or done) when the page is opened again.
    poll().then(() => { if (message.textContent.includes("…")) timer = setInterval(poll, 1000); });
    Lab.hooks.lrFind = { poll };
  }

  // ---- augmentation seen -------------------------------------------------------------------------
  /** The fields whose change changes the grid: the recipe's augmentation and the run's. */
  const WATCHED = ["rotation", "shift", "seed", "limit", "holdout"];

  function augment(card) {
    card.innerHTML = `<h2>Augmentation seen</h2>
      <div class="tool-fields">${field("aug-labels", "labels", "0-9")}${field("aug-digits", "digits", "10")}
        ${field("aug-draws", "epochs", "8")}</div>
      <div class="tool-fields" id="aug-confused"><div class="field"><label for="aug-run">digits a run
        confuses</label><select id="aug-run"><option value="">a run…</option></select></div>
        <span id="aug-pairs"></span></div>
      <div id="aug-message" class="tool-message"></div>
      <div class="aug-box"><img id="aug-grid" alt="training digits as the recipe's augmentation moves them"></div>
      <div class="hint">Each row: a training digit, then what epochs 1, 2, … of this run give the
        model of it — the recipe's rotation and shift, drawn by training's own code with the run's
        seed. Labels such as <code>4,9</code> show the digits a model confuses. Redrawn as the
        form's rotation, shift or seed change (<code>backprop-lab augment</code>).</div>`;
    const message = $("aug-message");
    let url = null;
    let pending = null;
    let asked = 0;

    async function redraw() {
      const mine = ++asked;
      $("aug-grid").classList.add("stale");
      const body = formFields({ labels: $("aug-labels"), digits: $("aug-digits"), draws: $("aug-draws") });
      let response;
      try {
        response = await fetch("/api/augment", { method: "POST",
          headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      } catch (e) {
        say(message, "the lab does not answer: is backprop-lab serve still running?", true);
        return;
      }
      if (mine !== asked) return;
      if (!response.ok) {
        const text = await response.text();
        let json = null;
        try { json = JSON.parse(text); } catch (e) { /* plain text */ }
        say(message, json ? refusal({ errors: json.errors, message: json.error }) : text.trim(), true);
        return;
      }
      const blob = await response.blob();
      if (mine !== asked) return;
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(blob);
      $("aug-grid").src = url;
      $("aug-grid").classList.remove("stale");
      say(message, "");
    }

    function later(ms = 350) {
      clearTimeout(pending);
      pending = setTimeout(redraw, ms);
    }

    card.addEventListener("input", () => later());
    document.addEventListener("input", e => {
      if (WATCHED.includes(e.target.name) || e.target.id === "text") later(e.target.id === "text" ? 800 : 350);
    });
    document.addEventListener("change", e => {
      if (e.target.id === "f-model" || e.target.id === "source") later(100);
    });
    /**
     * The runs to pick from, and for the one picked the three pairs of digits its best model
     * confuses most on the test set (both ways counted: its confusion matrix, as the run page
     * shows it); a pair's button shows those two digits.
     */
    async function confusedRuns() {
      let answer;
      try {
        answer = await Lab.api("/api/runs");
      } catch (e) {
        return;
      }
      const runs = answer.runs.filter(r => r.status !== "broken");
      $("aug-confused").hidden = runs.length === 0;
      $("aug-run").innerHTML = `<option value="">a run…</option>` + runs.map(r =>
        `<option value="${Lab.escape(r.name)}">${Lab.escape(r.name)}</option>`).join("");
    }

    async function showPairs() {
      const run = $("aug-run").value;
      $("aug-pairs").innerHTML = "";
      if (!run) return;
      let verdicts;
      try {
        verdicts = await Lab.api(`/api/runs/${encodeURIComponent(run)}/verdicts`);
      } catch (e) {
        say(message, e.message, true);
        return;
      }
      const m = verdicts.matrix;
      const pairs = [];
      for (let a = 0; a < m.length; a++) {
        for (let b = a + 1; b < m.length; b++) {
          if (m[a][b] + m[b][a] > 0) pairs.push({ a, b, count: m[a][b] + m[b][a] });
        }
      }
      pairs.sort((x, y) => y.count - x.count || x.a - y.a || x.b - y.b);
      $("aug-pairs").innerHTML = pairs.slice(0, 3).map(p => `<button data-pair="${p.a},${p.b}"
        title="${p.count} test digits mistaken between ${p.a} and ${p.b}">${p.a}·${p.b}
        (${p.count})</button>`).join(" ") || "no mistakes";
    }
    $("aug-run").addEventListener("change", showPairs);
    $("aug-pairs").addEventListener("click", e => {
      const pair = e.target.closest("button")?.dataset.pair;
      if (!pair) return;
      $("aug-labels").value = pair;
      later(0);
    });
    confusedRuns();

    Lab.hooks.augment = { redraw, showPairs };
    // The form's models may still be on their way when the card first opens.
    later($("f-rotation") ? 0 : 800);
  }

  /**
   * The cards wait, hidden, behind two buttons at the foot of the page's train form: a page
   * whose form is all a learner needs stays as short as it was, and the grid is drawn (and the
   * training images loaded) only for one who asks.
   */
  function mount() {
    const form = onDesign ? $("save-train") : $("start")?.closest(".card");
    if (!form) return;
    const buttons = document.createElement("div");
    buttons.className = "tool-buttons";
    buttons.innerHTML = `<button id="show-lr-find">Find a learning rate…</button>
      <button id="show-augment">See the augmentation…</button>`;
    form.append(buttons);
    const opened = new Set();
    function show(id, build) {
      const card = $(id);
      card.hidden = false;
      if (!opened.has(id)) {
        opened.add(id);
        build(card);
      }
      card.scrollIntoView({ block: "nearest" });
    }
    $("show-lr-find").addEventListener("click", () => show("lr-find-card", lrFind));
    $("show-augment").addEventListener("click", () => show("augment-card", augment));
    // A range test still running (or done) when the page is opened again: its card shown.
    Lab.api("/api/lr-find").then(s => {
      if (s.state !== "none") show("lr-find-card", lrFind);
    }, () => {});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
  return { formFields };
})();
