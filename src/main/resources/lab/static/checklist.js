"use strict";
// An assignment's rules judged on a model or a run, as the server sends them
// (LabAssignment.Shown: assignment, description, headline, allMet, rules of rule, status, figure):
// the run page's and the design page's checklist card, and the compare table's cells.
const Checklist = (() => {
  const MARKS = { met: "✓", broken: "✗", pending: "…" };
  const WORDS = { met: "met", broken: "not met", pending: "to come" };

  /** One rule's mark and word: "✓ met". */
  function mark(status) {
    return `<span class="check-mark ${status}" title="${WORDS[status]}">${MARKS[status]}</span>`;
  }

  /** The whole checklist as a list, the headline above it. */
  function html(list) {
    return `<p class="check-head${list.allMet ? " all-met" : ""}">${Lab.escape(list.headline)}</p>`
      + (list.description ? `<p class="hint">${Lab.escape(list.description)}</p>` : "")
      + `<ul class="checklist">${list.rules.map(r => `<li class="${r.status}">${mark(r.status)}`
        + `<span class="check-rule">${Lab.escape(r.rule)}</span>`
        + `<span class="check-figure">${Lab.escape(r.figure)}</span></li>`).join("")}</ul>`;
  }

  /** One rule in a table's cell: its mark and its figure. */
  function cell(rule) {
    return `${mark(rule.status)} <span class="check-figure">${Lab.escape(rule.figure)}</span>`;
  }

  return { html, cell, mark };
})();
