package backproplab.coach;

import backproplab.training.EpochMetrics;
import backproplab.training.Misread;
import backproplab.training.RunSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One rule of thumb for reading a run, each a record of the figures that decide it. A rule's
 * {@code of} gives its hint only when its condition holds; the thresholds are chosen for the
 * course's MNIST CNNs (about 99% to 99.5% test accuracy, judged on the 10,000 test digits, where
 * 0.1 point is 10 digits). Accuracies are fractions in [0, 1], as in metrics.json.
 *
 * <p>The training accuracy of metrics.json is measured while the model trains, with its Dropout
 * on and its digits augmented: regularisation lowers it, which is what the first two rules read.
 */
public sealed interface Hint {

    /**
     * The last epochs a rule reads for "late in training": as many as the assignment's "held in
     * the last epochs", and enough to average out one epoch's luck.
     */
    int LAST = 3;

    /** A short name of the rule, for pages and tests: "over-fitting". */
    String rule();

    /** The finding in a few words: "Over-fitting". */
    String title();

    /** The figures that decide it, named: "train 99.80% vs test 99.10% over ...". */
    String figures();

    /** What to try. */
    String advice();

    /** Test digits that show it (indices from 0), the surest mistakes first; mostly none. */
    default List<Integer> digits() {
        return List.of();
    }

    /**
     * Training accuracy far above test over the last epochs.
     *
     * @param train the mean training accuracy of the last {@code epochs}
     * @param test  the mean test accuracy of the same epochs
     */
    record OverFitting(double train, double test, int epochs) implements Hint {

        /**
         * "Far": half a point, 50 of the 10,000 test digits. The test accuracy's sampling error
         * at 99.4% is sqrt(0.994 × 0.006 / 10,000) ≈ 0.08 point, so a gap of 0.5 is six times
         * it; and a model regularised as the course teaches (Dropout, a little rotation) trains
         * at or below its test accuracy, so a gap this wide means it learns the training digits
         * by heart.
         */
        static final double GAP = 0.005;

        static Optional<Hint> of(List<EpochMetrics> history) {
            if (history.size() < LAST) {
                return Optional.empty();
            }
            double train = mean(last(history), EpochMetrics::trainAccuracy);
            double test = mean(last(history), EpochMetrics::testAccuracy);
            return train - test >= GAP - 1e-12 ? Optional.of(new OverFitting(train, test, LAST))
                    : Optional.empty();
        }

        @Override
        public String rule() {
            return "over-fitting";
        }

        @Override
        public String title() {
            return "Over-fitting: training accuracy far above test";
        }

        @Override
        public String figures() {
            return "train " + percent(train) + " vs test " + percent(test) + " over the last "
                    + epochs + " epochs: " + points(train - test) + " apart";
        }

        @Override
        public String advice() {
            return "The model learns its training digits by heart. Add Dropout or raise its rate"
                    + " (0.05 to 0.1), or augment the training digits (a rotation of 5 to 15"
                    + " degrees), before adding parameters.";
        }
    }

    /**
     * Test accuracy above training by a wide margin late in training.
     *
     * @param train the mean training accuracy of the last {@code epochs}
     * @param test  the mean test accuracy of the same epochs
     */
    record TestAboveTraining(double train, double test, int epochs) implements Hint {

        /**
         * "Wide": a whole point, 100 test digits. Some margin is what regularisation is for (the
         * course's S6 models train about 0.3 to 0.6 point below their test accuracy, since
         * Dropout and augmentation make the training digits harder); twice that means the model
         * spends its capacity on noise it never meets in the test set.
         */
        static final double MARGIN = 0.01;
        /**
         * Late in training means a model that has learned the digits: the course's models pass
         * 98% within their first epochs. Before that the training accuracy, a running mean over
         * an epoch in which the model still improves fast, lags its end-of-epoch test accuracy
         * for that reason alone.
         */
        static final double LEARNED = 0.98;

        static Optional<Hint> of(List<EpochMetrics> history) {
            if (history.size() < LAST) {
                return Optional.empty();
            }
            double train = mean(last(history), EpochMetrics::trainAccuracy);
            double test = mean(last(history), EpochMetrics::testAccuracy);
            return test >= LEARNED && test - train >= MARGIN - 1e-12
                    ? Optional.of(new TestAboveTraining(train, test, LAST)) : Optional.empty();
        }

        @Override
        public String rule() {
            return "test-above-training";
        }

        @Override
        public String title() {
            return "More regularisation than needed: test accuracy well above training";
        }

        @Override
        public String figures() {
            return "test " + percent(test) + " vs train " + percent(train) + " over the last "
                    + epochs + " epochs: " + points(test - train) + " apart";
        }

        @Override
        public String advice() {
            return "Dropout or augmentation holds the model back more than it needs. Lower the"
                    + " Dropout rate or the rotation, or train longer: the capacity it frees can"
                    + " lift the test accuracy too.";
        }
    }

