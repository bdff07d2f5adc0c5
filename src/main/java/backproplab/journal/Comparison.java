package backproplab.journal;

import backproplab.InvalidInputException;
import backproplab.model.RecipeField;
import backproplab.training.EpochMetrics;
import backproplab.training.RunSummary;
import backproplab.training.RunField;
import backproplab.training.TrainSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Attempts side by side, as the learner's loop compares them: each run's figures, only the
 * settings that differ between them (what was changed from one attempt to the next), and each
 * run's curves per epoch for charts that overlay them.
 *
 * @param target      the target test accuracy in percent
 * @param runs        each run's figures, in the order asked for
 * @param differences the recipe's fields, seed, limit and holdout whose values are not the same
 *                    in every run, in the order of train's help
 * @param series      each run's curves, in the same order as {@code runs}
 */
public record Comparison(double target, List<RunFigures> runs, List<Difference> differences,
                         List<Series> series) {

    /** As many runs as the charts have colours that can be told apart. */
    public static final int MAX_RUNS = 10;

    /** A setting that not every run has the same: its value in each run, in their order. */
    public record Difference(String field, String option, List<String> values) {
        public Difference {
            values = List.copyOf(values);
        }
    }

    /** One run's curves; accuracies are fractions, as in metrics.json. */
    public record Series(String run, int[] epoch, double[] testAccuracy, double[] testLoss,
                         double[] learningRate) {}

    public Comparison {
        runs = List.copyOf(runs);
        differences = List.copyOf(differences);
        series = List.copyOf(series);
    }

    /** The settings compared, each by its name, as text: the recipe's, then the data's. */
    private static final Map<String, Function<TrainSettings, String>> SETTINGS = settings();

    private static Map<String, Function<TrainSettings, String>> settings() {
        Map<String, Function<TrainSettings, String>> all = new LinkedHashMap<>();
        for (RecipeField<?> field : RecipeField.ALL) {
            all.put(field.name(), s -> field.text(s.recipe()));
        }
        for (RunField field : RunField.ALL) {
            all.put(field.name(), field::text);
        }
        return all;
    }

    /**
     * The comparison of {@code attempts}.
     *
     * @throws InvalidInputException starting with a run's option: none or too many runs, two of
     *                               the same name, or a run without a finished epoch
     */
    public static Comparison of(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            throw new InvalidInputException("no runs to compare");
        }
        if (attempts.size() > MAX_RUNS) {
            throw new InvalidInputException(attempts.get(0).option() + ": " + attempts.size()
                    + " runs; at most " + MAX_RUNS + " (the charts' colours tell no more apart)");
        }
        Map<String, Attempt> byName = new HashMap<>();
        for (Attempt a : attempts) {
            Attempt other = byName.putIfAbsent(a.name(), a);
            if (other != null) {
                throw new InvalidInputException(a.option() + ": " + (sameFolder(a, other)
                        ? a.name() + " is listed twice" : "two runs are named " + a.name()
                        + " (" + other.dir() + " and " + a.dir() + "); runs are told apart"
                        + " by their folders' names"));
            }
        }
        List<RunFigures> figures = attempts.stream().map(Attempt::figures).toList();
        List<Difference> differences = new ArrayList<>();
        SETTINGS.forEach((field, text) -> {
            List<String> values = attempts.stream().map(a -> text.apply(a.settings())).toList();
            if (values.stream().distinct().count() > 1) {
                differences.add(new Difference(field, "--" + field, values));
            }
        });
        List<Series> series = attempts.stream().map(a -> new Series(a.name(),
                a.history().stream().mapToInt(EpochMetrics::epoch).toArray(),
                values(a, EpochMetrics::testAccuracy),
                values(a, EpochMetrics::testLoss), values(a, EpochMetrics::learningRate)))
                .toList();
        return new Comparison(RunSummary.TARGET_PERCENT, figures, differences, series);
    }

    private static boolean sameFolder(Attempt a, Attempt b) {
        return a.dir().toAbsolutePath().normalize().equals(b.dir().toAbsolutePath().normalize());
    }

    private static double[] values(Attempt a, ToDoubleFunction<EpochMetrics> value) {
        return a.history().stream().mapToDouble(value).toArray();
    }
}
