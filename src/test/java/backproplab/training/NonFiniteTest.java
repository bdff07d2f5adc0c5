package backproplab.training;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A number that is not finite stops the run with the likely cause: divergence (lower the
 * learning rate) or a numerical fault (run doctor), told apart by the gradients, the weights and
 * how the loss went before.
 */
class NonFiniteTest {

    private final NDManager manager = NDManager.newBaseManager("PyTorch");
    private final NonFinite check = new NonFinite(() -> null, 0.05f);

    @AfterEach
    void close() {
        manager.close();
    }

    /** A weight whose gradient is {@code upstream} (the gradient of sum(w * upstream)). */
    private Parameter weight(float[] values, float[] upstream) {
        Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .build();
        NDArray w = manager.create(values);
        p.setArray(w);
        w.setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(w.mul(manager.create(upstream)).sum());
        }
        return p;
    }

    @Test
    void finiteStepsPass() {
        Parameter w = weight(new float[] {0.5f, -0.2f}, new float[] {1, 2});
        assertThatCode(() -> {
            check.checkStep(1, 2.3f, List.of(w));
            check.checkStep(1, 1.9f, List.of(w));
        }).doesNotThrowAnyException();
        // They were counted, and the loss fell: a NaN now is the third step's, and no divergence.
        assertThatThrownBy(() -> check.checkStep(1, Float.NaN, List.of(w)))
                .hasMessageStartingWith("the loss became NaN in epoch 1, step 3, without growing"
                        + " first");
    }

    @Test
    void aNanGradientUnderAFiniteLossIsANumericalFault() {
        Parameter w = weight(new float[] {0.5f, -0.2f}, new float[] {1, Float.NaN});
        check.checkStep(1, 2.3f, List.of(weight(new float[] {1}, new float[] {1})));
        assertThatThrownBy(() -> check.checkStep(1, 2.29f, List.of(w)))
                .isInstanceOf(TrainingRun.NonFiniteException.class)
                .hasMessageStartingWith("a gradient became NaN in epoch 1, step 2, while the loss"
                        + " was finite (2.2900): a numerical fault, not the learning rate; run"
                        + " backprop-lab doctor")
                .hasMessageEndingWith("no epoch had finished, so no checkpoint was kept");
    }

    @Test
    void aNanLossFromWeightsInRangeWithoutGrowthIsANumericalFault() {
        Parameter w = weight(new float[] {0.5f, -0.2f}, new float[] {1, 2});
        check.checkStep(3, 0.41f, List.of(w));
        check.checkStep(3, 0.38f, List.of(w));
        assertThatThrownBy(() -> check.checkStep(3, Float.NaN, List.of(w)))
                .hasMessageStartingWith("the loss became NaN in epoch 3, step 3, without growing"
                        + " first and with the weights in range: a numerical fault");
    }

    @Test
    void aLossThatGrewBeforeItBecameNanIsDivergence() {
        Parameter w = weight(new float[] {0.5f, -0.2f}, new float[] {1, 2});
        check.checkStep(2, 0.3f, List.of(w));
        check.checkStep(2, 4.5f, List.of(w));
        check.checkStep(2, 80f, List.of(w));
        assertThatThrownBy(() -> check.checkStep(2, Float.POSITIVE_INFINITY, List.of(w)))
                .hasMessageStartingWith("the loss became Infinity in epoch 2, step 4, after it"
                        + " grew from 0.3000 to 80.00: the learning rate is too high for this"
                        + " run; lower --lr (it was 0.05)");
    }

    @Test
    void weightsThrownFarOutInOneUpdateAreDivergence() {
        Parameter w = weight(new float[] {3e7f, -0.2f}, new float[] {1, 2});
        check.checkStep(1, 2.3f, List.of(w));
        assertThatThrownBy(() -> check.checkStep(1, Float.NaN, List.of(w)))
                .hasMessageContaining("one update after the weights reached 3.00e+07: the"
                        + " learning rate is too high");
    }

    @Test
    void aNanTestLossIsANumericalFaultAndItsCheckpointIsNamed() {
        NonFinite withCheckpoint = new NonFinite(
                () -> Path.of("runs/x/checkpoints/epoch-002.ckpt"), 0.05f);
        withCheckpoint.checkEpoch(new EpochMetrics(1, 0.5, 0.9, 0.3, 0.95, null, 0.05, 1, 1));
        assertThatThrownBy(() -> withCheckpoint.checkEpoch(new EpochMetrics(2, 0.41, 0.9,
                Double.NaN, 0.098, null, 0.05, 1, 1)))
                .hasMessage("the test loss became NaN in epoch 2 while training's was 0.4100: a"
                        + " numerical fault, not the learning rate; run backprop-lab doctor; its"
                        + " checkpoint is " + Path.of("runs/x/checkpoints/epoch-002.ckpt"));
    }
}