    /**
     * Test accuracy swinging in the last epochs: it fell from one epoch to the next.
     *
     * @param epoch the epoch after which it fell
     * @param rate  the learning rate at the end of the last epoch
     */
    record Swinging(int epoch, double before, double after, double rate) implements Hint {

        /**
         * The last epochs whose steps are read: four, so three steps, since one step is not a
         * swing and the first half of a run is meant to move.
         */
        static final int WINDOW = 4;
        /**
         * A fall of a quarter point, 25 test digits. A rate that has decayed moves the answers
         * of only a few borderline digits from one epoch to the next (under 0.1 point, about
         * the test's sampling error); a fall three times that is the weights jumping.
         */
        static final double FALL = 0.0025;

        static Optional<Hint> of(List<EpochMetrics> history) {
            if (history.size() < WINDOW) {
                return Optional.empty();
            }
            List<EpochMetrics> window = history.subList(history.size() - WINDOW, history.size());
            EpochMetrics worst = null;
            double largest = 0;
            for (int k = 1; k < window.size(); k++) {
                double fall = window.get(k - 1).testAccuracy() - window.get(k).testAccuracy();
                if (fall > largest) {
                    largest = fall;
                    worst = window.get(k - 1);
                }
            }
            if (worst == null || largest < FALL - 1e-12) {
                return Optional.empty();
            }
            int k = window.indexOf(worst);
            return Optional.of(new Swinging(worst.epoch(), worst.testAccuracy(),
                    window.get(k + 1).testAccuracy(),
                    history.get(history.size() - 1).learningRate()));
        }

        @Override
        public String rule() {
            return "swinging";
        }

        @Override
        public String title() {
            return "Test accuracy swinging in the last epochs: the rate is too high at the end";
        }

        @Override
        public String figures() {
            return String.format(Locale.ROOT, "test %s at epoch %d, then %s at epoch %d: %s"
                    + " down; the rate ended at %.2e", percent(before), epoch, percent(after),
                    epoch + 1, points(before - after), rate);
        }

        @Override
        public String advice() {
            return "Let the learning rate decay: a schedule such as OneCycle, or a step down for"
                    + " the last epochs, lets the model settle instead of jumping between"
                    + " minima.";
        }
    }

    /**
     * The training loss flat for the first epochs.
     *
     * @param losses the training loss of each of the first epochs
     */
    record FlatStart(List<Double> losses) implements Hint {

        /** The first epochs read. */
        static final int EPOCHS = 3;
        /**
         * Still this high after them: a mean loss of 1.0 gives the true digit e^-1 ≈ 37% on
         * average. At a fair rate the course's models average well under 0.5 in their first
         * epoch (and label smoothing of 0.1 keeps even a perfect model only near 0.5);
         * guessing blindly scores ln 10 ≈ 2.30.
         */
        static final double HIGH = 1.0;
        /** And fallen by less than half since the first epoch: flat, not merely slow. */
        static final double FALLEN = 0.5;

        public FlatStart {
            losses = List.copyOf(losses);
        }

        static Optional<Hint> of(List<EpochMetrics> history) {
            if (history.size() < 2) {
                return Optional.empty();
            }
            List<Double> losses = history.subList(0, Math.min(EPOCHS, history.size())).stream()
                    .map(EpochMetrics::trainLoss).toList();
            double first = losses.get(0);
            double end = losses.get(losses.size() - 1);
            // A loss that rises, or is not a number, is a rate too high: not this rule's.
            boolean finite = losses.stream().allMatch(Double::isFinite);
            return finite && end >= HIGH && end > FALLEN * first && end <= first
                    ? Optional.of(new FlatStart(losses)) : Optional.empty();
        }

        @Override
        public String rule() {
            return "flat-start";
        }

        @Override
        public String title() {
            return "The loss is flat for the first epochs: the rate is too low";
        }

        @Override
        public String figures() {
            return "training loss " + losses.stream().map(l -> String.format(Locale.ROOT,
                    "%.2f", l)).collect(Collectors.joining(", ")) + " in epochs 1 to "
                    + losses.size() + String.format(Locale.ROOT, " (a blind guess scores %.2f)",
                    Math.log(10));
        }

        @Override
        public String advice() {
            return "Raise the learning rate (three to ten times), or let lr-find suggest one."
                    + " On a few images (--limit) an epoch is only a few steps: give it more"
                    + " before judging. A loss stuck at exactly 2.30 can also be a rate so high"
                    + " the model answers the same digit for every image.";
        }
    }

