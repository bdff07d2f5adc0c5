package backproplab.backprop;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the sheet: row 1 holds the initial weights, each next row the weights after one update. */
public final class GradientDescent {

    private GradientDescent() {}

    /** The course's network, without biases. */
    public static List<Iteration> run(Inputs in, Targets t, Weights start, double learningRate,
                                      int iterations) {
        return run(in, t, start, Biases.NONE, false, learningRate, iterations);
    }

    public static List<Iteration> run(Inputs in, Targets t, Weights start, Biases startBiases,
                                      boolean trainBiases, double learningRate, int iterations) {
        List<Iteration> rows = new ArrayList<>(iterations);
        Weights w = start;
        Biases b = startBiases;
        for (int n = 1; n <= iterations; n++) {
            Forward f = TinyNetwork.forward(in, t, w, b);
            Gradients g = TinyNetwork.backward(in, t, w, f);
            Iteration row = new Iteration(n, w, b, f, g);
            BackpropSettings.requireFinite(in, t, learningRate, row);
            rows.add(row);
            w = w.step(g, learningRate);
            if (trainBiases) {
                b = b.step(g, learningRate);
            }
        }
        return rows;
    }

    /** One run of the settings at one learning rate. */
    public static List<Iteration> run(BackpropSettings s, double learningRate) {
        return run(s.inputs(), s.targets(), s.initialWeights(), s.startBiases(), s.trainBiases(),
                learningRate, s.iterations());
    }

    /** One run per learning rate, in the order given. */
    public static Map<Double, List<Iteration>> sweep(BackpropSettings s) {
        Map<Double, List<Iteration>> runs = new LinkedHashMap<>();
        for (double lr : s.learningRates()) {
            runs.put(lr, run(s, lr));
        }
        return runs;
    }
}
