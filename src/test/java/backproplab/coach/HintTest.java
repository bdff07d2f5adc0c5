package backproplab.coach;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.training.EpochMetrics;
import backproplab.training.Misread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule on epochs written to show it, and on epochs that must not trigger it. */
class HintTest {

    /** Epochs 1.. of these (train loss, train accuracy, test accuracy), the rate 0.01. */
    private static List<EpochMetrics> epochs(double[]... rows) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            double rate = rows[k].length > 3 ? rows[k][3] : 0.01;
            h.add(new EpochMetrics(k + 1, rows[k][0], rows[k][1], 0.03, rows[k][2], null, rate,
                    10, 1));
        }
        return h;
    }

    private static double[] e(double trainLoss, double train, double test) {
        return new double[] {trainLoss, train, test};
    }

    /**
     * An S6-like run as the course wants it: the loss falls fast, training (with Dropout and
     * rotation) a little below test, the test accuracy climbing to 99.4% and staying, the rate
     * decaying.
     */
    static List<EpochMetrics> healthy() {
        return epochs(e(0.30, 0.930, 0.981), e(0.08, 0.976, 0.987), e(0.06, 0.982, 0.989),
                e(0.05, 0.985, 0.990), e(0.045, 0.987, 0.9915), e(0.04, 0.988, 0.9920),
                e(0.037, 0.989, 0.9925), e(0.034, 0.990, 0.9931), e(0.031, 0.9905, 0.9935),
                e(0.029, 0.991, 0.9941), e(0.027, 0.9915, 0.9942), e(0.026, 0.992, 0.9944),
                e(0.025, 0.9922, 0.9945), e(0.024, 0.9924, 0.9943), e(0.024, 0.9925, 0.9946));
    }

    @Test
    void aHealthyRunHasNoHint() {
        assertThat(Hints.ofCurves(healthy())).isEmpty();
    }

    @Test
    void trainingFarAboveTestIsOverFittingAndNamesTheMeans() {
        List<EpochMetrics> h = epochs(e(0.2, 0.97, 0.980), e(0.05, 0.99, 0.988),
                e(0.01, 0.997, 0.990), e(0.005, 0.998, 0.991), e(0.003, 0.999, 0.992));
        List<Hint> hints = Hints.ofCurves(h);
        assertThat(hints).hasSize(1).first().isInstanceOf(Hint.OverFitting.class);
        Hint.OverFitting o = (Hint.OverFitting) hints.get(0);
        // (0.997 + 0.998 + 0.999) / 3 = 0.998; (0.990 + 0.991 + 0.992) / 3 = 0.991.
        assertThat(o.train()).isCloseTo(0.998, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.test()).isCloseTo(0.991, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.figures()).isEqualTo("train 99.80% vs test 99.10% over the last 3 epochs:"
                + " 0.70 points apart");
        assertThat(o.advice()).contains("Dropout", "augment");
    }

    @Test
    void aGapJustUnderHalfAPointIsNotOverFitting() {
        // Means 0.9948 and 0.9900: 0.48 point.
        List<EpochMetrics> h = epochs(e(0.05, 0.994, 0.990), e(0.04, 0.995, 0.990),
                e(0.03, 0.9954, 0.990));
        assertThat(Hints.ofCurves(h)).isEmpty();
        // The same gap at 0.5 point is one.
        List<EpochMetrics> at = epochs(e(0.05, 0.995, 0.990), e(0.04, 0.995, 0.990),
                e(0.03, 0.995, 0.990));
        assertThat(Hints.ofCurves(at)).extracting(Hint::rule).containsExactly("over-fitting");
    }

    @Test
    void aGapOnlyInTheFirstEpochsIsNotOverFittingNow() {
        List<EpochMetrics> h = epochs(e(0.2, 0.99, 0.97), e(0.1, 0.99, 0.98), e(0.05, 0.99, 0.99),
                e(0.04, 0.991, 0.990), e(0.03, 0.992, 0.991), e(0.03, 0.992, 0.992));
        assertThat(Hints.ofCurves(h)).isEmpty();
    }

    @Test
    void testWellAboveTrainingLateIsMoreRegularisationThanNeeded() {
        List<EpochMetrics> h = epochs(e(0.5, 0.90, 0.980), e(0.4, 0.96, 0.988),
                e(0.35, 0.975, 0.990), e(0.33, 0.978, 0.991), e(0.32, 0.980, 0.992));
        List<Hint> hints = Hints.ofCurves(h);
        assertThat(hints).extracting(Hint::rule).containsExactly("test-above-training");
        // Test (0.990 + 0.991 + 0.992) / 3 = 0.991, train (0.975 + 0.978 + 0.980) / 3 = 0.97767.
        assertThat(hints.get(0).figures()).isEqualTo("test 99.10% vs train 97.77% over the last"
                + " 3 epochs: 1.33 points apart");
    }

    @Test
    void theCourseUsualMarginOfHalfAPointIsNotTooMuchRegularisation() {
        List<EpochMetrics> h = epochs(e(0.1, 0.985, 0.990), e(0.08, 0.988, 0.992),
                e(0.07, 0.989, 0.993), e(0.06, 0.9895, 0.9935));
        assertThat(Hints.ofCurves(h)).isEmpty();
    }

    @Test
    void aFallOfTheTestAccuracyInTheLastEpochsIsASwing() {
        double[] rate = {0.1};
        List<EpochMetrics> h = epochs(new double[] {0.2, 0.97, 0.985, 0.1},
                new double[] {0.1, 0.98, 0.990, 0.1}, new double[] {0.08, 0.985, 0.991, 0.1},
                new double[] {0.07, 0.987, 0.994, 0.1}, new double[] {0.07, 0.988, 0.9905, 0.1},
                new double[] {0.06, 0.988, 0.993, rate[0]});
        List<Hint> hints = Hints.ofCurves(h);
        assertThat(hints).extracting(Hint::rule).containsExactly("swinging", "target-not-held");
        Hint.Swinging s = (Hint.Swinging) hints.get(0);
        assertThat(s.epoch()).isEqualTo(4);
        assertThat(s.figures()).isEqualTo("test 99.40% at epoch 4, then 99.05% at epoch 5: 0.35"
                + " points down; the rate ended at 1.00e-01");
        assertThat(s.advice()).contains("decay");
    }

    @Test
    void aSmallWobbleOrAFallBeforeTheLastFourEpochsIsNoSwing() {
        // Falls of 0.2 point at most in the last four epochs; 1 point before them.
        List<EpochMetrics> h = epochs(e(0.2, 0.97, 0.990), e(0.1, 0.98, 0.980),
                e(0.08, 0.985, 0.985), e(0.07, 0.987, 0.987), e(0.06, 0.988, 0.985),
                e(0.06, 0.988, 0.987), e(0.05, 0.988, 0.986));
        assertThat(Hints.ofCurves(h)).isEmpty();
        // A run still climbing moves by more than that, but never down.
        List<EpochMetrics> climbing = epochs(e(0.2, 0.96, 0.970), e(0.1, 0.97, 0.978),
                e(0.08, 0.975, 0.984), e(0.07, 0.98, 0.988));
        assertThat(Hints.ofCurves(climbing)).isEmpty();
    }

    @Test
    void aLossStillNearABlindGuessAfterThreeEpochsIsARateTooLow() {
        List<EpochMetrics> h = epochs(e(2.21, 0.2, 0.3), e(2.05, 0.35, 0.4), e(1.90, 0.45, 0.5),
                e(1.6, 0.55, 0.6));
        // Its test accuracy 5 to 10 points above training is no hint: below 98% the model is
        // still learning, and a running mean over the epoch lags the epoch's end.
        List<Hint> hints = Hints.ofCurves(h);
        assertThat(hints).extracting(Hint::rule).containsExactly("flat-start");
        assertThat(hints.get(0).figures()).isEqualTo("training loss 2.21, 2.05, 1.90 in epochs"
                + " 1 to 3 (a blind guess scores 2.30)");
        assertThat(hints.get(0).advice()).contains("lr-find");
    }

    @Test
    void aLossThatHalvesOrEndsUnderOneIsNotFlat() {
        // From 2.2 to 1.05: above 1.0, but fallen by more than half.
        assertThat(Hints.ofCurves(epochs(e(2.2, 0.3, 0.4), e(1.5, 0.5, 0.6),
                e(1.05, 0.65, 0.7)))).isEmpty();
        // Fallen little, but under 1.0 by the third epoch.
        assertThat(Hints.ofCurves(epochs(e(1.2, 0.6, 0.7), e(1.1, 0.65, 0.7),
                e(0.99, 0.68, 0.7)))).isEmpty();
        // Rising, or not a number: a rate too high, whatever else it is.
        assertThat(Hints.ofCurves(epochs(e(2.2, 0.3, 0.4), e(2.25, 0.2, 0.2),
                e(2.4, 0.1, 0.1)))).isEmpty();
        assertThat(Hints.ofCurves(epochs(e(2.2, 0.3, 0.4), e(Double.NaN, 0.1, 0.1),
                e(Double.POSITIVE_INFINITY, 0.1, 0.1)))).isEmpty();
        // One epoch is no curve yet.
        assertThat(Hints.ofCurves(epochs(e(2.3, 0.1, 0.1)))).isEmpty();
    }

    @Test
    void theTargetTouchedOnceButNotHeldIsNamedWithBothEpochs() {
        List<EpochMetrics> h = epochs(e(0.1, 0.985, 0.990), e(0.08, 0.988, 0.9942),
                e(0.07, 0.989, 0.9938), e(0.06, 0.9895, 0.9931), e(0.06, 0.99, 0.9936));
        List<Hint> hints = Hints.ofCurves(h);
        assertThat(hints).extracting(Hint::rule).containsExactly("target-not-held");
        assertThat(hints.get(0).title()).isEqualTo("99.4% touched but not held");
        assertThat(hints.get(0).figures()).isEqualTo("99.42% at epoch 2, but 99.31% at epoch"
                + " 4, the lowest of the last 3");
    }

    @Test
    void theTargetHeldOrNeverReachedIsNoHint() {
        // Held: exactly 0.994, as JSON gives it back, counts as reached.
        assertThat(Hints.ofCurves(epochs(e(0.1, 0.985, 0.990), e(0.08, 0.988, 0.994),
                e(0.07, 0.989, 0.9941), e(0.06, 0.9895, 0.994)))).isEmpty();
        assertThat(Hints.ofCurves(epochs(e(0.1, 0.985, 0.990), e(0.08, 0.988, 0.9939),
                e(0.07, 0.989, 0.9938)))).isEmpty();
    }

    /** {@code count} misread digits truth → predicted, indices from {@code first}. */
    private static void misread(List<Misread> into, int truth, int predicted, int count,
                                int first) {
        for (int k = 0; k < count; k++) {
            // The later index the surer: the examples come surest first.
            into.add(new Misread(first + k, truth, predicted, 0.5f + 0.01f * k));
        }
    }

    @Test
    void pairsWithManyMistakesAreNamedWithTheirSurestDigits() {
        List<Misread> m = new ArrayList<>();
        misread(m, 4, 9, 9, 100);
        misread(m, 7, 2, 6, 200);
        misread(m, 3, 5, 5, 300);
        misread(m, 9, 4, 5, 400);
        // 15 scattered mistakes, one a pair: t read as t + 1, then 0 to 4 as t + 3.
        for (int k = 0; k < 15; k++) {
            m.add(new Misread(1000 + k, k % 10, (k % 10 + (k < 10 ? 1 : 3)) % 10, 0.5f));
        }
        Hint hint = Hints.ofMistakes(m).orElseThrow();
        Hint.ConfusedPairs c = (Hint.ConfusedPairs) hint;
        // 40 mistakes: a pair stands out at max(5, 3 × 40 / 90 = 1.3) = 5; three are shown.
        assertThat(c.pairs()).extracting(Hint.ConfusedPairs.Pair::count)
                .containsExactly(9, 6, 5);
        assertThat(c.pairs().get(0).examples()).containsExactly(108, 107, 106, 105);
        assertThat(c.figures()).isEqualTo("4 read as 9: 9 (#108, #107, #106, #105); 7 read as"
                + " 2: 6 (#205, #204, #203, #202); 3 read as 5: 5 (#304, #303, #302, #301) of"
                + " the 40 mistakes");
        assertThat(c.digits()).hasSize(12).startsWith(108);
    }

    @Test
    void noPairStandsOutAmongScatteredMistakesOrAWeakModelsEvenOnes() {
        List<Misread> m = new ArrayList<>();
        misread(m, 4, 9, 4, 0);
        misread(m, 7, 2, 4, 10);
        assertThat(Hints.ofMistakes(m)).isEmpty();
        // 900 mistakes, 10 in every pair: 10 is under three times the share of 10.
        List<Misread> even = new ArrayList<>();
        int i = 0;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                if (t != p) {
                    misread(even, t, p, 10, i);
                    i += 10;
                }
            }
        }
        assertThat(Hints.ofMistakes(even)).isEmpty();
        assertThat(Hints.ofMistakes(List.of())).isEmpty();
    }
}
