/**
 * The run page's card of hints: the curves' (with each view of the run) and the mistakes' (with
 * the verdicts of best.ckpt). Only the rules whose condition holds are listed; after an epoch
 * with none, the card says so.
 */
const RunHints = (() => {
  let fromCurves = [];
  let fromMistakes = [];
  let epochs = 0;

  function digit(index) {
    return `<figure title="test digit #${index}"><img class="digit" src="/api/digits/${index}" alt="test digit ${index}"><figcaption>#${index}</figcaption></figure>`;
  }

  function render() {
    const hints = fromCurves.concat(fromMistakes);
    $("hints-card").hidden = epochs === 0;
    $("no-hints").hidden = hints.length > 0;
    Lab.html($("hints"), hints.map(h => `<li data-rule="${Lab.escape(h.rule)}">`
      + `<b>${Lab.escape(h.title)}</b>: <span class="num">${Lab.escape(h.figures)}</span>.`
      + `<br><span class="advice">${Lab.escape(h.advice)}</span>`
      + (h.digits.length ? `<div class="digits">${h.digits.map(digit).join("")}</div>` : "")
      + "</li>").join(""));
  }

  return {
    /** The view of the run: its epochs' hints. */
    curves(run) {
      fromCurves = run.hints ?? [];
      epochs = run.done ?? 0;
      render();
    },
    /** The verdicts of its best model (null when there are none): the confused digits. */
    mistakes(verdicts) {
      fromMistakes = verdicts?.hints ?? [];
      render();
    },
  };
})();
