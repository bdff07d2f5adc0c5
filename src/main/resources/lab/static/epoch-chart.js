// A chart of values per epoch, as the run and compare pages draw them: one look for both.
// Needs Chart.js and log-ticks.js.
"use strict";

const EpochChart = {
  /**
   * A line chart on the canvas {@code id}: epochs along x, {@code yTitle} up. {@code hideEmpty}:
   * a curve without points (a run without a holdout) is left out of the legend too.
   */
  create(id, yTitle, { datasets = [], hideEmpty = false } = {}) {
    const labels = { boxWidth: 12, font: { size: 11 } };
    if (hideEmpty) labels.filter = (item, data) => data.datasets[item.datasetIndex].data.length > 0;
    return new Chart($(id), {
      type: "line",
      data: { datasets },
      options: { animation: false, maintainAspectRatio: false, parsing: false,
        plugins: { legend: { labels } },
        scales: { x: { type: "linear", title: { display: true, text: "epoch" }, ticks: { precision: 0 } },
                  y: { type: "linear", title: { display: true, text: yTitle } } } }
    });
  },

  /**
   * A loss axis: logarithmic when the chart's values span a decade, else linear. A loss spans one
   * or two decades: 1, 2 and 5 × 10^k labelled, the rest would overlap. True when logarithmic.
   */
  lossScale(chart) {
    const log = spansADecade(chart.data.datasets.flatMap(d => d.data.map(p => p.y)));
    chart.options.scales.y.type = log ? "logarithmic" : "linear";
    chart.options.scales.y.ticks = log ? { callback: logTickLabel(["1", "2", "5"]) } : {};
    return log;
  },
};
