package backproplab.journal;

import static backproplab.Bounds.atLeast;
import static backproplab.Bounds.present;

import backproplab.training.EpochMetrics;
import backproplab.training.RunSummary;
import backproplab.training.TrainSettings;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run that the assignment asks for: how big the model is, how good it got,
 * when it first reached the target, whether it stayed there, and how long an epoch takes.
 * Accuracies are fractions in [0, 1], as in metrics.json.
 *
 * @param epochs           the epochs finished
 * @param plannedEpochs    the epochs of its recipe
 * @param bestAccuracy     the test accuracy of the best epoch, chosen as best.ckpt is (by the
 *                         holdout when the run keeps one), so it is the model the confusion
 *                         matrix shows
 * @param firstAtTarget    the first epoch at or above {@link RunSummary#TARGET}, null if none
 * @param lowestOfLast     the lowest test accuracy of the last {@link #CONSISTENCY} epochs
 *                         (fewer in a shorter run): the assignment asks for a model that stays
 *                         above the target, not one that touches it once
 * @param secondsPerEpoch  the median of the epochs' training and testing time: the first epoch's
 *                         warm-up or a busy machine moves a mean, not the median
 */
public record RunFigures(String run, String model, long parameters, int epochs,
                         int plannedEpochs, double bestAccuracy, int bestEpoch,
                         double lastAccuracy, Integer firstAtTarget, double lowestOfLast,
                         double secondsPerEpoch) {

    /** The last epochs whose lowest accuracy says whether a run holds its level. */
    public static final int CONSISTENCY = 3;

    public RunFigures {
        present("run", run);
        present("model", model);
        atLeast("epochs", epochs, 1);
        atLeast("bestEpoch", bestEpoch, 1);
    }

    /** The figures of {@code history}, the run's finished epochs: at least one. */
    static RunFigures of(String run, TrainSettings settings, List<EpochMetrics> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException(run + ": no epochs");
        }
        EpochMetrics best = EpochMetrics.best(history);
        int first = RunSummary.firstEpochAtTarget(history);
        List<EpochMetrics> last = history.subList(Math.max(0, history.size() - CONSISTENCY),
                history.size());
        double[] seconds = history.stream().mapToDouble(m -> m.trainSeconds() + m.testSeconds())
                .sorted().toArray();
        int n = seconds.length;
        double median = n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
        return new RunFigures(run, settings.model(), settings.architecture().parameters(),
                history.size(), settings.recipe().epochs(), best.testAccuracy(), best.epoch(),
                history.get(history.size() - 1).testAccuracy(), first < 0 ? null : first,
                last.stream().mapToDouble(EpochMetrics::testAccuracy).min().orElseThrow(),
                median);
    }

    /** How many epochs {@link #lowestOfLast} looks at: fewer than three in a shorter run. */
    public int lastCounted() {
        return Math.min(CONSISTENCY, epochs);
    }

    /** "99.45%": a fraction as the tables and notes show it. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** "99.4%": the target as it is written. */
    public static String target() {
        return String.format(Locale.ROOT, "%.1f%%", RunSummary.TARGET_PERCENT);
    }

    /** "epoch 9", or "not reached". */
    public String firstAtTargetText() {
        return firstAtTarget == null ? "not reached" : "epoch " + firstAtTarget;
    }

    /** "31.2 s". */
    public String secondsText() {
        return String.format(Locale.ROOT, "%.1f s", secondsPerEpoch);
    }

    /** "4,596". */
    public String parametersText() {
        return String.format(Locale.ROOT, "%,d", parameters);
    }

    /**
     * The figures as the Results of a run's notes start: a list a learner reads and edits, every
     * figure named.
     */
    public String results() {
        return String.join("\n",
                "- Parameters: " + parametersText(),
                "- Best test accuracy: " + percent(bestAccuracy) + " (epoch " + bestEpoch
                        + " of " + epochs + (epochs < plannedEpochs ? "; " + plannedEpochs
                        + " planned" : "") + ")",
                "- Last epoch: " + percent(lastAccuracy),
                "- First epoch at or above " + target() + ": " + (firstAtTarget == null
                        ? "not reached" : firstAtTarget),
                "- Lowest of the last " + lastCounted() + (lastCounted() == 1 ? " epoch: "
                        : " epochs: ") + percent(lowestOfLast),
                "- Time per epoch: " + secondsText() + " (median)");
    }
}
