package backproplab.lab.backprop;

import backproplab.backprop.BackpropSettings;
import backproplab.backprop.InvalidSettingException;
import backproplab.lab.http.InvalidFieldException;
import backproplab.lab.http.InvalidFieldsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The backprop page's fields as typed (text, like the command line's), read into
 * {@link BackpropSettings}, whose rules are the command line's. A wrong value fails with the
 * field's name, so the page can put the message beside it: every field that is not a number at
 * once, then the first rule the numbers break (the settings check one rule at a time, as the
 * command line does).
 */
public final class BackpropForm {

    public static final List<String> INPUTS = List.of("i1", "i2");
    public static final List<String> TARGETS = List.of("t1", "t2");
    public static final List<String> WEIGHTS =
            List.of("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8");
    /** Both empty or missing: the course's network, without biases. */
    public static final List<String> BIASES = List.of("b1", "b2");
    public static final String TRAIN_BIASES = "trainBiases";
    public static final String RATES = "rates";
    public static final String ITERATIONS = "iterations";
    public static final List<String> FIELDS = Stream.of(INPUTS, TARGETS, WEIGHTS, BIASES,
            List.of(TRAIN_BIASES, RATES, ITERATIONS)).flatMap(List::stream).toList();

    /**
     * The page holds every iteration of every rate at once (so stepping needs no request); a few
     * hundred iterations keep that to a few megabytes. Longer runs belong to the command line.
     */
    public static final int MAX_ITERATIONS = 500;

    /**
     * The six rates of the course and four of the user's own: a legend and a row of buttons that
     * still read, and a sweep of 500 iterations that stays near 20 MB of JSON (2 MB sent gzipped).
     */
    public static final int MAX_RATES = 10;

    /** The settings' names ({@link InvalidSettingException#setting()}) and their fields. */
    private static final Map<String, List<String>> FIELDS_OF_SETTING = Map.of(
            "inputs", INPUTS, "targets", TARGETS, "weights", WEIGHTS, "biases", BIASES,
            "train-biases", List.of(TRAIN_BIASES), "lr", List.of(RATES),
            "iterations", List.of(ITERATIONS));

    private final Map<String, String> fields;
    /** The fields whose text is not a number (or too many of them), in the page's order. */
    private final List<InvalidFieldException> unreadable = new ArrayList<>();

    private BackpropForm(Map<String, String> fields) {
        this.fields = fields;
    }

    /** A missing field takes the command line's default. */
    public static BackpropSettings read(Map<String, String> fields) {
        return new BackpropForm(fields).settings();
    }

