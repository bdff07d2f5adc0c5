package backproplab.training;

import backproplab.console.Terminal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The closing line of a run: what a learner wants to know first. */
public final class RunSummary {

    /** The test accuracy a model aims for: the closing line, accuracy.png and the lab mark it. */
    public static final double TARGET = 0.994;
    /** The same in percent, as it is written (99.4, not 100 × 0.994 = 99.39999…). */
    public static final double TARGET_PERCENT = Math.round(TARGET * 1000) / 10.0;

    private RunSummary() {}

    /** The first epoch whose test accuracy reaches the target, or -1. */
    public static int firstEpochAtTarget(List<EpochMetrics> history) {
        return history.stream().filter(m -> m.testAccuracy() >= TARGET - 1e-9)
                .mapToInt(EpochMetrics::epoch).findFirst().orElse(-1);
    }

    /** The closing line, broken between its parts to fit the terminal (or 80 columns). */
    public static String line(List<EpochMetrics> history, long parameters, double seconds) {
        return line(history, parameters, seconds, Terminal.width());
    }

    static String line(List<EpochMetrics> history, long parameters, double seconds, int width) {
        EpochMetrics best = EpochMetrics.best(history);
        EpochMetrics last = history.get(history.size() - 1);
        int first = firstEpochAtTarget(history);
        // The best epoch is chosen as best.ckpt is: by the holdout when there is one.
        List<String> chosen = best.holdoutAccuracy() == null
                ? List.of(String.format(Locale.ROOT, "best test accuracy %.2f%% (epoch %d), ",
                        100 * best.testAccuracy(), best.epoch()))
                : List.of(String.format(Locale.ROOT, "best holdout %.2f%% (epoch %d), ",
                        100 * best.holdoutAccuracy(), best.epoch()),
                        String.format(Locale.ROOT, "its test %.2f%%, ", 100 * best.testAccuracy()));
        return Terminal.wrap(Stream.concat(chosen.stream(), Stream.of(
                String.format(Locale.ROOT, "last %.2f%%, ", 100 * last.testAccuracy()),
                String.format(Locale.ROOT, "first >= %.1f%%: ", TARGET_PERCENT)
                        + (first < 0 ? "not reached" : "epoch " + first) + ", ",
                String.format(Locale.ROOT, "%,d parameters, ", parameters),
                duration(seconds))).toList(), width, "  ");
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + " s";
    }
}
