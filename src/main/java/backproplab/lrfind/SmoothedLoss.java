package backproplab.lrfind;

/**
 * The loss of a range test's steps, smoothed as fastai's LR finder smooths it: an exponential
 * moving average with β = 0.98, divided by 1 − β^n so the first steps are not pulled towards
 * the average's start at 0. The test stops once the smoothed loss is more than
 * {@value #EXPLODED} times the lowest it has been, or a loss is not a number: past that point
 * the rate only makes things worse.
 */
public final class SmoothedLoss {

    public static final double BETA = 0.98;
    public static final double EXPLODED = 4;

    private double average;
    private int count;
    private double best = Double.POSITIVE_INFINITY;
    private double last;

    /** Adds one step's loss; returns the smoothed loss up to it. */
    public double add(double loss) {
        count++;
        average = BETA * average + (1 - BETA) * loss;
        last = average / (1 - Math.pow(BETA, count));
        if (last < best) {
            best = last;
        }
        return last;
    }

    /** Whether the loss has exploded: the test should stop here. */
    public boolean exploded() {
        return !Double.isFinite(last) || count > 1 && last > EXPLODED * best;
    }

    /** The lowest smoothed loss so far. */
    public double best() {
        return best;
    }
}
