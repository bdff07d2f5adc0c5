package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class FastDropoutTest {

    private static float[] run(FastDropout d, NDManager m, float[] x, Shape shape, boolean train) {
        try (NDManager scratch = m.newSubManager()) {
            NDArray in = scratch.create(x, shape);
            return d.forward(new ParameterStore(scratch, false), new NDList(in), train)
                    .singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void dropsAboutPAndScalesTheRestLikeNnDropout() {
        FastDropout d = new FastDropout(0.25f);
        d.initialize(null, DataType.FLOAT32, new Shape(64, 16, 14, 14));
        float[] x = new float[64 * 16 * 14 * 14];
        java.util.Arrays.fill(x, 3f);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (int step = 0; step < 3; step++) {
                float[] y = run(d, m, x, new Shape(64, 16, 14, 14), true);
                long zeros = 0;
                for (float v : y) {
                    if (v == 0) {
                        zeros++;
                    } else {
                        assertThat(v).isEqualTo(3f / 0.75f);
                    }
                }
                // 200,704 draws: the standard deviation of the dropped fraction is about 0.001.
                assertThat((double) zeros / y.length).isCloseTo(0.25, within(0.005));
            }
            assertThat(run(d, m, x, new Shape(64, 16, 14, 14), false)).containsExactly(x);
        }
    }

    @Test
    void theSameSeedGivesTheSameMasksAndAnotherSeedOthers() {
        FastDropout d = new FastDropout(0.5f);
        float[] x = new float[1000];
        java.util.Arrays.fill(x, 1f);
        Shape shape = new Shape(10, 100);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            d.reseed(11);
            float[] a1 = run(d, m, x, shape, true);
            float[] a2 = run(d, m, x, shape, true);
            d.reseed(11);
            assertThat(run(d, m, x, shape, true)).containsExactly(a1);
            assertThat(run(d, m, x, shape, true)).containsExactly(a2);
            assertThat(a2).isNotEqualTo(a1);
            d.reseed(12);
            assertThat(run(d, m, x, shape, true)).isNotEqualTo(a1);
        }
    }

    @Test
    void theGradientPassesOnlyThroughKeptValues() {
        FastDropout d = new FastDropout(0.3f);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.ones(new Shape(4, 500));
            x.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = d.forward(new ParameterStore(m, false), new NDList(x), true)
                        .singletonOrThrow();
                y = out.toFloatArray();
                gc.backward(out.sum());
            }
            // y = x·mask, so ∂Σy/∂x is the mask itself: 0 or 1/(1 − p), equal to y where x = 1.
            assertThat(x.getGradient().toFloatArray()).containsExactly(y);
        }
    }
}
