package backproplab.backprop;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * What the backprop sweep runs: the network's start and the learning rates to compare. Every rule
 * on these settings lives here, so the command line and the web lab refuse the same things with the
 * same words; a broken rule is an {@link InvalidSettingException} naming the setting.
 *
 * @param biases empty: the course's network without biases; present: Mazur's b1 and b2
 * @param trainBiases whether gradient descent updates the biases too (Mazur keeps them fixed)
 */
public record BackpropSettings(Inputs inputs, Targets targets, Weights initialWeights,
                               Optional<Biases> biases, boolean trainBiases,
                               List<Double> learningRates, int iterations) {

    /** The original sheet's count of rows. */
    public static final int DEFAULT_ITERATIONS = 68;

    /**
     * Iteration rows in the whole workbook: iterations × learning rates. The sheets are streamed,
     * but the sweep, the charts' cached values and the PNG curves stay in memory: about 5.5 KB a
     * row (measured: 533 MB of live heap at 16,000 iterations × 6 rates). 70,000 rows stay near
     * 400 MB, inside the heap the JVM gives itself by default on a 2 GB machine, and take Mazur's
     * 10,000 updates at six rates; a sheet could never hold more than 1,048,576 rows anyway.
     */
    public static final int MAX_ITERATIONS = 70_000;

    public static final List<Double> DEFAULT_RATES = List.of(0.1, 0.2, 0.5, 0.8, 1.0, 2.0);

    public static BackpropSettings defaults() {
        return new BackpropSettings(new Inputs(0.05, 0.1), new Targets(0.5, 0.5),
                new Weights(0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55), Optional.empty(), false,
                DEFAULT_RATES, DEFAULT_ITERATIONS);
    }

    /**
     * Matt Mazur's "A Step by Step Backpropagation Example": the course's weights with targets
     * 0.01, 0.99, b1 = 0.35, b2 = 0.60 kept fixed, and η = 0.5.
     */
    public static BackpropSettings mazur() {
        return new BackpropSettings(new Inputs(0.05, 0.1), new Targets(0.01, 0.99),
                defaults().initialWeights(), Optional.of(new Biases(0.35, 0.6)), false,
                List.of(0.5), DEFAULT_ITERATIONS);
    }

    /**
     * Settings from plain numbers, as a form or a command line gives them; {@code biases} null
     * means none. Checks the counts before the records are built.
     */
    public static BackpropSettings of(double[] inputs, double[] targets, double[] weights,
                                      double[] biases, boolean trainBiases, double[] learningRates,
                                      int iterations) {
        double[] in = numbers("inputs", inputs, 2);
        double[] t = numbers("targets", targets, 2);
        double[] b = biases == null ? null : numbers("biases", biases, 2);
        return new BackpropSettings(new Inputs(in[0], in[1]), new Targets(t[0], t[1]),
                Weights.of(numbers("weights", weights, 8)),
                Optional.ofNullable(b).map(v -> new Biases(v[0], v[1])), trainBiases,
                Arrays.stream(learningRates).boxed().toList(), iterations);
    }

    public BackpropSettings {
        learningRates = List.copyOf(learningRates);
        finite("inputs", inputs.i1(), inputs.i2());
        finite("targets", targets.t1(), targets.t2());
        finite("weights", initialWeights.toArray());
        biases.ifPresent(b -> finite("biases", b.b1(), b.b2()));
        if (trainBiases && biases.isEmpty()) {
            throw new InvalidSettingException("train-biases", "needs --biases b1,b2 to train");
        }
        if (learningRates.isEmpty()) {
            throw new InvalidSettingException("lr", "at least one learning rate is needed");
        }
        for (double lr : learningRates) {
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new InvalidSettingException("lr", "must be > 0, got " + lr);
            }
        }
        if (new HashSet<>(learningRates).size() != learningRates.size()) {
            // Each rate gets its own sheet and chart file: a repeated rate would overwrite its
            // twin.
            throw new InvalidSettingException("lr", "each learning rate may appear only once, got "
                    + learningRates);
        }
        if (iterations < 1) {
            throw new InvalidSettingException("iterations", "must be at least 1, got "
                    + iterations);
        }
        if ((long) iterations * learningRates.size() > MAX_ITERATIONS) {
            throw new InvalidSettingException("iterations", "at most " + MAX_ITERATIONS
                    + " iterations over all learning rates fit the workbook in memory, got "
                    + iterations + (learningRates.size() > 1 ? " × " + learningRates.size()
                    + " rates" : ""));
        }
    }

    /**
     * Every value of a row must be a finite number: values near 1e308 overflow to infinity and NaN,
     * and a sheet and chart of NaN teach nothing. At iteration 1 the start values are to blame,
     * later the learning rate that threw the weights that far.
     *
     * @throws InvalidSettingException naming the setting and the first value that broke
     */
    public static void requireFinite(Inputs in, Targets t, double learningRate, Iteration row) {
        String broken = row.firstNonFinite(in, t);
        if (broken == null) {
            return;
        }
        if (row.number() == 1) {
            throw new InvalidSettingException("weights", broken + " at iteration 1: the inputs,"
                    + " weights and biases are too large for double precision");
        }
        throw new InvalidSettingException("lr", broken + " at iteration " + row.number()
                + " of η=" + learningRate + ": the updates overflow double precision");
    }

    /**
     * Iteration {@code k} of this sweep, as a diagram or a stepper asks for it.
     *
     * @throws InvalidSettingException naming {@code setting} unless 1 ≤ k ≤ iterations
     */
    public int requireIteration(String setting, int k) {
        if (k < 1 || k > iterations) {
            throw new InvalidSettingException(setting, "must be an iteration from 1 to "
                    + iterations + ", got " + k);
        }
        return k;
    }

    /** The biases the network adds: {@link Biases#NONE} for the course's network. */
    public Biases startBiases() {
        return biases.orElse(Biases.NONE);
    }

    private static double[] numbers(String setting, double[] values, int count) {
        if (values == null || values.length != count) {
            throw new InvalidSettingException(setting, "expected " + count
                    + " comma-separated numbers, got " + (values == null ? 0 : values.length));
        }
        return values;
    }

    private static void finite(String setting, double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new InvalidSettingException(setting, v + " is not a finite number");
            }
        }
    }
}
