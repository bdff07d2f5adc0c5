package backproplab.lab;

import backproplab.backprop.BackpropSettings;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backprop page's fields as typed (text, like the command line's), read into
 * {@link BackpropSettings}. A wrong value fails with the field's name, so the page can put the
 * message beside it.
 */
public final class BackpropForm {

    public static final List<String> WEIGHTS =
            List.of("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8");
    public static final String RATES = "rates";
    public static final String ITERATIONS = "iterations";
    public static final List<String> FIELDS = java.util.stream.Stream.of(
            List.of("i1", "i2", "t1", "t2"), WEIGHTS, List.of(RATES, ITERATIONS))
            .flatMap(List::stream).toList();

    /**
     * The page holds every iteration of every rate at once (so stepping needs no request); a few
     * hundred iterations keep that under a few megabytes. Longer runs belong to the command line.
     */
    public static final int MAX_ITERATIONS = 500;

    private final Map<String, String> fields;

    private BackpropForm(Map<String, String> fields) {
        this.fields = fields;
    }

    /** A missing field takes the command line's default. */
    public static BackpropSettings read(Map<String, String> fields) {
        return new BackpropForm(fields).settings();
    }

    /** The fields that give {@code s}: what the page starts with, and what a test types. */
    public static Map<String, String> fieldsOf(BackpropSettings s) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("i1", Double.toString(s.inputs().i1()));
        f.put("i2", Double.toString(s.inputs().i2()));
        f.put("t1", Double.toString(s.targets().t1()));
        f.put("t2", Double.toString(s.targets().t2()));
        double[] w = s.initialWeights().toArray();
        for (int k = 0; k < w.length; k++) {
            f.put(WEIGHTS.get(k), Double.toString(w[k]));
        }
        f.put(RATES, String.join(",", s.learningRates().stream().map(String::valueOf).toList()));
        f.put(ITERATIONS, Integer.toString(s.iterations()));
        return f;
    }

    private BackpropSettings settings() {
        BackpropSettings d = BackpropSettings.defaults();
        Inputs inputs = new Inputs(number("i1", d.inputs().i1()), number("i2", d.inputs().i2()));
        Targets targets = new Targets(number("t1", d.targets().t1()),
                number("t2", d.targets().t2()));
        double[] defaultWeights = d.initialWeights().toArray();
        double[] w = new double[WEIGHTS.size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = number(WEIGHTS.get(k), defaultWeights[k]);
        }
        return new BackpropSettings(inputs, targets, Weights.of(w), rates(d.learningRates()),
                iterations(d.iterations()));
    }

    private String text(String field) {
        String v = fields.get(field);
        return v == null ? null : v.strip();
    }

    private double number(String field, double fallback) {
        String v = text(field);
        if (v == null) {
            return fallback;
        }
        return finite(field, v);
    }

    private static double finite(String field, String v) {
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(field, field + ": '" + v + "' is not a number");
        }
        if (!Double.isFinite(x)) {
            throw new InvalidFieldException(field, field + ": " + v + " is not a finite number");
        }
        return x;
    }

    private List<Double> rates(List<Double> fallback) {
        String v = text(RATES);
        if (v == null) {
            return fallback;
        }
        List<Double> rates = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            double lr = finite(RATES, part.strip());
            if (!(lr > 0)) {
                throw new InvalidFieldException(RATES, "η must be > 0, got " + part.strip());
            }
            rates.add(lr);
        }
        return rates;
    }

    private int iterations(int fallback) {
        String v = text(ITERATIONS);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(ITERATIONS,
                    ITERATIONS + ": '" + v + "' is not a whole number");
        }
        if (n < 1 || n > MAX_ITERATIONS) {
            throw new InvalidFieldException(ITERATIONS, ITERATIONS + ": must be between 1 and "
                    + MAX_ITERATIONS + " in the lab (the command line takes more), got " + n);
        }
        return n;
    }
}
