package backproplab.lrfind;

/**
 * What a range test found: the steps it trained ({@code taken}, one more than those kept when
 * the last loss was not a number), per step kept its rate, its loss and the smoothed loss; why
 * it stopped early (null: it took every step); the suggestion; how long it took.
 */
public record RangeTestResult(RateRange range, int taken, double[] rates, double[] losses,
                              double[] smoothed, String stoppedBy, Suggestion suggestion,
                              double seconds) {

    public int steps() {
        return rates.length;
    }

    /** The suggested rate in the form train's --lr reads back: "0.0123", "1.2e-05". */
    public static String rateText(double rate) {
        return String.format(java.util.Locale.ROOT, rate >= 1e-3 ? "%.3g" : "%.2e", rate)
                .replaceFirst("e-0", "e-");
    }
}
