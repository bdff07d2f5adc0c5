package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import backproplab.SideBySide;
import backproplab.console.Progress;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.kernels.ConvolutionPath;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Evaluation of a set of digits (the test set, or a run's holdout): the whole set normalised once
 * into native memory, then forward passes in large batches in inference mode (BatchNorm uses its
 * running statistics, Dropout is off).
 */
public final class Evaluation implements AutoCloseable {

    private final Digits digits;
    /** Images a forward pass, as suits the path that computes the convolutions. */
    private final int batch;
    private final NDManager manager;
    private final NDArray images;
    private final NDArray labels;
    private ExecutorService workers;

    /**
     * Loss and accuracy over the set, each image's predicted class and the probability the model
     * gave that class, and (row-major, {@link #CLASSES} an image) the probabilities of every class.
     */
    public record Result(double loss, double accuracy, int[] predictions, float[] confidences,
                         float[] probabilities) {

        /** Without the probabilities of every class (for a result made by hand). */
        public Result(double loss, double accuracy, int[] predictions, float[] confidences) {
            this(loss, accuracy, predictions, confidences, null);
        }

        /** The probability image {@code index} was given for class {@code c}. */
        public float probability(int index, int c) {
            return probabilities[index * CLASSES + c];
        }
    }

    /** MNIST's ten digits: the models' outputs. */
    public static final int CLASSES = 10;

    public Evaluation(NDManager parent, Digits digits) {
        this.digits = digits;
        this.batch = ConvolutionPath.current().evaluationBatch();
        this.manager = parent.newSubManager();
        float[] pixels = TrainBatches.unitPixels(digits);
        TrainBatches.normalise(pixels);
        this.images = manager.create(FloatBuffer.wrap(pixels),
                new Shape(digits.count(), 1, Digits.SIDE, Digits.SIDE));
        long[] l = new long[digits.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = digits.label(i);
        }
        this.labels = manager.create(l);
    }

    public Result run(Block block, ParameterStore parameters) {
        return run(block, parameters, Progress.none());
    }

    /** How many batches {@link #run} takes: the steps of its progress. */
    public int batches() {
        return (digits.count() + batch - 1) / batch;
    }

    /**
     * The batches are shared among {@link Engines#threads()} threads, each taking every n-th
     * batch with libtorch on one thread; each writes its own batches' answers, and the sums are
     * added in thread order, so the result does not depend on which thread is faster.
     */
    public Result run(Block block, ParameterStore parameters, Progress progress) {
        int n = digits.count();
        Answers answers = new Answers(n);
        int threads = Math.min(Engines.threads(), batches());
        List<Future<double[]>> others = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            int first = t;
            others.add(workers(threads).submit(() -> {
                Engines.noGradientsOnThisThread();
                return run(block, parameters, progress, answers, first, threads);
            }));
        }
        double[] sums = run(block, parameters, progress, answers, 0, threads);
        for (Future<double[]> f : others) {
            double[] s = SideBySide.join(f);
            sums[0] += s[0];
            sums[1] += s[1];
        }
        return new Result(-sums[0] / n, sums[1] / n, answers.predictions, answers.confidences,
                answers.probabilities);
    }

    /** Every answer of a run, each image's in its own place. */
    private record Answers(int[] predictions, float[] confidences, float[] probabilities) {
        Answers(int n) {
            this(new int[n], new float[n], new float[n * CLASSES]);
        }
    }

    /** Batches first, first + every, ...: {summed log-probability of the truth, right answers}. */
    private double[] run(Block block, ParameterStore parameters, Progress progress,
                         Answers answers, int first, int every) {
        int n = digits.count();
        double logProbSum = 0;
        long correct = 0;
        for (int start = first * batch; start < n; start += every * batch) {
            int end = Math.min(start + batch, n);
            try (NDManager scratch = manager.newSubManager()) {
                NDArray x = images.get(start + ":" + end);
                NDArray y = labels.get(start + ":" + end);
                x.attach(scratch);
                y.attach(scratch);
                NDArray logProbs = block.forward(parameters, new NDList(x), false)
                        .singletonOrThrow();
                NDArray predicted = logProbs.argMax(1);
                logProbSum += logProbs.gather(y.reshape(-1, 1), 1).sum().getFloat();
                correct += predicted.eq(y).sum().getLong();
                long[] p = predicted.toLongArray();
                // The models end in log-softmax.
                float[] all = logProbs.exp().toFloatArray();
                System.arraycopy(all, 0, answers.probabilities(), start * CLASSES, all.length);
                for (int k = 0; k < p.length; k++) {
                    answers.predictions()[start + k] = (int) p[k];
                    answers.confidences()[start + k] = all[k * CLASSES + (int) p[k]];
                }
            }
            synchronized (progress) {
                progress.step(end - start, () -> "");
            }
        }
        return new double[] {logProbSum, correct};
    }

    /** The helper threads, made on first use: an evaluation on one thread needs none. */
    private synchronized ExecutorService workers(int threads) {
        if (workers == null) {
            workers = SideBySide.threads("evaluation", threads - 1);
        }
        return workers;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
        manager.close();
    }
}
