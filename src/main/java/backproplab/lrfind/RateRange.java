package backproplab.lrfind;

import backproplab.InvalidValueException;
import ai.djl.training.tracker.Tracker;

/**
 * The rates of a range test: from {@code start} to {@code end} in {@code steps} steps, each
 * step's rate a constant factor above the one before, as torch-lr-finder's ExponentialLR:
 * rate(k) = start · (end / start)^(k / (steps − 1)), k = 0 … steps − 1.
 */
public record RateRange(double start, double end, int steps) {

    public static final double DEFAULT_START = 1e-5;
    public static final double DEFAULT_END = 10;
    public static final int DEFAULT_STEPS = 200;
    /** Fewer steps leave the smoothed loss (β = 0.98: about 50 steps' memory) no room. */
    public static final int MIN_STEPS = 20;
    public static final int MAX_STEPS = 5000;

    public RateRange {
        if (!(start > 0) || !Double.isFinite(start)) {
            throw new InvalidValueException("--start", "must be a rate above 0, not " + start);
        }
        if (!(end > start) || !Double.isFinite(end)) {
            throw new InvalidValueException("--end", "must be above --start (" + start
                    + "), not " + end);
        }
        if (steps < MIN_STEPS || steps > MAX_STEPS) {
            throw new InvalidValueException("--steps", "must be " + MIN_STEPS + " to "
                    + MAX_STEPS + ", not " + steps);
        }
    }

    /** The rate of step {@code k}, counted from 0. */
    public double rate(int k) {
        return start * Math.pow(end / start, (double) k / (steps - 1));
    }

    /** The rates as the optimizer asks for them: DJL counts updates from 1. */
    public Tracker tracker() {
        return numUpdate -> (float) rate(Math.min(numUpdate - 1, steps - 1));
    }
}
