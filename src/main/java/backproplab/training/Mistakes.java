package backproplab.training;

import backproplab.data.Digits;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** The misclassified test digits, the ones the model was surest of first. */
final class Mistakes {

    private Mistakes() {}

    /** Indices of the misclassified digits, by falling probability of the wrong prediction. */
    static List<Integer> mostConfidentFirst(Digits digits, Evaluation.Result result) {
        return IntStream.range(0, digits.count())
                .filter(i -> result.predictions()[i] != digits.label(i)).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -result.confidences()[i])
                        .thenComparing(i -> i))
                .toList();
    }

    /**
     * E.g. "#1234 7→1 98.2%": test image, true label, prediction, its probability, rounded down
     * so that a wrong answer never reads as a certain 100%.
     */
    static String caption(int index, int truth, int predicted, float probability) {
        return String.format(Locale.ROOT, "#%d %d\u2192%d %.1f%%", index, truth, predicted,
                Math.floor(1000.0 * probability) / 10);
    }
}
