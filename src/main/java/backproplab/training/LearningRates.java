package backproplab.training;

import ai.djl.training.tracker.Tracker;
import backproplab.model.Recipe;

/**
 * The learning-rate schedules as DJL trackers. DJL counts updates from 1, so update n is step
 * n − 1 of the schedule.
 */
public final class LearningRates {

    private LearningRates() {}

    public static Tracker of(Recipe r, int stepsPerEpoch) {
        return switch (r.schedule()) {
            case NONE -> Tracker.fixed(r.learningRate());
            // Without --step-every, cut the rate after each third of the run.
            case STEP -> step(r.learningRate(), r.stepGamma(),
                    (r.stepEvery() > 0 ? r.stepEvery() : Math.max(1, r.epochs() / 3))
                            * stepsPerEpoch);
            case ONECYCLE -> new OneCycle(r.learningRate(), r.epochs() * stepsPerEpoch);
        };
    }

    /** The rate times {@code gamma} after every {@code every} steps. */
    static Tracker step(float base, float gamma, int every) {
        return n -> base * (float) Math.pow(gamma, (n - 1) / Math.max(1, every));
    }

    /**
     * PyTorch's OneCycleLR (two phases, cosine): from peak/25 up to the peak over the first 30% of
     * the steps, then down to peak/(25·10⁴). Momentum is not cycled. Computed in double, as
     * PyTorch does: in float, 1 + cos(π·progress) cancels near the end of the run and the last
     * rates were off by up to 0.3% (OneCycleTest compares with PyTorch's values).
     */
    public record OneCycle(float peak, int totalSteps) implements Tracker {
        static final double PCT_START = 0.3;
        static final double DIV = 25;
        static final double FINAL_DIV = 1e4;

        @Override
        public float getNewValue(int numUpdate) {
            int step = Math.min(numUpdate - 1, totalSteps - 1);
            double start = peak / DIV;
            double end = start / FINAL_DIV;
            double warmEnd = PCT_START * totalSteps - 1;
            if (step <= warmEnd) {
                return (float) cosine(start, peak, step / warmEnd);
            }
            return (float) cosine(peak, end, (step - warmEnd) / (totalSteps - 1 - warmEnd));
        }

        private static double cosine(double from, double to, double progress) {
            return to + (from - to) * (1 + Math.cos(Math.PI * progress)) / 2;
        }
    }
}
