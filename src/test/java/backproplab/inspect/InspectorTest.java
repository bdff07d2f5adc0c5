package backproplab.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.nn.Block;
import backproplab.data.Digits;
import backproplab.data.TrainBatches;
import backproplab.training.ModelLoader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the inspector shows, recomputed by hand from the trained run's own weights. */
class InspectorTest {

    /** DJL's BatchNorm default. */
    private static final double EPSILON = 1e-5;

    @Test
    void theFirstMapsAreConvolutionThenReluThenBatchNormOfTheNormalisedInput() throws Exception {
        Random rng = new Random(11);
        float[] input = new float[Digits.PIXELS];
        for (int k = 0; k < input.length; k++) {
            input[k] = rng.nextFloat();
        }
        FeatureMap first;
        float[] kernels;
        float[] gamma;
        float[] beta;
        float[] mean;
        float[] variance;
        try (Inspector inspector = Inspector.open(TinyRun.best());
             ModelLoader.Loaded loaded = ModelLoader.load(TinyRun.best())) {
            first = inspector.inspect(input).maps().get(0);
            List<Block> layers = loaded.block().getChildren().values();
            kernels = layers.get(0).getParameters().get("weight").getArray().toFloatArray();
            var bn = layers.get(2).getParameters();
            gamma = bn.get("gamma").getArray().toFloatArray();
            beta = bn.get("beta").getArray().toFloatArray();
            mean = bn.get("runningMean").getArray().toFloatArray();
            variance = bn.get("runningVar").getArray().toFloatArray();
        }
        assertThat(first.shownAfter()).isEqualTo("ReLU and BatchNorm2d");
        float[] x = input.clone();
        TrainBatches.normalise(x);
        int side = first.width();
        assertThat(side).isEqualTo(26);
        for (int c = 0; c < first.channels(); c++) {
            for (int[] at : new int[][] {{0, 0}, {5, 17}, {25, 25}, {12, 3}}) {
                double sum = 0;
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        sum += kernels[c * 9 + dy * 3 + dx] * x[(at[0] + dy) * 28 + at[1] + dx];
                    }
                }
                double relu = Math.max(0, sum);
                double expected = (relu - mean[c]) / Math.sqrt(variance[c] + EPSILON) * gamma[c]
                        + beta[c];
                assertThat(first.values()[c * side * side + at[0] * side + at[1]])
                        .as("channel %d at %s", c, java.util.Arrays.toString(at))
                        .isCloseTo((float) expected, within(1e-4f));
            }
        }
    }

    @Test
    void theLastConvolutionsChannelsAreTheClasses() throws Exception {
        try (Inspector inspector = Inspector.open(TinyRun.best())) {
            Inspection seen = inspector.inspect(new float[Digits.PIXELS]);
            List<FeatureMap> maps = seen.maps();
            assertThat(maps.get(maps.size() - 1).classScores()).isTrue();
            assertThat(maps.get(maps.size() - 1).channelName(3)).isEqualTo("class 3");
            assertThat(maps.get(0).channelName(3)).isEqualTo("channel 4");
            double sum = 0;
            for (float p : seen.probabilities()) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1, within(1e-5));
        }
    }
}
