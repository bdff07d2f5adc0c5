package backproplab.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.training.Engines;
import backproplab.training.Checkpoint;
import backproplab.training.ModelLoader;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a run's best.ckpt says of every test digit, for the run page: the confusion matrix, the
 * digits in each of its cells, and the mistakes it was surest of, with probabilities.
 *
 * <p>Its own forward pass rather than {@code training.Evaluation}'s: the page needs each digit's
 * probability for its true class as well as for the predicted one, and Evaluation keeps neither.
 *
 * @param probabilities per test digit, the probabilities of the ten classes (row-major)
 */
record Verdicts(int epoch, double accuracy, int[][] matrix, int[] predicted,
                float[] probabilities, byte[] truth) {

    static final int CLASSES = 10;
    private static final int BATCH = 250;

    /** A misclassified digit: its index, true and predicted class, and both probabilities. */
    record Mistake(int index, int truth, int predicted, float probability,
                   float truthProbability) {}

    /** A page's answer: the matrix and the mistakes, not the per-digit arrays. */
    record Summary(int epoch, int count, double accuracy, int[][] matrix,
                   List<Mistake> mistakes) {}

    static Verdicts of(Path checkpoint, Digits test) {
        Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
        int n = test.count();
        float[] probabilities = new float[n * CLASSES];
        Engines.noGradientsOnThisThread();
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint);
             NDManager manager = loaded.model().getNDManager().newSubManager()) {
            float[] pixels = TrainBatches.unitPixels(test);
            TrainBatches.normalise(pixels);
            ParameterStore inference = new ParameterStore(manager, false);
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(start + BATCH, n);
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray x = scratch.create(FloatBuffer.wrap(pixels, start * Digits.PIXELS,
                            (end - start) * Digits.PIXELS),
                            new Shape(end - start, 1, Digits.SIDE, Digits.SIDE));
                    // The models end in log-softmax.
                    float[] p = loaded.block().forward(inference, new NDList(x), false)
                            .singletonOrThrow().exp().toFloatArray();
                    System.arraycopy(p, 0, probabilities, start * CLASSES, p.length);
                }
            }
        }
        int[] predicted = new int[n];
        int[][] matrix = new int[CLASSES][CLASSES];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (probabilities[i * CLASSES + c] > probabilities[i * CLASSES + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            matrix[test.label(i)][best]++;
            correct += best == test.label(i) ? 1 : 0;
        }
        return new Verdicts(meta.epoch(), (double) correct / n, matrix, predicted,
                probabilities, test.labels());
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
        return new Summary(epoch, predicted.length, accuracy, matrix, surestMistakes(mistakes));
    }
}
