package backproplab.training;

import java.util.Comparator;
import java.util.List;

/** The closing line of a run: what a learner wants to know first. */
public final class RunSummary {

    public static final double TARGET = 0.994;

    private RunSummary() {}

    /** The first epoch whose test accuracy reaches the target, or -1. */
    public static int firstEpochAtTarget(List<EpochMetrics> history) {
        return history.stream().filter(m -> m.testAccuracy() >= TARGET - 1e-9)
                .mapToInt(EpochMetrics::epoch).findFirst().orElse(-1);
    }

    public static String line(List<EpochMetrics> history, long parameters, double seconds) {
        EpochMetrics best = history.stream()
                .max(Comparator.comparingDouble(EpochMetrics::testAccuracy)).orElseThrow();
        EpochMetrics last = history.get(history.size() - 1);
        int first = firstEpochAtTarget(history);
        return String.format("best test accuracy %.2f%% (epoch %d), last %.2f%%, first >= 99.4%%: %s,"
                        + " %,d parameters, %s", 100 * best.testAccuracy(), best.epoch(),
                100 * last.testAccuracy(), first < 0 ? "not reached" : "epoch " + first, parameters,
                duration(seconds));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + " s";
    }
}
