package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The (label-smoothed) negative log-likelihood against its formula, computed here in doubles:
 * per row (1 − ε)·(−log p_y) + ε·mean_k(−log p_k), averaged over the rows; and against PyTorch's
 * {@code F.cross_entropy(logits, y, label_smoothing=ε)}.
 */
class NllLossTest {

    @ParameterizedTest
    @ValueSource(floats = {0f, 0.05f, 0.1f, 0.3f})
    void equalsTheFormulaOnRandomRows(float eps) {
        Random rng = new Random(42);
        int rows = 7;
        int classes = 10;
        double[][] logProbs = new double[rows][];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] logits = new double[classes];
            for (int k = 0; k < classes; k++) {
                logits[k] = 3 * rng.nextGaussian();
            }
            logProbs[i] = logSoftmax(logits);
            labels[i] = rng.nextInt(classes);
        }
        double expected = 0;
        for (int i = 0; i < rows; i++) {
            double uniform = 0;
            for (double lp : logProbs[i]) {
                uniform -= lp / classes;
            }
            expected += ((1 - eps) * -logProbs[i][labels[i]] + eps * uniform) / rows;
        }
        assertThat(loss(eps, logProbs, labels)).isCloseTo(expected, within(1e-6 * expected));
    }

    /**
     * From {@code python3 -c "import torch,torch.nn.functional as F;x=torch.tensor([[2.,-1.,0.5,
     * 0.,1.],[-0.5,3.,0.25,-2.,1.5],[0.,0.,0.,0.,0.]],dtype=torch.float64);y=torch.tensor([0,2,4]);
     * print([F.cross_entropy(x,y,label_smoothing=e).item() for e in (0.,0.1,0.25)])"} (torch 1.13).
     */
    @Test
    void equalsPyTorchsCrossEntropyWithLabelSmoothing() {
        double[][] logits = {{2, -1, 0.5, 0, 1}, {-0.5, 3, 0.25, -2, 1.5}, {0, 0, 0, 0, 0}};
        double[][] logProbs = new double[3][];
        for (int i = 0; i < 3; i++) {
            logProbs[i] = logSoftmax(logits[i]);
        }
        int[] labels = {0, 2, 4};
        float[] eps = {0f, 0.1f, 0.25f};
        double[] torch = {1.7381760960824313, 1.7815094294157647, 1.846509429415765};
        for (int k = 0; k < eps.length; k++) {
            assertThat(loss(eps[k], logProbs, labels)).as("ε = %s", eps[k])
                    .isCloseTo(torch[k], within(1e-6));
        }
    }

    /**
     * Training follows the gradient: ∂loss/∂log p_k = −((1 − ε)·[k = y] + ε/C) / N, also when the
     * JVM collects garbage between the forward and the backward pass (as it does at random in
     * training): the numbers in the graph must not live in memory Java frees ({@link GraphNumber}).
     */
    @Test
    void itsGradientSpreadsEpsilonOverEveryClass() throws InterruptedException {
        float eps = 0.2f;
        double[][] logProbs = {logSoftmax(new double[] {1, 2, 3, 4}),
            logSoftmax(new double[] {0, -1, 1, 0.5})};
        int[] labels = {3, 1};
        float[] grad;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray lp = manager.create(flat(logProbs), new Shape(2, 4));
            lp.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new NllLoss(eps).evaluate(
                        new NDList(manager.create(new long[] {3, 1})), new NDList(lp));
                collectGarbage();
                collector.backward(loss);
            }
            grad = lp.getGradient().toFloatArray();
        }
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                double expected = -((k == labels[i] ? 1 - eps : 0) + eps / 4) / 2;
                assertThat((double) grad[i * 4 + k]).as("row %d class %d", i, k)
                        .isCloseTo(expected, within(1e-7));
            }
        }
    }

    /** Collections, with time for the cleaner thread to free the direct buffers they found. */
    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    private static double loss(float eps, double[][] logProbs, int[] labels) {
        long[] y = new long[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        try (NDManager scratch = NDManager.newBaseManager("PyTorch")) {
            NDArray lp = scratch.create(flat(logProbs),
                    new Shape(logProbs.length, logProbs[0].length));
            return new NllLoss(eps).evaluate(new NDList(scratch.create(y)), new NDList(lp))
                    .getFloat();
        }
    }

    private static float[] flat(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < rows[i].length; k++) {
                out[i * rows[i].length + k] = (float) rows[i][k];
            }
        }
        return out;
    }

    private static double[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            out[k] = logits[k] - log;
        }
        return out;
    }
}
