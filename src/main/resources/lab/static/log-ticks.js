/**
 * Labels for a Chart.js log axis. Chart.js puts a tick at every 1–9 × 10^k and labels each with
 * the smallest one's decimals (0.010000), so they crowd and overlap; here only the ticks whose
 * leading digit is one of `leading` are labelled, each as short as it goes (0.05, 0.1, 5e-7).
 * The backprop, run and compare pages use it: one rule for a log axis's labels.
 */
function logTickLabel(leading) {
  return v => {
    const x = Number(Number(v).toPrecision(1));
    if (!leading.includes(x.toExponential()[0])) return "";
    return x >= 1e-4 && x < 1e6 ? String(x) : x.toExponential();
  };
}

/**
 * Whether these values want a log axis: the PNG charts' rule (report/LineCharts), only when they
 * span a decade; across less, a log axis has no decade to label and its ticks come out uneven.
 */
function spansADecade(values) {
  return values.length > 0 && Math.min(...values) > 0 && Math.max(...values) >= 10 * Math.min(...values);
}