    /** The fields that give {@code s}: what the page starts with, and what a test types. */
    public static Map<String, String> fieldsOf(BackpropSettings s) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, INPUTS, s.inputs().i1(), s.inputs().i2());
        put(f, TARGETS, s.targets().t1(), s.targets().t2());
        put(f, WEIGHTS, s.initialWeights().toArray());
        f.put(BIASES.get(0), s.biases().map(b -> Double.toString(b.b1())).orElse(""));
        f.put(BIASES.get(1), s.biases().map(b -> Double.toString(b.b2())).orElse(""));
        f.put(TRAIN_BIASES, Boolean.toString(s.trainBiases()));
        f.put(RATES, String.join(",", s.learningRates().stream().map(String::valueOf).toList()));
        f.put(ITERATIONS, Integer.toString(s.iterations()));
        return f;
    }

    private static void put(Map<String, String> f, List<String> names, double... values) {
        for (int k = 0; k < values.length; k++) {
            f.put(names.get(k), Double.toString(values[k]));
        }
    }

    private BackpropSettings settings() {
        Map<String, String> d = fieldsOf(BackpropSettings.defaults());
        double[] in = numbers(INPUTS, d);
        double[] targets = numbers(TARGETS, d);
        double[] weights = numbers(WEIGHTS, d);
        double[] biases = BIASES.stream().allMatch(b -> text(b, "").isEmpty())
                ? null : numbers(BIASES, Map.of());
        boolean trainBiases = Boolean.parseBoolean(text(TRAIN_BIASES, "false"));
        double[] rates = rates(text(RATES, d.get(RATES)));
        int iterations = iterations(text(ITERATIONS, d.get(ITERATIONS)));
        if (!unreadable.isEmpty()) {
            throw new InvalidFieldsException(unreadable);
        }
        try {
            return BackpropSettings.of(in, targets, weights, biases, trainBiases, rates,
                    iterations);
        } catch (InvalidSettingException e) {
            String field = fieldOf(e.setting(), in, targets, weights, biases);
            throw new InvalidFieldException(field, label(field) + ": " + onThePage(e.problem()));
        }
    }

    /**
     * A rule broken while the sweep runs (an overflow at some iteration), as a field error: shown
     * beside the first field of the setting it names.
     */
    public static InvalidFieldException fieldError(InvalidSettingException e) {
        String field = FIELDS_OF_SETTING.getOrDefault(e.setting(), List.of(e.setting())).get(0);
        return new InvalidFieldException(field, label(field) + ": " + onThePage(e.problem()));
    }

    /** The field as the page labels it, and the command line's words for it put as the page's. */
    private static String label(String field) {
        return switch (field) {
            case RATES -> "η";
            case TRAIN_BIASES -> "train the biases too";
            default -> field;
        };
    }

    private static String onThePage(String problem) {
        return problem.replace("--biases b1,b2", "b1 and b2");
    }

    /** The field to show a broken rule beside: the first non-finite one of its group. */
    private static String fieldOf(String setting, double[] in, double[] targets, double[] weights,
                                  double[] biases) {
        List<String> names = FIELDS_OF_SETTING.getOrDefault(setting, List.of(setting));
        double[] values = switch (setting) {
            case "inputs" -> in;
            case "targets" -> targets;
            case "weights" -> weights;
            case "biases" -> biases;
            default -> null;
        };
        for (int k = 0; values != null && k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                return names.get(k);
            }
        }
        return names.get(0);
    }

    private String text(String field, String fallback) {
        String v = fields.get(field);
        return v == null ? fallback : v.strip();
    }

    private double[] numbers(List<String> names, Map<String, String> fallback) {
        double[] values = new double[names.size()];
        for (int k = 0; k < values.length; k++) {
            String name = names.get(k);
            values[k] = number(name, text(name, fallback.getOrDefault(name, "")));
        }
        return values;
    }

    /**
     * Text to a number as the command line converts it; the range rules are the settings'. Text
     * that is not a number is noted (the field's first such message only) and read as NaN.
     */
    private double number(String field, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            refuse(field, v.isEmpty() ? label(field) + ": a number is needed"
                    : label(field) + ": '" + v + "' is not a number");
            return Double.NaN;
        }
    }

    private double[] rates(String v) {
        String[] parts = v.split(",", -1);
        if (parts.length > MAX_RATES) {
            refuse(RATES, label(RATES) + ": at most " + MAX_RATES
                    + " learning rates in the lab, got " + parts.length);
        }
        double[] rates = new double[parts.length];
        for (int k = 0; k < parts.length; k++) {
            rates[k] = number(RATES, parts[k].strip());
        }
        return rates;
    }

    private int iterations(String v) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            refuse(ITERATIONS, ITERATIONS + ": '" + v + "' is not a whole number");
            return 0;
        }
        if (n > MAX_ITERATIONS) {
            refuse(ITERATIONS, ITERATIONS + ": at most " + MAX_ITERATIONS
                    + " in the lab (the command line takes more), got " + n);
        }
        return n;
    }

    private void refuse(String field, String message) {
        if (unreadable.stream().noneMatch(e -> e.field().equals(field))) {
            unreadable.add(new InvalidFieldException(field, message));
        }
    }
}
