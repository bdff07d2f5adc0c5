package backproplab.backprop;

import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.util.List;

/** What the backprop sweep runs: the network's start and the learning rates to compare. */
public record BackpropSettings(Inputs inputs, Targets targets, Weights initialWeights,
                               List<Double> learningRates, int iterations) {

    /** The original sheet's count of rows. */
    public static final int DEFAULT_ITERATIONS = 68;

    public static final List<Double> DEFAULT_RATES = List.of(0.1, 0.2, 0.5, 0.8, 1.0, 2.0);

    public static BackpropSettings defaults() {
        return new BackpropSettings(new Inputs(0.05, 0.1), new Targets(0.5, 0.5),
                new Weights(0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55),
                DEFAULT_RATES, DEFAULT_ITERATIONS);
    }

    public BackpropSettings {
        learningRates = List.copyOf(learningRates);
        if (learningRates.isEmpty()) {
            throw new IllegalArgumentException("at least one learning rate is needed");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
    }
}
