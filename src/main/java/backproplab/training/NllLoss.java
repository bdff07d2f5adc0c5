package backproplab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

/**
 * Negative log-likelihood of a model that already ends in log-softmax, as PyTorch's
 * {@code F.nll_loss}, with optional label smoothing. One gather and one mean: DJL's
 * SoftmaxCrossEntropyLoss would first apply a second log-softmax (fromLogit) or build a one-hot.
 */
public final class NllLoss extends Loss {

    private final float smoothing;

    public NllLoss(float smoothing) {
        super(smoothing == 0 ? "nll" : "nll_smoothed");
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logProbs = predictions.singletonOrThrow();
        NDArray target = labels.singletonOrThrow().reshape(-1, 1);
        NDArray nll = logProbs.gather(target, 1).neg().mean();
        if (smoothing == 0) {
            return nll;
        }
        // Smoothing spreads ε of the target mass evenly over all classes.
        NDArray uniform = logProbs.mean(new int[] {1}).neg().mean();
        NDManager m = logProbs.getManager();
        return nll.mul(GraphNumber.of(m, 1 - smoothing))
                .add(uniform.mul(GraphNumber.of(m, smoothing)));
    }
}
