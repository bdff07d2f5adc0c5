package backproplab.lab;

import backproplab.backprop.BackpropSettings;
import backproplab.backprop.BackpropWorkbook;
import backproplab.backprop.GradientDescent;
import backproplab.backprop.Iteration;
import backproplab.backprop.TinyNetwork.Forward;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole sweep as the backprop page shows it: for every learning rate, every iteration's
 * values, gradients, updates and chain rules, already written by {@link ShownNumbers}. The page
 * fetches it once per change of settings and steps through it without asking again.
 */
public record SweepView(int iterations, List<RateRun> runs) {

    /** One learning rate: its loss curve (raw, for the chart) and its iterations (as shown). */
    public record RateRun(double eta, String label, double[] eTotal, List<Step> steps) {}

    /** Iteration {@code k}: the network's values by their sheet names, and its weights. */
    public record Step(int k, Map<String, String> values, List<Parameter> parameters) {}

    /** One weight at one iteration: value, ∂E/∂w, the update η·∂E/∂w, the value after it. */
    public record Parameter(String name, String value, String gradient, String update,
                            String next, List<String> chainRule) {}

    public static SweepView of(BackpropSettings s) {
        return new Writer().sweep(s);
    }

    /**
     * Writes one sweep. A step repeats its numbers many times over (a_o1 appears in five chain
     * rules), and the first iteration is the same for every rate: writing each distinct number
     * once keeps a sweep's ~25,000 numbers fast to send.
     */
    private static final class Writer {
        private final Map<Double, String> written = new HashMap<>();
        private final ChainRules chainRules = new ChainRules(this::format);

        private String format(double x) {
            return written.computeIfAbsent(x, ShownNumbers::format);
        }

        SweepView sweep(BackpropSettings s) {
            List<RateRun> runs = new ArrayList<>();
            GradientDescent.sweep(s).forEach((eta, rows) -> runs.add(rateRun(s, eta, rows)));
            return new SweepView(s.iterations(), runs);
        }

        private RateRun rateRun(BackpropSettings s, double eta, List<Iteration> rows) {
            double[] eTotal = rows.stream().mapToDouble(r -> r.forward().eTotal()).toArray();
            List<Step> steps = rows.stream().map(r -> step(s, eta, r)).toList();
            return new RateRun(eta, BackpropWorkbook.sheetName(eta), eTotal, steps);
        }

        private Step step(BackpropSettings s, double eta, Iteration it) {
            Forward f = it.forward();
            Map<String, String> v = new LinkedHashMap<>();
            v.put("i1", format(s.inputs().i1()));
            v.put("i2", format(s.inputs().i2()));
            v.put("t1", format(s.targets().t1()));
            v.put("t2", format(s.targets().t2()));
            v.put("h1", format(f.h1()));
            v.put("a_h1", format(f.aH1()));
            v.put("h2", format(f.h2()));
            v.put("a_h2", format(f.aH2()));
            v.put("o1", format(f.o1()));
            v.put("a_o1", format(f.aO1()));
            v.put("o2", format(f.o2()));
            v.put("a_o2", format(f.aO2()));
            v.put("E1", format(f.e1()));
            v.put("E2", format(f.e2()));
            v.put("E_total", format(f.eTotal()));

            double[] w = it.weights().toArray();
            double[] g = it.gradients().toArray();
            double[] next = it.weights().step(it.gradients(), eta).toArray();
            List<Parameter> parameters = new ArrayList<>();
            for (int k = 0; k < w.length; k++) {
                parameters.add(new Parameter(BackpropForm.WEIGHTS.get(k), format(w[k]), format(g[k]),
                        format(eta * g[k]), format(next[k]),
                        chainRules.of(k + 1, it, s.inputs(), s.targets())));
            }
            return new Step(it.number(), v, parameters);
        }
    }
}
