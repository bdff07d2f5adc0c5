package backproplab.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import backproplab.kernels.KernelGuard;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model's gradients, as a training step computes them in float32, against the same model
 * computed in float64: libtorch's fast kernels may add in any order, but the result must be the
 * model's gradient to float32's precision. The convolutions run on the path the kernel guard
 * takes, as in {@code train} (backproplab.kernels; issue 22: without it, oneDNN's gradients were
 * NaN or off by up to 0.7 on an AMD EPYC in a VM that hides the cache sizes). (A channels-last
 * variant, tried and not merged, failed this for s6: libtorch's channels-last BatchNorm backward is
 * far less exact; docs/PERFORMANCE.md.)
 */
class GradientCheckTest {

    @ParameterizedTest
    @MethodSource(BuiltIns.ALL)
    void float32GradientsAreTheFloat64Ones(ModelFile model) {
        Architecture arch = model.architecture(0f); // no dropout: both runs see the same function
        Shape shape = new Shape(8, 1, 28, 28);
        KernelGuard.ensureRight(KernelGuard.training(arch, 8, 1));
        SplittableRandom random = new SplittableRandom(12);
        float[] pixels = gaussians(random, (int) shape.size(), 1);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock f32 = arch.newBlock();
            f32.initialize(m, DataType.FLOAT32, arch.inputShape(1));
            SequentialBlock f64 = arch.newBlock();
            f64.initialize(m, DataType.FLOAT64, arch.inputShape(1));
            PairList<String, Parameter> p32 = f32.getParameters();
            PairList<String, Parameter> p64 = f64.getParameters();
            for (int i = 0; i < p32.size(); i++) {
                NDArray w = p32.valueAt(i).getArray();
                if (w.getShape().dimension() == 4) {
                    // He-scaled weights of our own, so the check does not rest on DJL's seeding.
                    long fanIn = w.getShape().size() / w.getShape().get(0);
                    w.set(FloatBuffer.wrap(gaussians(random, (int) w.getShape().size(),
                            Math.sqrt(2.0 / fanIn))));
                }
                p64.valueAt(i).getArray().set(w.toType(DataType.FLOAT64, false).toByteBuffer());
            }

            Map<String, float[]> single = gradients(f32, m, m.create(pixels, shape));
            Map<String, float[]> reference = gradients(f64, m,
                    m.create(pixels, shape).toType(DataType.FLOAT64, false));

            assertThat(single.keySet()).isEqualTo(reference.keySet()).isNotEmpty();
            reference.forEach((name, expected) -> {
                float scale = 0;
                for (float g : expected) {
                    scale = Math.max(scale, Math.abs(g));
                }
                // float32 rounding through these layers comes to about 1e-6 of the largest
                // gradient; 2e-5 leaves room, and a wrong kernel is off by far more.
                float tolerance = 2e-5f * Math.max(1, scale);
                float[] actual = single.get(name);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(Math.abs(actual[i] - expected[i]))
                            .as("%s %s, element %d", model, name, i)
                            .isLessThanOrEqualTo(tolerance);
                }
            });
        }
    }

    private static float[] gaussians(SplittableRandom random, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * sd);
        }
        return v;
    }

    /** One step's gradients of the summed log-probability of class 3, by parameter name. */
    private static Map<String, float[]> gradients(SequentialBlock block, NDManager m, NDArray x) {
        try (GradientCollector collector = m.getEngine().newGradientCollector()) {
            collector.zeroGradients();
            NDArray logProbs = block.forward(new ParameterStore(m, false), new NDList(x), true)
                    .singletonOrThrow();
            collector.backward(logProbs.get(":, 3").sum());
            Map<String, float[]> out = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    out.put(p.getKey(), p.getValue().getArray().getGradient()
                            .toType(DataType.FLOAT32, false).toFloatArray());
                }
            }
            return out;
        }
    }
}
