package backproplab.lab.backprop;

import backproplab.backprop.Iteration;
import backproplab.backprop.TinyNetwork;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The chain rule behind one weight's gradient, written out with one iteration's numbers put in,
 * line by line, as a teacher writes it on the board. The last number is {@link TinyNetwork}'s own
 * gradient; the lines before it show where it comes from.
 */
final class ChainRules {

    /** Which output neuron (1, 2) and hidden activation (1, 2) each of w5..w8 joins. */
    private static final int[][] OUTPUT_WEIGHTS = {{1, 1}, {1, 2}, {2, 1}, {2, 2}};
    /** Which hidden neuron (1, 2) and input (1, 2) each of w1..w4 joins. */
    private static final int[][] HIDDEN_WEIGHTS = {{1, 1}, {1, 2}, {2, 1}, {2, 2}};
    /** The weights from hidden neuron 1 and 2 to output 1 and 2: a_h1 → o1 is w5, → o2 is w7. */
    private static final int[][] HIDDEN_TO_OUTPUT = {{5, 7}, {6, 8}};

    private final DoubleFunction<String> shown;

    /** {@code shown} writes a number: {@link ShownNumbers#format}, or a memo of it. */
    ChainRules(DoubleFunction<String> shown) {
        this.shown = shown;
    }

    /** {@code parameter} is w1..w8, b1 or b2. */
    List<String> of(String parameter, Iteration it, Inputs in, Targets t) {
        return switch (parameter) {
            case "b1" -> hiddenBias(it, t);
            case "b2" -> outputBias(it, t);
            default -> {
                int weight = Integer.parseInt(parameter.substring(1));
                double gradient = it.gradients().toArray()[weight - 1];
                yield weight >= 5
                        ? outputWeight(weight, it.forward(), t, gradient)
                        : hiddenWeight(weight, it, in, t, gradient);
            }
        };
    }

    /** b2 is added to both outputs' sums (∂o/∂b2 = 1): it collects both output deltas. */
    private List<String> outputBias(Iteration it, Targets t) {
        Forward f = it.forward();
        return List.of(
                "∂E/∂b2 = ∂E/∂o1 + ∂E/∂o2   (b2 feeds both outputs; ∂o/∂b2 = 1)",
                "= (a_o1 − t1) · a_o1(1 − a_o1) + (a_o2 − t2) · a_o2(1 − a_o2)",
                "= " + outputDelta(1, f, t) + " + " + outputDelta(2, f, t),
                "= " + shown.apply(it.gradients().dB2()));
    }

    /** b1 is added to both hidden sums (∂h/∂b1 = 1): it collects both hidden deltas. */
    private List<String> hiddenBias(Iteration it, Targets t) {
        Forward f = it.forward();
        double[] w = it.weights().toArray();
        String[] lines = new String[2];
        double[] delta = new double[2];
        for (int h = 1; h <= 2; h++) {
            double via1 = viaOutput(h, 1, f, t, w);
            double via2 = viaOutput(h, 2, f, t, w);
            delta[h - 1] = (via1 + via2) * TinyNetwork.sigmoidSlope(hidden(h, f));
            lines[h - 1] = "∂E/∂h" + h + " = (∂E1/∂a_h" + h + " + ∂E2/∂a_h" + h + ") · a_h" + h
                    + "(1 − a_h" + h + ") = (" + shown.apply(via1) + " + " + term(via2) + ") · "
                    + slope(hidden(h, f)) + " = " + shown.apply(delta[h - 1]);
        }
        return List.of(
                "∂E/∂b1 = ∂E/∂h1 + ∂E/∂h2   (b1 feeds both hidden neurons; ∂h/∂b1 = 1)",
                lines[0],
                lines[1],
                "∂E/∂b1 = " + shown.apply(delta[0]) + " + " + term(delta[1]),
                "= " + shown.apply(it.gradients().dB1()));
    }

    /** ∂E_o/∂a_h: how output o's error moves with hidden activation h, through their weight. */
    private static double viaOutput(int h, int o, Forward f, Targets t, double[] w) {
        double aO = output(o, f);
        return (aO - target(o, t)) * TinyNetwork.sigmoidSlope(aO)
                * w[HIDDEN_TO_OUTPUT[h - 1][o - 1] - 1];
    }

    private List<String> outputWeight(int weight, Forward f, Targets t, double gradient) {
        int o = OUTPUT_WEIGHTS[weight - 5][0];
        int h = OUTPUT_WEIGHTS[weight - 5][1];
        String w = "w" + weight;
        return List.of(
                "∂E/∂" + w + " = ∂E/∂a_o" + o + " · ∂a_o" + o + "/∂o" + o + " · ∂o" + o + "/∂" + w,
                "= (a_o" + o + " − t" + o + ") · a_o" + o + "(1 − a_o" + o + ") · a_h" + h,
                "= " + outputDelta(o, f, t) + " · " + term(hidden(h, f)),
                "= " + shown.apply(gradient));
    }

    private List<String> hiddenWeight(int weight, Iteration it, Inputs in, Targets t,
                                      double gradient) {
        int h = HIDDEN_WEIGHTS[weight - 1][0];
        int i = HIDDEN_WEIGHTS[weight - 1][1];
        Forward f = it.forward();
        double[] w = it.weights().toArray();
        String name = "w" + weight;
        String aH = "a_h" + h;
        double[] viaOutput = new double[2];
        String[] lines = new String[2];
        for (int o = 1; o <= 2; o++) {
            int wOut = HIDDEN_TO_OUTPUT[h - 1][o - 1];
            viaOutput[o - 1] = viaOutput(h, o, f, t, w);
            lines[o - 1] = "∂E" + o + "/∂" + aH + " = (a_o" + o + " − t" + o + ") · a_o" + o
                    + "(1 − a_o" + o + ") · w" + wOut + " = " + outputDelta(o, f, t) + " · "
                    + term(w[wOut - 1]) + " = " + shown.apply(viaOutput[o - 1]);
        }
        double input = i == 1 ? in.i1() : in.i2();
        return List.of(
                "∂E/∂" + name + " = (∂E1/∂" + aH + " + ∂E2/∂" + aH + ") · " + aH + "(1 − " + aH
                        + ") · i" + i,
                lines[0],
                lines[1],
                "∂E/∂" + name + " = (" + shown.apply(viaOutput[0]) + " + " + term(viaOutput[1])
                        + ") · " + slope(hidden(h, f)) + " · " + term(input),
                "= " + shown.apply(gradient));
    }

    /** (a_o − t) · a_o(1 − a_o) with the numbers in. */
    private String outputDelta(int o, Forward f, Targets t) {
        double aO = output(o, f);
        return "(" + shown.apply(aO) + " − " + term(target(o, t)) + ") · " + slope(aO);
    }

    private String slope(double a) {
        return shown.apply(a) + "(1 − " + shown.apply(a) + ")";
    }

    /** A negative number in a product or difference goes in parentheses: 2 · (−3), not 2 · −3. */
    private String term(double x) {
        return x < 0 ? "(" + shown.apply(x) + ")" : shown.apply(x);
    }

    private static double output(int o, Forward f) {
        return o == 1 ? f.aO1() : f.aO2();
    }

    private static double hidden(int h, Forward f) {
        return h == 1 ? f.aH1() : f.aH2();
    }

    private static double target(int o, Targets t) {
        return o == 1 ? t.t1() : t.t2();
    }
}
