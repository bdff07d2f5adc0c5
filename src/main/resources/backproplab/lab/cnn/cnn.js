"use strict";
// Everything shown is computed by the Java code (backproplab.inspect); this page only paints it.
const api = "/api/cnn/runs";
// How long a digit takes, from the request to everything painted, for the page's tests.
const timings = Lab.hooks.timings = { lastMs: null, history: [], shown: 0 };
let current = null;     // the last answer, a CnnView
let testCount = 10000;
let layoutKey = null;   // the model the feature-map canvases were built for
let drawn = null;       // the last drawing sent, as PNG bytes: what the input shows, if a drawing
let asked = 0;          // requests made; only the latest one's answer is shown
let ready = false;      // a run to show digits through: the controls are on

function showError(message) { $("error").textContent = message || ""; }

async function loadRuns() {
  const body = await Lab.api(api);
  testCount = body.testDigits;
  const select = $("run");
  select.innerHTML = "";
  for (const r of body.runs) {
    const o = document.createElement("option");
    o.value = r.name;
    // train's names begin with the model (tiny-20261123-074543): said once, the label fits.
    const model = r.name.startsWith(r.model + "-") ? "" : `${r.model}, `;
    o.textContent = `${r.name} · ${model}epoch ${r.epoch}, ${(100 * r.bestAccuracy).toFixed(2)}%`;
    o.title = `${r.name}: ${r.model}, best checkpoint at epoch ${r.epoch},`
      + ` ${(100 * r.bestAccuracy).toFixed(2)}% of the test digits right`;
    select.appendChild(o);
  }
  select.title = select.selectedOptions.length ? select.selectedOptions[0].title : "";
  enable(body.runs.length > 0);
  if (!body.runs.length) {
    const o = document.createElement("option");
    o.textContent = "no trained runs";
    select.appendChild(o);
    $("no-runs").hidden = false;
    // The folder looked in, as the Runs page names it; the message stands without it.
    Lab.api("/api/runs").then(r => { $("runs-dir").textContent = r.folder; })
      .catch(() => {});
  }
  return body.runs.length > 0;
}

/** The run picker, the test digit's controls and the pad: on only with a run to show through. */
function enable(on) {
  ready = on;
  for (const id of ["run", "test-index", "show-test", "random-test"]) { $(id).disabled = !on; }
  $("pad").classList.toggle("off", !on);
  $("pad-caption").textContent = on ? "draw a digit here (mouse or finger)"
    : "drawing needs a trained run";
  $("clear-part").hidden = !on;
}

/** Asks for a view; shows it unless a later request was made meanwhile (a quicker run picked). */
async function ask(url, options, started) {
  const mine = ++asked;
  showError("");
  try {
    const view = await Lab.api(url, options);
    if (mine === asked) { show(view, started); }
  } catch (e) {
    if (mine === asked) { showError(e.message); }
  }
}

function showTest(index) {
  return ask(`${api}/${encodeURIComponent($("run").value)}/test/${index}`, undefined,
    performance.now());
}

/** The pad's drawing, or png: a drawing sent before, now through another run. */
function showDrawing(png) {
  const started = performance.now();
  // toDataURL, not toBlob: headless Chromium took a second to call toBlob back.
  const blob = png || bytes($("pad").toDataURL("image/png").split(",")[1]);
  timings.encodeMs = performance.now() - started;
  drawn = blob;
  return ask(`${api}/${encodeURIComponent($("run").value)}/drawing`,
    { method: "POST", type: "image/png", body: blob }, started);
}

function bytes(base64) {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) { out[i] = text.charCodeAt(i); }
  return out;
}

