package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Stops a run at the first number that is not finite, and tells the two usual causes apart:
 * <ul>
 *   <li>divergence: the loss grew, or one update threw the weights far out; a lower learning
 *       rate is the cure;</li>
 *   <li>a numerical fault: gradients that are NaN while the loss is finite, or a NaN loss (or
 *       test loss) out of weights still in range; no learning rate causes that, wrong kernels do
 *       (issue 22), and {@code backprop-lab doctor} checks them.</li>
 * </ul>
 * The loss of a finite network with finite weights has finite gradients, so gradients are
 * checked at every step, before the update could carry a NaN into the weights and make a fault
 * look like divergence.
 */
final class NonFinite {

    /** No weight of these models comes near this when training goes well; a diverged one does. */
    static final double WEIGHTS_OUT_OF_RANGE = 1e4;

    /** Where the run's last checkpoint is, if it has one. */
    @FunctionalInterface
    interface Checkpoints {
        Path last() throws IOException;
    }

    private final Checkpoints checkpoints;
    private final float learningRate;
    private float lowest = Float.POSITIVE_INFINITY;
    private float last = Float.NaN;
    private int epoch;
    private int step;

    NonFinite(Checkpoints checkpoints, float learningRate) {
        this.checkpoints = checkpoints;
        this.learningRate = learningRate;
    }

    /** After a step's backward pass, before its update. */
    void checkStep(int epoch, float loss, List<Parameter> trainable) {
        step = epoch == this.epoch ? step + 1 : 1;
        this.epoch = epoch;
        if (!Float.isFinite(loss)) {
            double largest = largest(trainable);
            boolean grew = last > 2 * lowest;
            if (grew || !(largest < WEIGHTS_OUT_OF_RANGE)) {
                stop(String.format(Locale.ROOT, "the loss became %s in epoch %d, step %d, %s: the"
                        + " learning rate is too high for this run; lower --lr (it was %s)", loss,
                        epoch, step, grew ? String.format(Locale.ROOT, "after it grew from %.4g"
                                + " to %.4g", lowest, last)
                                : String.format(Locale.ROOT, "one update after the weights reached"
                                + " %.3g", largest), learningRate), true);
            }
            stop(String.format(Locale.ROOT, "the loss became %s in epoch %d, step %d, without"
                    + " growing first and with the weights in range: %s", loss, epoch, step,
                    FAULT), true);
        }
        for (Parameter p : trainable) {
            float sum;
            try (NDArray gradient = p.getArray().getGradient(); NDArray s = gradient.sum()) {
                sum = s.getFloat();
            }
            // A NaN or infinity anywhere in a gradient makes its sum one.
            if (!Float.isFinite(sum)) {
                stop(String.format(Locale.ROOT, "a gradient became %s in epoch %d, step %d,"
                        + " while the loss was finite (%.4f): %s", sum, epoch, step, loss, FAULT),
                        true);
            }
        }
        lowest = Math.min(lowest, loss);
        last = loss;
    }

    /** After an epoch is recorded: its losses must be numbers, the test loss included. */
    void checkEpoch(EpochMetrics m) {
        if (!Double.isFinite(m.testLoss())) {
            stop(String.format(Locale.ROOT, "the test loss became %s in epoch %d while"
                    + " training's was %.4f: %s", m.testLoss(), m.epoch(), m.trainLoss(), FAULT),
                    false);
        }
    }

    private static final String FAULT = "a numerical fault, not the learning rate; run"
            + " backprop-lab doctor";

    /** The largest weight's size; NaN if any is not finite. */
    private static double largest(List<Parameter> trainable) {
        double largest = 0;
        for (Parameter p : trainable) {
            try (NDArray abs = p.getArray().abs(); NDArray max = abs.max()) {
                float m = max.getFloat();
                if (!Float.isFinite(m)) {
                    return Double.NaN;
                }
                largest = Math.max(largest, m);
            }
        }
        return largest;
    }

    /** Stops the run, naming what it keeps: the last checkpoint, good or (its epoch's) not. */
    private void stop(String why, boolean lastIsGood) {
        Path kept;
        try {
            kept = checkpoints.last();
        } catch (IOException e) {
            kept = null;
        }
        throw new TrainingRun.NonFiniteException(why + "; " + (kept == null
                ? "no epoch had finished, so no checkpoint was kept"
                : (lastIsGood ? "the last good checkpoint is kept: " : "its checkpoint is ")
                        + kept));
    }
}
