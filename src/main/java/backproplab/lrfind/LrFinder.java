package backproplab.lrfind;

import backproplab.training.RangeTest;
import backproplab.training.TrainSettings;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a range test of {@code settings}' model and recipe (its rate aside: the range's rates
 * replace it, and its schedule): a new copy of the model, never a run's, so nothing a run
 * holds changes.
 */
public final class LrFinder {

    private LrFinder() {}

    /** Hears of each step kept: its number from 0, its rate and its smoothed loss. */
    @FunctionalInterface
    public interface Progress {
        void stepped(int step, double rate, double smoothed);
    }

    /**
     * @param say hears of a download of MNIST
     * @param progress hears of each step
     */
    public static RangeTestResult run(TrainSettings settings, RateRange range,
                                      Consumer<String> say, Progress progress) {
        return run(range, (steps, listener) -> RangeTest.run(settings, range.tracker(), steps,
                say, listener), progress);
    }

    /** Trains up to {@code steps} steps, telling {@code listener} of each; returns the steps. */
    @FunctionalInterface
    interface Training {
        int train(int steps, RangeTest.Steps listener);
    }

    /** The test's bookkeeping around {@code training}: smoothing, stopping, the suggestion. */
    static RangeTestResult run(RateRange range, Training training, Progress progress) {
        long t0 = System.nanoTime();
        double[] rates = new double[range.steps()];
        double[] losses = new double[range.steps()];
        double[] smoothed = new double[range.steps()];
        SmoothedLoss smoothing = new SmoothedLoss();
        String[] stop = new String[1];
        int[] kept = new int[1];
        int taken = training.train(range.steps(), (step, loss) -> {
            if (!Float.isFinite(loss)) {
                stop[0] = "the loss became " + loss + " at rate "
                        + RangeTestResult.rateText(range.rate(step));
                return false;
            }
            rates[step] = range.rate(step);
            losses[step] = loss;
            smoothed[step] = smoothing.add(loss);
            kept[0] = step + 1;
            progress.stepped(step, rates[step], smoothed[step]);
            if (smoothing.exploded()) {
                stop[0] = String.format(Locale.ROOT, "the smoothed loss, %.3g at rate"
                        + " %s, passed %.0f times its lowest (%.3g)", smoothed[step],
                        RangeTestResult.rateText(rates[step]), SmoothedLoss.EXPLODED,
                        smoothing.best());
                return false;
            }
            return true;
        });
        int n = kept[0];
        double[] r = Arrays.copyOf(rates, n);
        double[] s = Arrays.copyOf(smoothed, n);
        return new RangeTestResult(range, taken, r, Arrays.copyOf(losses, n), s, stop[0],
                Suggestion.of(r, s), (System.nanoTime() - t0) / 1e9);
    }
}
