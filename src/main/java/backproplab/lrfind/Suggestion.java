package backproplab.lrfind;

/**
 * A rate suggested from a range test's smoothed loss, by two rules, both printed. The one
 * suggested is the steepest descent: the rate where the smoothed loss falls fastest per step
 * (per factor of the rate, the steps being equal factors), Smith's reading of the curve and
 * torch-lr-finder's and fastai v1's suggestion. The minimum / 10 (fastai's other rule) is
 * shown beside it: it leans on where the loss turns up, which the smoothing delays.
 *
 * <p>As torch-lr-finder, the first {@value #SKIP_START} and last {@value #SKIP_END} points are
 * left out of the slope: the first are the smoothing's start, the last the explosion. The slope
 * is numpy's gradient: central differences inside, one-sided at the ends.
 *
 * @param steepest the rate of the steepest descent; NaN when too few steps were left
 * @param steepestIndex its step, -1 without one
 * @param minimum the rate of the lowest smoothed loss
 * @param minimumIndex its step; -1, and the minimum NaN, when no step was kept
 */
public record Suggestion(double steepest, int steepestIndex, double minimum, int minimumIndex) {

    public static final int SKIP_START = 10;
    public static final int SKIP_END = 5;
    public static final String RULE = "steepest descent of the smoothed loss";

    /** The minimum's rule: a tenth of the rate of the lowest smoothed loss. */
    public double minimumOver10() {
        return minimum / 10;
    }

    public boolean hasSteepest() {
        return steepestIndex >= 0;
    }

    /** The rate to train with: the steepest descent, or without one the minimum / 10. */
    public double rate() {
        return hasSteepest() ? steepest : minimumOver10();
    }

    /** Whether any rate is suggested: none when not one step had a finite loss. */
    public boolean any() {
        return minimumIndex >= 0;
    }

    public static Suggestion of(double[] rates, double[] smoothed) {
        if (smoothed.length == 0) {
            return new Suggestion(Double.NaN, -1, Double.NaN, -1);
        }
        int min = 0;
        for (int k = 1; k < smoothed.length; k++) {
            if (smoothed[k] < smoothed[min]) {
                min = k;
            }
        }
        int from = SKIP_START;
        int to = smoothed.length - SKIP_END;
        int steepest = -1;
        if (to - from >= 3) {
            double[] slope = gradient(java.util.Arrays.copyOfRange(smoothed, from, to));
            int best = 0;
            for (int k = 1; k < slope.length; k++) {
                if (slope[k] < slope[best]) {
                    best = k;
                }
            }
            // A curve that never falls has no descent to suggest.
            steepest = slope[best] < 0 ? from + best : -1;
        }
        return new Suggestion(steepest < 0 ? Double.NaN : rates[steepest], steepest, rates[min],
                min);
    }

    /** numpy.gradient with unit spacing. */
    static double[] gradient(double[] y) {
        int n = y.length;
        double[] g = new double[n];
        g[0] = y[1] - y[0];
        g[n - 1] = y[n - 1] - y[n - 2];
        for (int k = 1; k < n - 1; k++) {
            g[k] = (y[k + 1] - y[k - 1]) / 2;
        }
        return g;
    }
}
