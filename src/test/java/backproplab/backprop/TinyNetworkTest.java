package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backproplab.backprop.TinyNetwork.Forward;
import backproplab.backprop.TinyNetwork.Gradients;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
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

    /** The default network, plus random ones with inputs, targets and weights well away from it. */
    static Stream<Arguments> networks() {
        Random random = new Random(42);
        Stream.Builder<Arguments> b = Stream.builder();
        b.add(Arguments.of(DEFAULT.inputs(), DEFAULT.targets(), DEFAULT.initialWeights(), 0.5));
        for (int k = 0; k < 5; k++) {
            double[] w = random.doubles(8, -2, 2).toArray();
            b.add(Arguments.of(new Inputs(random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1),
                    new Targets(random.nextDouble(), random.nextDouble()), Weights.of(w),
                    0.1 + random.nextDouble() * 2));
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("networks")
    void gradientsEqualCentralFiniteDifferencesAtEveryIteration(Inputs in, Targets t, Weights start,
                                                                double learningRate) {
        double step = 1e-6;
        for (Iteration row : GradientDescent.run(in, t, start, learningRate, 40)) {
            double[] analytic = row.gradients().toArray();
            for (int k = 0; k < 8; k++) {
                double[] plus = row.weights().toArray();
                double[] minus = row.weights().toArray();
                plus[k] += step;
                minus[k] -= step;
                double numeric = (error(in, t, plus) - error(in, t, minus)) / (2 * step);
                assertThat(analytic[k]).as("∂E/∂w%d at iteration %d", k + 1, row.number())
                        .isCloseTo(numeric, within(1e-9 + 1e-6 * Math.abs(numeric)));
            }
        }
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

    private static double error(Inputs in, Targets t, double[] w) {
        return TinyNetwork.forward(in, t, Weights.of(w)).eTotal();
    }
}
