package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import backproplab.model.Recipe;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Three steps of each optimizer against the update rules written out here in doubles: PyTorch's
 * torch.optim textbook forms where ours is the same, and the forms docs/TRAINING.md documents
 * where ours differs by design (libtorch's fused kernels through DJL).
 */
class CheckpointedOptimizerTest {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private static final double[] W0 = {1.0, -0.5, 0.25, 2.0, -1.5};
    /** Gradients of three steps; the last component is tiny, where Adam's ε matters. */
    private static final double[][] GRADS = {
        {0.3, -0.2, 0.05, 1.0, 1e-7},
        {0.1, 0.4, -0.3, 0.5, 2e-7},
        {-0.2, 0.1, 0.2, -0.4, -1e-7}};

    /** The one place a test recipe is built: only the optimizer fields matter here. */
    private static Recipe recipe(Recipe.Optimizer kind, float momentum, boolean nesterov,
                                 float weightDecay) {
        return new Recipe(1, 1, kind, 0.1f, momentum, nesterov, weightDecay,
                Recipe.Schedule.NONE, 0, 0.1f, 0f, 0f, 0f, 0f);
    }

    /** A rate that changes every step, as a schedule's does. */
    private static final Tracker FALLING = n -> 0.1f / n;

    @Test
    void plainSgdWithWeightDecay() {
        double[] w = W0.clone();
        for (int t = 1; t <= 3; t++) {
            double lr = FALLING.getNewValue(t);
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * (GRADS[t - 1][i] + 0.01 * w[i]);
            }
        }
        assertThat(run(recipe(Recipe.Optimizer.SGD, 0f, false, 0.01f), FALLING)).containsExactly(w,
                within(1e-6));
    }

    /** torch.optim.SGD: b ← μb + (g + λw) (b = g + λw at the first step), w ← w − η·b. */
    @Test
    void sgdWithMomentumIsPyTorchsWhileTheRateIsConstant() {
        Tracker constant = Tracker.fixed(0.05f);
        assertThat(run(recipe(Recipe.Optimizer.SGD, 0.9f, false, 0.01f), constant))
                .containsExactly(torchSgd(0.9, false, 0.01, n -> 0.05), within(1e-6));
        assertThat(run(recipe(Recipe.Optimizer.SGD, 0.9f, true, 0.01f), constant))
                .containsExactly(torchSgd(0.9, true, 0.01, n -> 0.05), within(1e-6));
    }

    /**
     * Under a schedule, the documented η-folded form: v ← μv + η·(g + λw), w ← w − v (Nesterov:
     * w ← w − (η·(g + λw) + μv)). PyTorch's form gives different weights here, so the test tells
     * the two apart.
     */
    @Test
    void sgdWithMomentumFoldsTheRateIntoTheVelocityUnderASchedule() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double[] w = W0.clone();
            double[] v = new double[w.length];
            for (int t = 1; t <= 3; t++) {
                double lr = FALLING.getNewValue(t);
                for (int i = 0; i < w.length; i++) {
                    double g = GRADS[t - 1][i] + 0.01 * w[i];
                    v[i] = 0.9 * v[i] + lr * g;
                    w[i] -= nesterov ? lr * g + 0.9 * v[i] : v[i];
                }
            }
            double[] ours = run(recipe(Recipe.Optimizer.SGD, 0.9f, nesterov, 0.01f), FALLING);
            assertThat(ours).as("nesterov %s", nesterov).containsExactly(w, within(1e-6));
            double[] torch = torchSgd(0.9, nesterov, 0.01, FALLING::getNewValue);
            double apart = 0;
            for (int i = 0; i < w.length; i++) {
                apart = Math.max(apart, Math.abs(torch[i] - w[i]));
            }
            assertThat(apart).as("PyTorch's form differs, nesterov %s", nesterov)
                    .isGreaterThan(1e-3);
        }
    }

    /**
     * The documented Adam: ε is added to √v before the bias correction of the step size,
     * w ← w − η·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε), with L2 weight decay in the gradient.
     */
    @Test
    void adamWithWeightDecayInTheGradient() {
        double[] expected = adam(false, 0.01, FALLING);
        assertThat(run(recipe(Recipe.Optimizer.ADAM, 0f, false, 0.01f), FALLING))
                .containsExactly(expected, within(1e-6));
    }

    /** AdamW: the same step on the plain gradient, the weight decayed apart: w ← w·(1 − η·λ). */
    @Test
    void adamwDecaysTheWeightApartFromTheGradient() {
        double[] expected = adam(true, 0.01, FALLING);
        assertThat(run(recipe(Recipe.Optimizer.ADAMW, 0f, false, 0.01f), FALLING))
                .containsExactly(expected, within(1e-6));
    }

    private static double[] adam(boolean decoupled, double decay, Tracker rate) {
        double[] w = W0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= 3; t++) {
            double lr = rate.getNewValue(t);
            double stepSize = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t - 1][i] + (decoupled ? 0 : decay * w[i]);
                if (decoupled) {
                    w[i] *= 1 - lr * decay;
                }
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + EPS);
            }
        }
        return w;
    }

    /** torch.optim.SGD(momentum=μ, nesterov, weight_decay=λ), with the rate of each step. */
    private static double[] torchSgd(double mu, boolean nesterov, double decay,
                                     IntToDoubleFunction rate) {
        double[] w = W0.clone();
        double[] b = new double[w.length];
        for (int t = 1; t <= 3; t++) {
            double lr = rate.applyAsDouble(t);
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t - 1][i] + decay * w[i];
                b[i] = t == 1 ? g : mu * b[i] + g;
                w[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
            }
        }
        return w;
    }

    /** Three updates of {@link #W0} by the {@link #GRADS}, as the training loop makes them. */
    private static double[] run(Recipe recipe, Tracker rate) {
        try (NDManager scratch = NDManager.newBaseManager("PyTorch")) {
            CheckpointedOptimizer optimizer = CheckpointedOptimizer.create(recipe, rate, 0);
            NDArray weight = scratch.create(toFloats(W0));
            weight.setRequiresGradient(true);
            for (double[] grad : GRADS) {
                optimizer.update("w", weight, scratch.create(toFloats(grad)));
            }
            float[] result = weight.toFloatArray();
            double[] out = new double[result.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = result[i];
            }
            return out;
        }
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
