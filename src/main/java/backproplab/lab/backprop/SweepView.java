package backproplab.lab.backprop;

import backproplab.backprop.BackpropSettings;
import backproplab.backprop.BackpropWorkbook;
import backproplab.backprop.GradientDescent;
import backproplab.backprop.Iteration;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole sweep as the backprop page shows it: for every learning rate, every iteration's
 * values, gradients, updates and chain rules, already written by {@link ShownNumbers}. The page
 * fetches it once per change of settings and steps through it without asking again.
 *
 * @param maxRates how many rates the lab sweeps at most ({@link BackpropForm#MAX_RATES}), for the
 *                 page to say
 */
public record SweepView(int iterations, boolean biases, boolean trainBiases, int maxRates,
                        List<RateRun> runs) {

    /** One learning rate: its loss curve (raw, for the chart) and its iterations (as shown). */
    public record RateRun(double eta, String label, double[] eTotal, List<Step> steps) {}

    /** Iteration {@code k}: the network's values by their sheet names, and its weights. */
    public record Step(int k, Map<String, String> values, List<Parameter> parameters) {}

    /**
     * One weight or bias at one iteration: value, ∂E/∂w, the update η·∂E/∂w, the value after it.
     * A bias kept fixed ({@code trained} false) has a gradient but no update.
     */
    public record Parameter(String name, String value, String gradient, String update,
                            String next, boolean trained, List<String> chainRule) {}

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
            return new SweepView(s.iterations(), s.biases().isPresent(), s.trainBiases(),
                    BackpropForm.MAX_RATES, runs);
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
            if (s.biases().isPresent()) {
                v.put("b1", format(it.biases().b1()));
                v.put("b2", format(it.biases().b2()));
            }
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
            List<Parameter> parameters = new ArrayList<>();
            for (int k = 0; k < w.length; k++) {
                parameters.add(parameter(BackpropForm.WEIGHTS.get(k), w[k], g[k], eta,
                        true, s, it));
            }
            if (s.biases().isPresent()) {
                Gradients d = it.gradients();
                parameters.add(parameter("b1", it.biases().b1(), d.dB1(), eta, s.trainBiases(),
                        s, it));
                parameters.add(parameter("b2", it.biases().b2(), d.dB2(), eta, s.trainBiases(),
                        s, it));
            }
            return new Step(it.number(), v, parameters);
        }

        /** The step is the one {@code Weights.step} and {@code Biases.step} take: p − η·∂E/∂p. */
        private Parameter parameter(String name, double value, double gradient, double eta,
                                    boolean trained, BackpropSettings s, Iteration it) {
            double update = trained ? eta * gradient : 0;
            return new Parameter(name, format(value), format(gradient), format(update),
                    format(value - update), trained,
                    chainRules.of(name, it, s.inputs(), s.targets()));
        }
    }
}