function paintGrey(canvas, grey, offset, w, h) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(w, h);
  for (let k = 0; k < w * h; k++) {
    const v = grey[offset + k];
    image.data[4 * k] = v; image.data[4 * k + 1] = v; image.data[4 * k + 2] = v;
    image.data[4 * k + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

function show(view, started) {
  timings.answerMs = performance.now() - started;
  current = view;
  $("follow").hidden = false;
  const input = bytes(view.input);
  document.querySelectorAll("canvas.input").forEach(c => paintGrey(c, input, 0, 28, 28));
  clearRf();
  showBars(view);
  showKernels(view.kernels);
  showMaps(view);
  // The time from the request to everything painted: the page's own measure.
  requestAnimationFrame(() => {
    const ms = performance.now() - started;
    timings.lastMs = ms;
    timings.history.push(ms);
    timings.shown++;
  });
}

function showBars(view) {
  const bars = $("bars");
  if (!bars.children.length) {
    for (let c = 0; c < 10; c++) {
      const row = document.createElement("div");
      row.className = "bar";
      row.id = "bar-" + c;
      row.innerHTML = `<span>${c}</span><div class="track"><div class="fill"></div></div>`
        + `<span class="p num"></span>`;
      bars.appendChild(row);
    }
  }
  view.probabilities.forEach((p, c) => {
    const row = $("bar-" + c);
    row.classList.toggle("top1", c === view.predicted);
    row.querySelector(".fill").style.width = (100 * p).toFixed(1) + "%";
    row.querySelector(".p").textContent = (100 * p).toFixed(1) + "%";
  });
  const truth = view.label == null ? "" : view.label === view.predicted
    ? ` · right (labelled ${view.label})` : ` · wrong: labelled ${view.label}`;
  $("verdict").innerHTML = `predicted <b id="predicted">${view.predicted}</b>`
    + ` with ${(100 * view.probabilities[view.predicted]).toFixed(1)}%${truth}`;
}

function showKernels(k) {
  const box = $("kernels");
  box.innerHTML = "";
  for (let i = 0; i < k.count; i++) {
    const canvas = document.createElement("canvas");
    canvas.width = k.size; canvas.height = k.size;
    canvas.title = `kernel ${i + 1}`;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(k.size, k.size);
    for (let j = 0; j < k.size * k.size; j++) {
      const t = k.weights[i * k.size * k.size + j] / k.maxAbs;
      const fade = Math.round(255 * (1 - Math.min(1, Math.abs(t))));
      const rgb = t >= 0 ? [255, fade, fade] : [fade, fade, 255];
      image.data.set([...rgb, 255], 4 * j);
    }
    ctx.putImageData(image, 0, 0);
    box.appendChild(canvas);
  }
  $("kernels-hint").textContent = `${k.count} kernels of ${k.size}×${k.size}; red positive,`
    + ` blue negative, white 0, one scale (±${k.maxAbs.toFixed(3)})`;
}

/** Builds the canvases once per model, then only repaints them. */
function showMaps(view) {
  const key = view.run + "|" + view.model + "|" + view.maps.map(m => m.channels).join(",");
  if (key !== layoutKey) {
    layoutKey = key;
    const stages = $("stages");
    stages.innerHTML = "";
    let card = null;
    let stage = null;
    for (const m of view.maps) {
      if (card === null || m.stage !== stage) {
        stage = m.stage;
        card = document.createElement("section");
        card.className = "card stage";
        card.innerHTML = `<h2>${stage || "convolutions"}</h2>`;
        stages.appendChild(card);
      }
      const conv = document.createElement("div");
      conv.className = "conv";
      conv.innerHTML = `<div class="title">${m.title}; receptive field ${m.rf}×${m.rf}`
        + `${m.classScores ? "; one channel per class, 0 to 9, on one scale" : ""}</div>`;
      const channels = document.createElement("div");
      channels.className = "channels";
      channels.dataset.conv = m.number;
      // Small maps drawn larger, so each stays readable and a row of them fits.
      const side = Math.max(34, Math.min(46, m.width * 2));
      for (let c = 0; c < m.channels; c++) {
        const canvas = document.createElement("canvas");
        canvas.width = m.width; canvas.height = m.height;
        canvas.style.width = side + "px";
        canvas.style.height = Math.round(side * m.height / m.width) + "px";
        canvas.title = m.classScores ? `conv ${m.number}, class ${c}`
          : `conv ${m.number}, channel ${c + 1}`;
        canvas.className = "map";
        canvas.addEventListener("mousemove", e => pointAt(m.number, canvas, e));
        canvas.addEventListener("click", e => pointAt(m.number, canvas, e));
        canvas.addEventListener("mouseleave", clearRf);
        channels.appendChild(canvas);
      }
      conv.appendChild(channels);
      card.appendChild(conv);
    }
  }
  for (const m of view.maps) {
    const grey = bytes(m.grey);
    const canvases = document.querySelectorAll(`.channels[data-conv="${m.number}"] canvas`);
    canvases.forEach((canvas, c) => paintGrey(canvas, grey, c * m.width * m.height, m.width,
      m.height));
  }
}

/** The receptive field of the output under the pointer, computed from the map's geometry. */
function pointAt(number, canvas, event) {
  if (!current) { return; }
  const m = current.maps.find(x => x.number === number);
  const r = canvas.getBoundingClientRect();
  const x = Math.min(m.width - 1, Math.floor((event.clientX - r.left) / r.width * m.width));
  const y = Math.min(m.height - 1, Math.floor((event.clientY - r.top) / r.height * m.height));
  drawRf(m, x, y);
}

/** The field drawn on the input and on its copy beside the maps, with the same caption. */
function drawRf(m, x, y) {
  const x0 = m.start + x * m.jump;
  const y0 = m.start + y * m.jump;
  // Clipped to the image: the rest of the field is padding.
  const left = Math.max(0, x0), top = Math.max(0, y0);
  const right = Math.min(28, x0 + m.rf), bottom = Math.min(28, y0 + m.rf);
  document.querySelectorAll("canvas.rf").forEach(c => {
    const ctx = c.getContext("2d");
    const s = c.width / 28;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.fillStyle = "rgba(224, 123, 36, 0.28)";
    ctx.fillRect(left * s, top * s, (right - left) * s, (bottom - top) * s);
    ctx.strokeStyle = "#e07b24";
    ctx.lineWidth = 2;
    ctx.strokeRect(left * s + 1, top * s + 1, (right - left) * s - 2, (bottom - top) * s - 2);
  });
  caption(`conv ${m.number} at (${x}, ${y}) sees input`
    + ` rows ${top}–${bottom - 1}, columns ${left}–${right - 1} (${m.rf}×${m.rf} field)`);
  Lab.hooks.rf = { conv: m.number, x, y, left, top, right: right - 1, bottom: bottom - 1 };
}

/** No receptive field drawn: the caption says again what the input is. */
function clearRf() {
  document.querySelectorAll("canvas.rf").forEach(c =>
    c.getContext("2d").clearRect(0, 0, c.width, c.height));
  caption(current == null
    ? "the model's input: 28×28, prepared as MNIST"
    : current.index == null ? "your drawing as the model sees it: 28×28, prepared as MNIST"
    : `test digit #${current.index}, labelled ${current.label}`);
}

function caption(text) {
  $("input-caption").textContent = text;
  $("follow-caption").textContent = text;
}

// The drawing pad: pointer events cover mouse, pen and touch alike.
const pad = $("pad");
const pen = pad.getContext("2d");
let drawing = false;
let last = null;
function clearPad() {
  pen.fillStyle = "#fff";
  pen.fillRect(0, 0, pad.width, pad.height);
}
function position(e) {
  const r = pad.getBoundingClientRect();
  return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
}
pad.addEventListener("pointerdown", e => {
  if (!ready) { return; }
  drawing = true;
  last = position(e);
  pad.setPointerCapture(e.pointerId);
  pen.beginPath();
  pen.fillStyle = "#000";
  pen.arc(last.x, last.y, 6, 0, 2 * Math.PI);
  pen.fill();
});
pad.addEventListener("pointermove", e => {
  if (!drawing) { return; }
  const p = position(e);
  pen.strokeStyle = "#000";
  pen.lineWidth = 12;
  pen.lineCap = "round";
  pen.lineJoin = "round";
  pen.beginPath();
  pen.moveTo(last.x, last.y);
  pen.lineTo(p.x, p.y);
  pen.stroke();
  last = p;
});
function penUp() {
  if (drawing) {
    drawing = false;
    showDrawing();
  }
}
pad.addEventListener("pointerup", penUp);
pad.addEventListener("pointercancel", penUp);
$("clear").addEventListener("click", e => { e.preventDefault(); clearPad(); });

$("show-test").addEventListener("click", () => {
  // Digits only: Number("") and Number(" ") are 0, which is not what an empty box asks for.
  const typed = $("test-index").value.trim();
  const i = Number(typed);
  if (!/^[0-9]+$/.test(typed) || i >= testCount) {
    showError(`test digit: a whole number from 0 to ${testCount - 1}`);
    return;
  }
  showTest(i);
});
$("test-index").addEventListener("keydown", e => { if (e.key === "Enter") { $("show-test").click(); } });
$("random-test").addEventListener("click", () => {
  const i = Math.floor(Math.random() * testCount);
  $("test-index").value = i;
  showTest(i);
});
// Another run is shown the input on the page: the drawing if it is one (even after the pad was
// cleared, the input still shows it), else the test digit shown, not another typed meanwhile.
$("run").addEventListener("change", () => {
  $("run").title = $("run").selectedOptions[0].title;
  if (current && current.index == null && drawn) {
    showDrawing(drawn);
  } else if (current) {
    $("test-index").value = current.index;
    showTest(current.index);
  } else {
    $("show-test").click();
  }
});

clearPad();
loadRuns().then(any => { if (any) { showTest(Number($("test-index").value)); } })
  .catch(e => showError(e.message));
