package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.model.Architecture;
import backproplab.model.Models;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on two threads against one replica fed the same halves one after the other: the
 * same gradients, loss and right answers, and the same bits on every repetition.
 */
class ReplicasTest {

    // No dropout: the halves then see the same network whichever replica computes them.
    private final Architecture arch = Models.S6.architecture(0f);
    private final NllLoss loss = new NllLoss(0);
    private Model model;

    @BeforeEach
    void buildModel() {
        Engines.noGradientsOnThisThread();
        Engine.getInstance().setRandomSeed(11);
        model = ModelLoader.build(arch);
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void twoReplicasSumTheGradientsOfTheirHalvesOfTheBatch() {
        TrainBatches.Batch batch = batch(64, 1, 0, 64);
        Replicas.Step together;
        try (Replicas two = replicas(2)) {
            together = two.step(batch);
        }
        List<float[]> summed = takeGradients();

        Replicas.Step first;
        Replicas.Step second;
        List<float[]> halves;
        try (Replicas one = replicas(1)) {
            first = one.step(batch(64, 1, 0, 32));
            second = one.step(batch(64, 1, 32, 64));
            // One replica took the mean of each half, so the two means' gradients add to twice
            // the whole batch's.
            halves = takeGradients();
        }
        assertThat(summed).hasSize(halves.size());
        for (int p = 0; p < summed.size(); p++) {
            float[] a = summed.get(p);
            float[] b = halves.get(p);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("parameter %d, element %d", p, i)
                        .isCloseTo(b[i] / 2, org.assertj.core.data.Offset.offset(
                                1e-6f * Math.max(1, Math.abs(b[i]))));
            }
        }
        assertThat(together.loss()).isCloseTo((first.loss() + second.loss()) / 2,
                org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(together.correct()).isEqualTo(first.correct() + second.correct());
    }

    @Test
    void theGradientsDoNotDependOnWhichReplicaFinishesFirst() {
        TrainBatches.Batch batch = batch(128, 2, 0, 128);
        List<float[]> reference = null;
        try (Replicas two = replicas(2)) {
            for (int repeat = 0; repeat < 8; repeat++) {
                two.step(batch);
                List<float[]> gradients = takeGradients();
                if (reference == null) {
                    reference = gradients;
                } else {
                    for (int p = 0; p < gradients.size(); p++) {
                        assertThat(gradients.get(p)).as("repeat %d, parameter %d", repeat, p)
                                .containsExactly(reference.get(p));
                    }
                }
            }
        }
    }

    @Test
    void afterAnEpochTheModelKeepsTheMeanOfTheReplicasRunningStatistics() {
        List<NDArray> start = runningStats().stream().map(NDArray::duplicate).toList();
        try (Replicas one = replicas(1)) {
            one.step(batch(64, 3, 0, 32));
        }
        List<float[]> afterFirst = values(runningStats());
        restore(start);
        try (Replicas one = replicas(1)) {
            one.step(batch(64, 3, 32, 64));
        }
        List<float[]> afterSecond = values(runningStats());
        restore(start);

        try (Replicas two = replicas(2)) {
            two.startEpoch(1, 1);
            two.step(batch(64, 3, 0, 64));
            two.endEpoch();
        }
        List<float[]> averaged = values(runningStats());
        for (int s = 0; s < averaged.size(); s++) {
            for (int i = 0; i < averaged.get(s).length; i++) {
                assertThat(averaged.get(s)[i]).isCloseTo(
                        (afterFirst.get(s)[i] + afterSecond.get(s)[i]) / 2,
                        org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        start.forEach(NDArray::close);
    }

    private Replicas replicas(int count) {
        return new Replicas(arch, model.getBlock(), model.getNDManager(), loss, count);
    }

    /** Rows [from, to) of a batch of {@code n} random images and labels drawn from {@code seed}. */
    private static TrainBatches.Batch batch(int n, long seed, int from, int to) {
        Random random = new Random(seed);
        float[] pixels = new float[n * Digits.PIXELS];
        long[] labels = new long[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        ByteBuffer images = ByteBuffer.allocateDirect((to - from) * Digits.PIXELS * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        images.asFloatBuffer().put(pixels, from * Digits.PIXELS, (to - from) * Digits.PIXELS);
        return new TrainBatches.Batch(images, java.util.Arrays.copyOfRange(labels, from, to));
    }

    /** Every weight's gradient, then zeroed for the next step (as the optimizer does). */
    private List<float[]> takeGradients() {
        List<float[]> gradients = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    gradients.add(g.toFloatArray());
                    g.subi(g);
                }
            }
        }
        return gradients;
    }

    private List<NDArray> runningStats() {
        List<NDArray> stats = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (!p.getValue().requiresGradient()) {
                stats.add(p.getValue().getArray());
            }
        }
        return stats;
    }

    private void restore(List<NDArray> saved) {
        List<NDArray> stats = runningStats();
        for (int i = 0; i < stats.size(); i++) {
            stats.get(i).intern(saved.get(i).duplicate());
        }
    }

    private static List<float[]> values(List<NDArray> arrays) {
        return arrays.stream().map(NDArray::toFloatArray).toList();
    }
}
