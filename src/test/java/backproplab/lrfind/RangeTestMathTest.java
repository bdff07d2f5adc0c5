package backproplab.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import backproplab.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rates, the smoothing, the early stop and the suggestion, against hand derivations. */
class RangeTestMathTest {

    @Test
    void ratesGrowByAConstantFactorFromStartToEnd() {
        RateRange range = new RateRange(1e-4, 1, 21);
        // 20 steps over 4 decades: a factor of 10^(1/5) a step, a decade every 5 steps.
        for (int k = 0; k <= 20; k++) {
            assertThat(range.rate(k)).isCloseTo(Math.pow(10, -4 + k / 5.0),
                    within(1e-12 * Math.pow(10, -4 + k / 5.0)));
        }
        // DJL's update n is step n - 1; past the last step the rate stays at the end.
        assertThat((double) range.tracker().getNewValue(1)).isCloseTo(1e-4, within(1e-10));
        assertThat((double) range.tracker().getNewValue(6)).isCloseTo(1e-3, within(1e-9));
        assertThat((double) range.tracker().getNewValue(21)).isCloseTo(1, within(1e-6));
        assertThat((double) range.tracker().getNewValue(30)).isCloseTo(1, within(1e-6));
    }

    @Test
    void aBadRangeNamesItsOption() {
        assertThatThrownBy(() -> new RateRange(0, 1, 100)).isInstanceOf(
                InvalidValueException.class).hasMessageStartingWith("--start");
        assertThatThrownBy(() -> new RateRange(1, 0.5, 100)).isInstanceOf(
                InvalidValueException.class).hasMessageStartingWith("--end");
        assertThatThrownBy(() -> new RateRange(1e-5, 1, 5)).isInstanceOf(
                InvalidValueException.class).hasMessageStartingWith("--steps");
    }

    /**
     * The bias-corrected moving average is the mean of the losses so far weighted by β^(age):
     * the n-th step's is Σ β^(n−k) loss_k / Σ β^(n−k).
     */
    @Test
    void theSmoothedLossIsTheWeightedMeanOfTheLossesSoFar() {
        SmoothedLoss s = new SmoothedLoss();
        assertThat(s.add(1)).isCloseTo(1, within(1e-12));
        assertThat(s.add(2)).isCloseTo(2.98 / 1.98, within(1e-12));
        assertThat(s.add(3)).isCloseTo((0.9604 + 1.96 + 3) / (0.9604 + 0.98 + 1),
                within(1e-12));
        double[] losses = {2.3, 2.1, 2.2, 1.7, 1.9, 1.2, 0.9};
        SmoothedLoss t = new SmoothedLoss();
        for (int n = 0; n < losses.length; n++) {
            double sum = 0;
            double weights = 0;
            for (int k = 0; k <= n; k++) {
                sum += Math.pow(0.98, n - k) * losses[k];
                weights += Math.pow(0.98, n - k);
            }
            assertThat(t.add(losses[n])).isCloseTo(sum / weights, within(1e-12));
        }
    }

