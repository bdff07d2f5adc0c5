package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TinyNetworkTest {

    private static final BackpropSettings DEFAULT = BackpropSettings.defaults();

    @Test
    void firstIterationMatchesTheCourseValues() {
        Forward f = TinyNetwork.forward(DEFAULT.inputs(), DEFAULT.targets(),
                DEFAULT.initialWeights());
        assertThat(f.aH1()).isCloseTo(0.506874566764534, within(1e-15));
        assertThat(f.aH2()).isCloseTo(0.510623401004964, within(1e-15));
        assertThat(f.aO1()).isCloseTo(0.606477732206728, within(1e-15));
        assertThat(f.aO2()).isCloseTo(0.630480835450635, within(1e-15));
        assertThat(f.eTotal()).isCloseTo(0.0141813779378917, within(1e-16));
        Gradients g = TinyNetwork.backward(DEFAULT.inputs(), DEFAULT.targets(),
                DEFAULT.initialWeights(), f);
        assertThat(g.dW5()).isCloseTo(0.0128808, within(0.5e-7));
    }

    static Stream<Arguments> publishedErrorAfter68Iterations() {
        return Stream.of(Arguments.of(0.1, 0.00957213946556), Arguments.of(0.2, 0.00636996967874),
                Arguments.of(0.5, 0.0017820220656), Arguments.of(0.8, 0.00047864922063),
                Arguments.of(1.0, 0.000196837526126), Arguments.of(2.0, 2.09236233563e-06));
    }

    @ParameterizedTest(name = "η={0}")
    @MethodSource("publishedErrorAfter68Iterations")
    void errorAfter68IterationsMatchesTheSheet(double learningRate, double expected) {
        List<Iteration> rows = GradientDescent.run(DEFAULT.inputs(), DEFAULT.targets(),
                DEFAULT.initialWeights(), learningRate, 68);
        double actual = rows.get(67).forward().eTotal();
        assertThat(Math.abs(actual - expected) / expected).isLessThan(1e-9);
    }

    @Test
    void sweepRunsEveryRateFromTheSameStart() {
        Map<Double, List<Iteration>> runs = GradientDescent.sweep(DEFAULT);
        assertThat(runs.keySet()).containsExactly(0.1, 0.2, 0.5, 0.8, 1.0, 2.0);
        runs.values().forEach(rows -> {
            assertThat(rows).hasSize(68);
            assertThat(rows.get(0).weights()).isEqualTo(DEFAULT.initialWeights());
        });
    }

    /**
     * Matt Mazur, "A Step by Step Backpropagation Example" (2015): the values the post prints, and
     * the double-precision E_total the issue gives (the post's own 0.291027924 after one update
     * comes from rounded intermediates).
     */
    @Test
    void mazursExampleWithFixedBiases() {
        BackpropSettings mazur = BackpropSettings.mazur();
        List<Iteration> rows = GradientDescent.run(mazur, 0.5);
        Forward f = rows.get(0).forward();
        assertThat(f.aH1()).isCloseTo(0.593269992, within(0.5e-9));
        assertThat(f.aH2()).isCloseTo(0.596884378, within(0.5e-9));
        assertThat(f.aO1()).isCloseTo(0.75136507, within(0.5e-8));
        assertThat(f.aO2()).isCloseTo(0.772928465, within(0.5e-9));
        assertThat(f.eTotal()).isCloseTo(0.298371108760003, within(1e-15));
        assertThat(rows.get(0).gradients().dW5()).isCloseTo(0.082167041, within(0.5e-9));
        // The post's updated weights, w5+ .. w8+ and w1+ .. w4+, all from the same first pass.
        double[] published = {0.149780716, 0.19956143, 0.24975114, 0.29950229,
            0.35891648, 0.408666186, 0.511301270, 0.561370121};
        double[] updated = rows.get(1).weights().toArray();
        for (int k = 0; k < 8; k++) {
            assertThat(updated[k]).as("w%d+", k + 1).isCloseTo(published[k], within(0.5e-8));
        }
        assertThat(rows.get(1).biases()).isEqualTo(new Biases(0.35, 0.6));
        assertThat(rows.get(1).forward().eTotal()).isCloseTo(0.291027773693599, within(1e-15));
    }

    @Test
    void mazursExampleAfterTenThousandUpdates() {
        BackpropSettings mazur = BackpropSettings.mazur();
        Iteration last = GradientDescent.run(mazur.inputs(), mazur.targets(),
                mazur.initialWeights(), mazur.startBiases(), false, 0.5, 10_001).get(10_000);
        assertThat(last.forward().eTotal()).isCloseTo(3.51018778e-05, within(0.5e-13));
        assertThat(last.forward().aO1()).isCloseTo(0.0159136204, within(0.5e-10));
        assertThat(last.forward().aO2()).isCloseTo(0.9840642735, within(0.5e-10));
    }

    @Test
    void trainedBiasesMoveAgainstTheirGradientsAndFixedOnesStay() {
        BackpropSettings mazur = BackpropSettings.mazur();
        List<Iteration> trained = GradientDescent.run(mazur.inputs(), mazur.targets(),
                mazur.initialWeights(), mazur.startBiases(), true, 0.5, 3);
        Iteration first = trained.get(0);
        assertThat(trained.get(1).biases().b1())
                .isEqualTo(0.35 - 0.5 * first.gradients().dB1());
        assertThat(trained.get(1).biases().b2())
                .isEqualTo(0.6 - 0.5 * first.gradients().dB2());
        assertThat(trained.get(1).weights()).isEqualTo(GradientDescent.run(mazur, 0.5).get(1)
                .weights());
        assertThat(trained.get(1).forward().eTotal())
                .isLessThan(GradientDescent.run(mazur, 0.5).get(1).forward().eTotal());
    }

    /**
     * The default network, plus random ones with inputs, targets, weights and biases well away from
     * it, with the biases fixed or trained.
     */
    static Stream<Arguments> networks() {
        Random random = new Random(42);
        Stream.Builder<Arguments> b = Stream.builder();
        b.add(Arguments.of(DEFAULT.inputs(), DEFAULT.targets(), DEFAULT.initialWeights(),
                Biases.NONE, false, 0.5));
        for (int k = 0; k < 6; k++) {
            double[] w = random.doubles(8, -2, 2).toArray();
            b.add(Arguments.of(new Inputs(random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1),
                    new Targets(random.nextDouble(), random.nextDouble()), Weights.of(w),
                    new Biases(random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1),
                    k % 2 == 0, 0.1 + random.nextDouble() * 2));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("networks")
    void gradientsEqualCentralFiniteDifferencesAtEveryIteration(Inputs in, Targets t, Weights start,
                                                                Biases biases, boolean trainBiases,
                                                                double learningRate) {
        double step = 1e-6;
        for (Iteration row : GradientDescent.run(in, t, start, biases, trainBiases, learningRate,
                40)) {
            double[] analytic = parameters(row.gradients().toArray(), row.gradients().dB1(),
                    row.gradients().dB2());
            for (int k = 0; k < 10; k++) {
                double[] plus = parameters(row.weights().toArray(), row.biases().b1(),
                        row.biases().b2());
                double[] minus = plus.clone();
                plus[k] += step;
                minus[k] -= step;
                double numeric = (error(in, t, plus) - error(in, t, minus)) / (2 * step);
                assertThat(analytic[k])
                        .as("∂E/∂%s at iteration %d", k < 8 ? "w" + (k + 1) : "b" + (k - 7),
                                row.number())
                        .isCloseTo(numeric, within(1e-9 + 1e-6 * Math.abs(numeric)));
            }
        }
    }

    /** w1..w8, b1, b2 as one vector, the way a finite difference nudges them. */
    private static double[] parameters(double[] weights, double b1, double b2) {
        double[] p = Arrays.copyOf(weights, 10);
        p[8] = b1;
        p[9] = b2;
        return p;
    }

    @Test
    void hiddenGradientsUseTheirOwnNeuronsSlope() {
        // The known sheet bug uses a_h1(1 − a_h1) for w3 and w4; the two slopes differ here, so the
        // buggy value would be measurably off.
        Iteration first = GradientDescent.run(DEFAULT.inputs(), DEFAULT.targets(),
                DEFAULT.initialWeights(), 0.5, 1).get(0);
        Forward f = first.forward();
        double buggy = first.gradients().dW3() / TinyNetwork.sigmoidSlope(f.aH2())
                * TinyNetwork.sigmoidSlope(f.aH1());
        double numeric = (error(DEFAULT.inputs(), DEFAULT.targets(), shifted(2, 1e-6))
                - error(DEFAULT.inputs(), DEFAULT.targets(), shifted(2, -1e-6))) / 2e-6;
        assertThat(first.gradients().dW3()).isCloseTo(numeric, within(2e-10));
        assertThat(Math.abs(buggy - numeric)).isGreaterThan(1e-8);
    }

    private static double[] shifted(int k, double by) {
        double[] w = DEFAULT.initialWeights().toArray();
        w[k] += by;
        return w;
    }

    /** E_total for w1..w8, optionally followed by b1, b2. */
    private static double error(Inputs in, Targets t, double[] p) {
        Biases b = p.length == 10 ? new Biases(p[8], p[9]) : Biases.NONE;
        return TinyNetwork.forward(in, t, Weights.of(Arrays.copyOf(p, 8)), b).eTotal();
    }
}
