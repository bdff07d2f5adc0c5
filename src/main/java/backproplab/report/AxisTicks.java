package backproplab.report;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Where an axis's labelled ticks go, so that every value drawn lies between two labels and
 * neighbouring labels have room. A linear axis runs from one multiple of its step (1, 2 or 5 ×
 * 10ⁿ) to another, the step the smallest whose labels fit; a log axis runs from decade to
 * decade, with a label at each. XChart only follows: its own ticks end wherever the data end, so
 * the first and last values could lie beyond the outermost labels.
 *
 * @param low the first tick, at or below every value
 * @param high the last tick, at or above every value
 * @param step the distance between ticks (a factor of ten on a log axis)
 * @param log whether the axis is logarithmic
 */
record AxisTicks(double low, double high, double step, boolean log) {

    /**
     * The ticks for {@code values} on an axis {@code pixels} long. {@code whole}: the values
     * count something (epochs, iterations), so no tick falls between two counts. {@code room}
     * says how many pixels a label needs along the axis to read apart from its neighbours.
     * {@code log}: a log axis when the values span at least a decade (below that a log axis has
     * at most two labels, a linear one reads better).
     */
    static AxisTicks of(double[] values, boolean log, boolean whole, double pixels,
                        Locale locale, ToDoubleFunction<String> room) {
        // A diverged run's infinite or NaN loss is not drawn: the axis is for the others.
        double min = Arrays.stream(values).filter(Double::isFinite).min().orElse(0);
        double max = Arrays.stream(values).filter(Double::isFinite).max().orElse(1);
        if (log && min > 0 && max / min >= 10) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            return new AxisTicks(low, high, 10, true);
        }
        if (max == min) {
            double pad = whole || min == 0 ? 1 : Math.abs(min) / 10;
            min -= pad;
            max += pad;
        }
        // From steps of at most a pixel upwards: the first that gives each label its room.
        int power = (int) Math.floor(Math.log10((max - min) / Math.max(1, pixels)));
        for (int k = 0; ; k++) {
            // As decimals, so that 2e-4 is not 2.0000000000000001e-4 and its labels 19 digits.
            double candidate = BigDecimal.valueOf(new int[] {1, 2, 5}[k % 3])
                    .scaleByPowerOfTen(power + k / 3).doubleValue();
            if (whole && candidate < 1) {
                continue;
            }
            AxisTicks ticks = linear(min, max, candidate);
            double perStep = pixels * candidate / (ticks.high - ticks.low);
            if (ticks.labels(locale).stream().allMatch(l -> room.applyAsDouble(l) <= perStep)
                    || ticks.values().size() <= 2) {
                return ticks;
            }
        }
    }

    /** From the multiple of {@code step} at or below {@code min} to the one at or above max. */
    private static AxisTicks linear(double min, double max, double step) {
        // A millionth of a step (far below a pixel) of tolerance: 0.3 / 0.1 is
        // 2.9999999999999996, and a peak rate of 0.1f is 0.10000000149; both sit on a tick.
        long first = (long) Math.floor(min / step + 1e-6);
        long last = (long) Math.ceil(max / step - 1e-6);
        return new AxisTicks(multiple(first, step), multiple(last, step), step, false);
    }

    /** {@code k · step} as the double nearest the decimal product, as XChart computes ticks. */
    private static double multiple(long k, double step) {
        return BigDecimal.valueOf(k).multiply(BigDecimal.valueOf(step)).doubleValue();
    }

    /** Every tick, lowest first. */
    List<Double> values() {
        List<Double> values = new ArrayList<>();
        if (log) {
            for (double v = low; v <= high * (1 + 1e-9); v *= 10) {
                values.add(v);
            }
        } else {
            long first = Math.round(low / step);
            long last = Math.round(high / step);
            for (long k = first; k <= last; k++) {
                values.add(multiple(k, step));
            }
        }
        return values;
    }

    /**
     * The labels' number format: on a linear axis as many decimals as the step has, so that
     * neighbours never print alike and never mix notations ("0.014", not ".014"); on a log axis
     * plain decimals down to 0.001 ("0.01", "0.1", "1"), below that powers of ten everywhere
     * ("1E-4"), so one axis never mixes the two.
     */
    String pattern() {
        if (log) {
            return low >= 1e-3 ? "0.###" : "0E0";
        }
        int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }

    /** The tick labels as XChart prints them with {@link #pattern()} in {@code locale}. */
    List<String> labels(Locale locale) {
        DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(locale);
        format.applyPattern(pattern());
        return values().stream().map(format::format).toList();
    }
}
