package backproplab.lab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.GradientDescent;
import backproplab.backprop.Iteration;
import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The written-out chain rules: evaluating their shown numbers by hand gives the gradient. */
@Tag("locale")
class ChainRulesTest {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e-?\\d+)?");
    private static final Inputs IN = new Inputs(0.3, -0.7);
    private static final Targets T = new Targets(0.9, 0.2);
    private static final Iteration IT = GradientDescent.run(IN, T,
            new Weights(0.8, -0.2, 0.25, 0.3, -1.2, 0.45, 0.5, 0.55), 0.7, 4).get(3);

    @Test
    void outputWeightsMultiplyTheThreeShownFactors() {
        for (int w = 5; w <= 8; w++) {
            List<String> lines = new ChainRules(ShownNumbers::format).of("w" + w, IT, IN, T);
            assertThat(lines.get(0)).startsWith("∂E/∂w" + w + " = ");
            // = (a_o − t) · a_o(1 − a_o) · a_h
            List<Double> n = numbers(lines.get(2));
            assertThat(n).hasSize(5);
            double byHand = (n.get(0) - n.get(1)) * n.get(2) * (1 - n.get(3)) * n.get(4);
            double gradient = IT.gradients().toArray()[w - 1];
            assertThat(byHand).as("w%d", w).isCloseTo(gradient,
                    org.assertj.core.data.Percentage.withPercentage(1e-5));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("= " + ShownNumbers.format(gradient));
        }
    }

    @Test
    void hiddenWeightsAddBothPathsThenMultiply() {
        for (int w = 1; w <= 4; w++) {
            List<String> lines = new ChainRules(ShownNumbers::format).of("w" + w, IT, IN, T);
            assertThat(lines.get(0)).contains("(∂E1/∂a_h", "+ ∂E2/∂a_h", "· i" + (w % 2 == 1 ? 1 : 2));
            double[] paths = new double[2];
            for (int o = 1; o <= 2; o++) {
                // ∂Eo/∂a_h = (a_o − t) · a_o(1 − a_o) · w_out = result
                String[] sides = lines.get(o).split(" = ");
                List<Double> n = numbers(sides[2] + " " + sides[3]);
                assertThat(n).hasSize(6);
                paths[o - 1] = n.get(5);
                assertThat((n.get(0) - n.get(1)) * n.get(2) * (1 - n.get(3)) * n.get(4))
                        .isCloseTo(paths[o - 1], org.assertj.core.data.Percentage.withPercentage(1e-5));
            }
            // ∂E/∂w = (path1 + path2) · a_h(1 − a_h) · i
            List<Double> n = numbers(lines.get(3).substring(lines.get(3).indexOf(" = ") + 3));
            assertThat(n.get(0)).isEqualTo(paths[0]);
            assertThat(n.get(1)).isEqualTo(paths[1]);
            double byHand = (n.get(0) + n.get(1)) * n.get(2) * (1 - n.get(3)) * n.get(4);
            double gradient = IT.gradients().toArray()[w - 1];
            assertThat(byHand).as("w%d", w).isCloseTo(gradient,
                    org.assertj.core.data.Percentage.withPercentage(1e-5));
            assertThat(lines.get(4)).isEqualTo("= " + ShownNumbers.format(gradient));
        }
    }

    @Test
    void biasesCollectTheDeltasOfTheNeuronsTheyFeed() {
        Iteration it = GradientDescent.run(IN, T, new Weights(0.8, -0.2, 0.25, 0.3, -1.2, 0.45, 0.5,
                0.55), new Biases(0.35, -0.6), true, 0.7, 4).get(3);
        ChainRules rules = new ChainRules(ShownNumbers::format);
        // = (a_o1 − t1) · a_o1(1 − a_o1) + (a_o2 − t2) · a_o2(1 − a_o2)
        List<Double> n = numbers(rules.of("b2", it, IN, T).get(2));
        assertThat(n).hasSize(8);
        double byHand = (n.get(0) - n.get(1)) * n.get(2) * (1 - n.get(3))
                + (n.get(4) - n.get(5)) * n.get(6) * (1 - n.get(7));
        assertThat(byHand).isCloseTo(it.gradients().dB2(),
                org.assertj.core.data.Percentage.withPercentage(1e-5));
        // b1: ∂E/∂h1 + ∂E/∂h2, each (path1 + path2) · a_h(1 − a_h)
        List<String> b1 = rules.of("b1", it, IN, T);
        double sum = 0;
        for (int h = 1; h <= 2; h++) {
            String[] sides = b1.get(h).split(" = ");
            List<Double> m = numbers(sides[2]);
            assertThat(m).hasSize(4);
            sum += (m.get(0) + m.get(1)) * m.get(2) * (1 - m.get(3));
        }
        assertThat(sum).isCloseTo(it.gradients().dB1(),
                org.assertj.core.data.Percentage.withPercentage(1e-5));
        assertThat(b1.get(b1.size() - 1)).isEqualTo("= " + ShownNumbers.format(it.gradients().dB1()));
    }

    /** The numbers of a line, skipping the digits that are part of names (a_o1, t2, (1 − ...)). */
    private static List<Double> numbers(String line) {
        String values = line.replaceAll("[A-Za-z_∂]+\\d", "").replace("(1 − ", "(");
        List<Double> found = new ArrayList<>();
        Matcher m = NUMBER.matcher(values);
        while (m.find()) {
            found.add(Double.parseDouble(m.group()));
        }
        return found;
    }
}
