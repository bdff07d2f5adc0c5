package backproplab.lab.runs;

import ai.djl.training.ParameterStore;
import backproplab.coach.Hints;
import backproplab.data.Digits;
import backproplab.report.ConfusionMatrix;
import backproplab.training.Checkpoint;
import backproplab.training.Engines;
import backproplab.training.Evaluation;
import backproplab.training.Misread;
import backproplab.training.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a run's best.ckpt says of every test digit, for the run page: the confusion matrix, the
 * digits in each of its cells, and the mistakes it was surest of, with probabilities.
 *
 * @param probabilities per test digit, the probabilities of the ten classes (row-major)
 */
record Verdicts(int epoch, double accuracy, int[][] matrix, int[] predicted,
                float[] probabilities, byte[] truth) {

    static final int CLASSES = Evaluation.CLASSES;

    /** A misclassified digit: its index, true and predicted class, and both probabilities. */
    record Mistake(int index, int truth, int predicted, float probability,
                   float truthProbability) {}

    /**
     * A page's answer: the matrix and the mistakes, not the per-digit arrays, and the hint of
     * the digits most confused if a pair stands out ({@link Hints#ofMistakes}).
     */
    record Summary(int epoch, int count, double accuracy, int[][] matrix,
                   List<Mistake> mistakes, List<Hints.Shown> hints) {}

    /** The same evaluation as {@code train}'s and {@code evaluate}'s, kept per digit. */
    static Verdicts of(Path checkpoint, Digits test) {
        Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
        Engines.noGradientsOnThisThread();
        Evaluation.Result result;
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint);
             Evaluation evaluation = new Evaluation(loaded.model().getNDManager(), test)) {
            result = evaluation.run(loaded.block(),
                    new ParameterStore(loaded.model().getNDManager(), false));
        }
        ConfusionMatrix confusion = new ConfusionMatrix(CLASSES, test.labels(),
                result.predictions());
        int[][] matrix = new int[CLASSES][CLASSES];
        for (int t = 0; t < CLASSES; t++) {
            for (int p = 0; p < CLASSES; p++) {
                matrix[t][p] = confusion.count(t, p);
            }
        }
        return new Verdicts(meta.epoch(), result.accuracy(), matrix, result.predictions(),
                result.probabilities(), test.labels());
    }

    float probability(int index, int c) {
        return probabilities[index * CLASSES + c];
    }

    /** The test digits of true class {@code truth} predicted as {@code predicted}, in order. */
    List<Integer> cell(int truth, int predicted) {
        return IntStream.range(0, this.predicted.length)
                .filter(i -> this.truth[i] == truth && this.predicted[i] == predicted)
                .boxed().toList();
    }

    /** The {@code count} mistakes with the highest probability for their wrong class. */
    List<Mistake> surestMistakes(int count) {
        List<Mistake> wrong = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != truth[i]) {
                wrong.add(new Mistake(i, truth[i], predicted[i], probability(i, predicted[i]),
                        probability(i, truth[i])));
            }
        }
        wrong.sort(Comparator.comparingDouble((Mistake m) -> -m.probability())
                .thenComparingInt(Mistake::index));
        return wrong.subList(0, Math.min(count, wrong.size()));
    }

    Summary summary(int mistakes) {
        return new Summary(epoch, predicted.length, accuracy, matrix, surestMistakes(mistakes),
                Hints.shown(Hints.ofMistakes(misread()).stream().toList()));
    }

    /** Every misclassified digit, as {@code evaluate} lists them for the hints. */
    private List<Misread> misread() {
        return IntStream.range(0, predicted.length).filter(i -> predicted[i] != truth[i])
                .mapToObj(i -> new Misread(i, truth[i], predicted[i], probability(i,
                        predicted[i]))).toList();
    }
}
