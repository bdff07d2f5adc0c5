// A page's message line (beside Start, beside a run's title, under Save): one rule for what it
// shows and when a message about a training goes stale. The runs, run and design pages use it.
"use strict";

/**
 * The message line in {@code element}: say(text, {error, run}) shows text (as HTML when the line
 * was made with {html: true}), marked as an error or not. A message about a run that trains
 * (started, stopping, busy) holds while that run trains: once outdate sees the run in another
 * state it goes, and one said after the run was already seen stopped is not shown at all (the
 * answer came after the event that said so).
 */
function messageLine(element, { html = false } = {}) {
  const statuses = new Map();  // each run's status as last seen, by name
  let about = null;            // the run the message shown is about, if any

  function say(text, { error = false, run = null } = {}) {
    if (run && statuses.has(run) && statuses.get(run) !== "running") text = "";
    if (html) element.innerHTML = text; else element.textContent = text;
    element.classList.toggle("error", error);
    about = run;
  }

  /** A run seen in a new state ({name, status}): a message about it while it trained is stale. */
  function outdate(run) {
    statuses.set(run.name, run.status);
    if (about === run.name && run.status !== "running") say("");
  }

  return { say, outdate };
}
