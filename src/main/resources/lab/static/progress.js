// How far a training is, from the lab's progress events: the runs and run pages show it alike.
"use strict";

const Progress = {
  /** The bar's width: the epochs done and the steps of this one, of all the epochs. */
  width: p => (100 * ((p.epoch - 1) + p.step / p.steps) / p.epochs) + "%",
  /** The line above the bar; {@code loss}: what the page calls the step's loss. */
  line: (p, loss) => `epoch ${p.epoch}/${p.epochs} · step ${p.step}/${p.steps} · ${loss} ${p.loss.toFixed(4)}`,
};
