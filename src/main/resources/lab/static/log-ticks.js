/**
 * Labels for a Chart.js log axis. Chart.js puts a tick at every 1–9 × 10^k and labels each with
 * the smallest one's decimals (0.010000), so they crowd and overlap; here only the ticks whose
 * leading digit is one of `leading` are labelled, each as short as it goes (0.05, 0.1, 5e-7).
 * The backprop page and the run page both use it: one rule for a log axis's labels.
 */
function logTickLabel(leading) {
  return v => {
    const x = Number(Number(v).toPrecision(1));
    if (!leading.includes(x.toExponential()[0])) return "";
    return x >= 1e-4 && x < 1e6 ? String(x) : x.toExponential();
  };
}