    /**
     * A made-up loss: 2 for 40 steps, then 1, then from step 80 on doubling each step. The test
     * stops at the first step whose smoothed loss (the weighted mean) is above 4 times the
     * lowest, found here by brute force, and not before.
     */
    @Test
    void anExplodingLossStopsTheTestWhereTheSmoothedLossPassesFourTimesItsLowest() {
        RateRange range = new RateRange(1e-5, 10, 200);
        List<Double> fed = new ArrayList<>();
        RangeTestResult r = LrFinder.run(range, (steps, listener) -> {
            int k = 0;
            for (; k < steps; k++) {
                float loss = k < 40 ? 2f : k < 80 ? 1f : (float) Math.pow(2, k - 79);
                fed.add((double) loss);
                if (!listener.stepped(k, loss)) {
                    return k + 1;
                }
            }
            return k;
        }, (step, rate, smoothed) -> { });
        int expected = -1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int n = 0; n < 200 && expected < 0; n++) {
            double sum = 0;
            double weights = 0;
            for (int k = 0; k <= n; k++) {
                double loss = k < 40 ? 2 : k < 80 ? 1 : Math.pow(2, k - 79);
                sum += Math.pow(0.98, n - k) * loss;
                weights += Math.pow(0.98, n - k);
            }
            lowest = Math.min(lowest, sum / weights);
            if (sum / weights > 4 * lowest) {
                expected = n;
            }
        }
        assertThat(expected).isGreaterThan(80);
        assertThat(r.taken()).isEqualTo(expected + 1);
        assertThat(fed).hasSize(expected + 1);
        assertThat(r.steps()).isEqualTo(expected + 1);
        assertThat(r.stoppedBy()).contains("passed 4 times its lowest");
        assertThat(r.rates()[expected]).isEqualTo(range.rate(expected));
    }

    @Test
    void aLossThatIsNotANumberStopsTheTestAndIsNotKept() {
        RateRange range = new RateRange(1e-5, 10, 100);
        RangeTestResult r = LrFinder.run(range, (steps, listener) -> {
            for (int k = 0; k < steps; k++) {
                if (!listener.stepped(k, k < 30 ? 2f - k * 0.01f : Float.NaN)) {
                    return k + 1;
                }
            }
            return steps;
        }, (step, rate, smoothed) -> { });
        assertThat(r.taken()).isEqualTo(31);
        assertThat(r.steps()).isEqualTo(30);
        assertThat(r.stoppedBy()).startsWith("the loss became NaN");
    }

    /**
     * A smoothed loss falling as −tanh((k − 60) / 8): steepest at step 60 (by symmetry), lowest
     * at the last step kept for the slope's ends aside.
     */
    @Test
    void theSuggestionIsTheSteepestDescentAndTheMinimumOverTenIsBesideIt() {
        RateRange range = new RateRange(1e-5, 10, 150);
        double[] rates = new double[150];
        double[] smoothed = new double[150];
        for (int k = 0; k < 150; k++) {
            rates[k] = range.rate(k);
            smoothed[k] = 2 - Math.tanh((k - 60) / 8.0) + (k > 120 ? (k - 120) * 0.5 : 0);
        }
        Suggestion s = Suggestion.of(rates, smoothed);
        assertThat(s.steepestIndex()).isEqualTo(60);
        assertThat(s.steepest()).isEqualTo(rates[60]);
        assertThat(s.rate()).isEqualTo(rates[60]);
        int lowest = 0;
        for (int k = 1; k < 150; k++) {
            lowest = smoothed[k] < smoothed[lowest] ? k : lowest;
        }
        assertThat(s.minimumIndex()).isEqualTo(lowest);
        assertThat(s.minimumOver10()).isEqualTo(rates[lowest] / 10);
    }

    @Test
    void aCurveThatNeverFallsHasNoSteepestDescentAndSuggestsTheMinimumOverTen() {
        double[] rates = new double[40];
        double[] smoothed = new double[40];
        RateRange range = new RateRange(1e-5, 1, 40);
        for (int k = 0; k < 40; k++) {
            rates[k] = range.rate(k);
            smoothed[k] = 2 + k * 0.1;
        }
        Suggestion s = Suggestion.of(rates, smoothed);
        assertThat(s.hasSteepest()).isFalse();
        assertThat(s.rate()).isEqualTo(rates[0] / 10);
    }

    @Test
    void numpysGradientCentralInsideOneSidedAtTheEnds() {
        assertThat(Suggestion.gradient(new double[] {1, 2, 4, 7, 11}))
                .containsExactly(1, 1.5, 2.5, 3.5, 4);
    }

    @Test
    void ratesAreWrittenAsTrainReadsThemWhateverTheLocale() {
        assertThat(RangeTestResult.rateText(0.0123456)).isEqualTo("0.0123");
        assertThat(RangeTestResult.rateText(1.5e-5)).isEqualTo("1.50e-5");
        assertThat(RangeTestResult.rateText(2.5)).isEqualTo("2.50");
    }
}