    /**
     * The target reached at some epoch but not held in the last epochs.
     *
     * @param first       the first epoch at or above the target
     * @param reached     its test accuracy
     * @param lowestEpoch the last epochs' lowest, below the target
     * @param epochs      how many last epochs were read
     */
    record TargetNotHeld(int first, double reached, int lowestEpoch, double lowest, int epochs)
            implements Hint {

        static Optional<Hint> of(List<EpochMetrics> history) {
            int first = RunSummary.firstEpochAtTarget(history);
            if (first < 0) {
                return Optional.empty();
            }
            List<EpochMetrics> last = history.subList(Math.max(0, history.size() - LAST),
                    history.size());
            EpochMetrics lowest = last.stream()
                    .min(Comparator.comparingDouble(EpochMetrics::testAccuracy)).orElseThrow();
            // The same tolerance as firstEpochAtTarget: 0.994 read back from JSON is at it.
            if (lowest.testAccuracy() >= RunSummary.TARGET - 1e-9) {
                return Optional.empty();
            }
            return Optional.of(new TargetNotHeld(first, history.get(first - 1).testAccuracy(),
                    lowest.epoch(), lowest.testAccuracy(), last.size()));
        }

        @Override
        public String rule() {
            return "target-not-held";
        }

        @Override
        public String title() {
            return String.format(Locale.ROOT, "%.1f%% touched but not held",
                    RunSummary.TARGET_PERCENT);
        }

        @Override
        public String figures() {
            return String.format(Locale.ROOT, "%s at epoch %d, but %s at epoch %d, the lowest"
                    + " of the last %d", percent(reached), first, percent(lowest), lowestEpoch,
                    epochs);
        }

        @Override
        public String advice() {
            return "The assignment asks for the target in every one of the last epochs. A rate"
                    + " that decays to the end, or a few more epochs at a low rate, keeps the"
                    + " model where it got to.";
        }
    }

    /**
     * The digits most often read as one another by the best model.
     *
     * @param pairs    the pairs that stand out, most mistakes first
     * @param mistakes all the model's mistakes on the test set
     */
    record ConfusedPairs(List<Pair> pairs, int mistakes) implements Hint {

        /**
         * A true digit read as another: how often, and the surest of those mistakes (test
         * digits, numbered from 0 as {@code evaluate}'s captions number them).
         */
        public record Pair(int truth, int predicted, int count, List<Integer> examples) {
            public Pair {
                examples = List.copyOf(examples);
            }
        }

        /** At most this many pairs, and examples a pair. */
        static final int PAIRS = 3;
        static final int EXAMPLES = 4;
        /**
         * A pair stands out with at least 5 mistakes and three times its share of them all
         * (there are 90 ordered pairs). A 99.4% model makes about 60 mistakes, under one a
         * pair: 5 of one kind would be very unlikely by chance (Poisson, mean 0.7: under 0.1%),
         * and the share keeps a weaker model's many mistakes from making every pair stand out.
         */
        static final int LEAST = 5;
        static final double SHARE = 3;
        private static final int ORDERED_PAIRS = 90;

        public ConfusedPairs {
            pairs = List.copyOf(pairs);
        }

        static Optional<Hint> of(List<Misread> misread) {
            int[][] counts = new int[10][10];
            misread.forEach(m -> counts[m.truth()][m.predicted()]++);
            double least = Math.max(LEAST, SHARE * misread.size() / ORDERED_PAIRS);
            List<Pair> pairs = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 10; p++) {
                    if (t != p && counts[t][p] >= least) {
                        int truth = t;
                        int predicted = p;
                        pairs.add(new Pair(t, p, counts[t][p], misread.stream()
                                .filter(m -> m.truth() == truth && m.predicted() == predicted)
                                .sorted(Comparator.comparingDouble((Misread m)
                                        -> -m.probability()).thenComparingInt(Misread::index))
                                .limit(EXAMPLES).map(Misread::index).toList()));
                    }
                }
            }
            pairs.sort(Comparator.comparingInt((Pair q) -> -q.count()));
            return pairs.isEmpty() ? Optional.empty() : Optional.of(new ConfusedPairs(
                    pairs.subList(0, Math.min(PAIRS, pairs.size())), misread.size()));
        }

        @Override
        public String rule() {
            return "confused-pairs";
        }

        @Override
        public String title() {
            return "The digits most confused";
        }

        @Override
        public String figures() {
            return pairs.stream().map(q -> String.format(Locale.ROOT, "%d read as %d: %d (%s)",
                    q.truth(), q.predicted(), q.count(), q.examples().stream().map(i -> "#" + i)
                    .collect(Collectors.joining(", ")))).collect(Collectors.joining("; "))
                    + " of the " + mistakes + " mistakes";
        }

        @Override
        public String advice() {
            return "Look at these digits: what makes them look alike to the model (an open 4, a"
                    + " 7 with a bar)? Augmentation that makes such shapes (rotation, shift), or"
                    + " more channels where the strokes are seen, often helps.";
        }

        @Override
        public List<Integer> digits() {
            return pairs.stream().flatMap(q -> q.examples().stream()).toList();
        }
    }

    private static List<EpochMetrics> last(List<EpochMetrics> history) {
        return history.subList(history.size() - LAST, history.size());
    }

    private static double mean(List<EpochMetrics> epochs,
                               java.util.function.ToDoubleFunction<EpochMetrics> value) {
        return epochs.stream().mapToDouble(value).average().orElseThrow();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String points(double fraction) {
        return String.format(Locale.ROOT, "%.2f points", 100 * fraction);
    }
}
