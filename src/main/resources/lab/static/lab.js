// What every page of the lab does, once: find elements, escape text for HTML, ask the lab's API
// (JSON in and out, a refusal's one line shown as the server said it), follow the event stream,
// and draw the header with the pages. What some pages share is one file each beside this one
// (messages.js, train-form.js, progress.js, epoch-chart.js); each page keeps only its own part,
// in its package's folder (backproplab/lab/runs/runs.js). Tests read a page through Lab.hooks,
// which a page fills deliberately, never through its variables.
"use strict";

const Lab = (() => {
  const PAGES = [
    ["/backprop", "Backprop"], ["/runs", "Runs"], ["/design", "Design"],
    ["/compare", "Compare"], ["/cnn", "Inside the CNN"]];

  /** The element of this id. */
  const $ = id => document.getElementById(id);

  /** Text made safe to put inside HTML. */
  function escape(text) {
    return String(text ?? "").replace(/[&<>"']/g, c =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  /**
   * A request to the lab's API: {method, body} (body sent as JSON, or as it is when {type}
   * names another content type, as a drawing's PNG). Answers the JSON; a refusal
   * throws an Error whose message is the server's one line, with .status, .field (the form
   * field it names, if any), .errors and .body (the whole answer) for the page to use.
   */
  async function api(url, { method = "GET", body, type = "application/json" } = {}) {
    const options = { method, headers: {} };
    // The lab takes a write only in a type a plain HTML form cannot send, even a write that
    // carries nothing (Stop): so every request but a GET names its type.
    if (body !== undefined || method !== "GET") options.headers["Content-Type"] = type;
    if (body !== undefined) {
      options.body = type === "application/json" ? JSON.stringify(body) : body;
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      throw Object.assign(new Error("the lab does not answer: is backprop-lab serve still running?"),
        { status: 0 });
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { /* a plain-text answer */ }
    if (!response.ok) {
      const message = (json && json.error) || text.trim() || `${response.status} ${response.statusText}`;
      throw Object.assign(new Error(message), {
        status: response.status, field: json?.field ?? null, errors: json?.errors ?? null, body: json });
    }
    return json;
  }

  const given = new WeakMap();

  /**
   * Puts {markup} into the element unless it was the last markup given to it here: a page that
   * draws again at every update of what it shows leaves what has not changed as it is (its
   * images are not fetched again, a selection in it stays, a test's element does not go stale).
   * An element filled this way is filled only this way.
   */
  function html(element, markup) {
    if (given.get(element) === markup) return;
    given.set(element, markup);
    element.innerHTML = markup;
  }

  /** Shows an error's one line in an element (and hides the element when there is none). */
  function showError(element, error) {
    const message = error ? (error.message ?? String(error)) : "";
    element.textContent = message;
    element.hidden = !message;
  }

  /** Follows the lab's event stream: {type: data => ...} per event type. */
  function events(handlers) {
    const source = new EventSource("/api/events");
    for (const [type, handle] of Object.entries(handlers)) {
      source.addEventListener(type, e => handle(JSON.parse(e.data)));
    }
    return source;
  }

  /** Fills <header class="lab" data-tagline="..."> with the name, the pages and the tagline. */
  function header() {
    const head = document.querySelector("header.lab");
    if (!head) return;
    const here = "/" + location.pathname.split("/")[1];
    head.innerHTML = `<span class="brand">backprop-lab</span><nav>${PAGES.map(([path, title]) =>
      `<a href="${path}"${path === here ? ' class="here"' : ""}>${escape(title)}</a>`).join("")}</nav>`
      + (head.dataset.tagline ? `<span class="tagline">${escape(head.dataset.tagline)}</span>` : "");
  }

  /** Whether the lab was started with --read-only: nothing can be changed from the pages. */
  const readOnly = () => document.documentElement.hasAttribute("data-read-only");

  /** What a page offers its tests: set by the page, read by tests as Lab.hooks.name. */
  const hooks = {};

  /**
   * The browser asks before the page is left (a link, a reload, closing the tab) while
   * {@code unsaved()} says something typed would be lost.
   */
  function guardUnsaved(unsaved) {
    window.addEventListener("beforeunload", e => {
      if (unsaved()) {
        e.preventDefault();
        e.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", header);
  } else {
    header();
  }
  return { $, escape, api, html, showError, events, readOnly, hooks, guardUnsaved };
})();
const $ = Lab.$;
