package backproplab.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Module;
import java.util.stream.Stream;
import backproplab.training.CheckpointFiles;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The receptive field each layer claims, checked against the model itself: changing input pixels
 * outside an output's field never changes it, and changing the field's outermost rows or columns
 * does (so the field is no larger than needed).
 */
class ReceptiveFieldTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("s6AndLean")
    void everyConvolutionSeesExactlyItsReceptiveField(ModelFile model) throws Exception {
        try (Inspector inspector = Inspector.open(CheckpointFiles.write(dir.resolve("m.ckpt"),
                model))) {
            float[] input = noise(new Random(7));
            Inspection base = inspector.inspect(input);
            for (FeatureMap map : base.maps()) {
                // A position off the centre, so a padded field is clipped on one side only.
                int y = map.height() / 3;
                int x = map.width() - 1 - map.width() / 4;
                int[] rows = clip(map.layer().receptiveSpan(y));
                int[] cols = clip(map.layer().receptiveSpan(x));
                String where = model + " conv " + map.number() + " at (" + x + ", " + y + ")";

                float[] outside = input.clone();
                for (int k = 0; k < outside.length; k++) {
                    int r = k / 28;
                    int c = k % 28;
                    if (r < rows[0] || r > rows[1] || c < cols[0] || c > cols[1]) {
                        outside[k] = 1 - outside[k];
                    }
                }
                assertThat(change(inspector, outside, map, x, y)).as(where + ", outside")
                        .isZero();
                for (int edge = 0; edge < 4; edge++) {
                    float[] changed = input.clone();
                    for (int k = 0; k < changed.length; k++) {
                        int r = k / 28;
                        int c = k % 28;
                        boolean inside = r >= rows[0] && r <= rows[1] && c >= cols[0]
                                && c <= cols[1];
                        boolean onEdge = switch (edge) {
                            case 0 -> r == rows[0];
                            case 1 -> r == rows[1];
                            case 2 -> c == cols[0];
                            default -> c == cols[1];
                        };
                        if (inside && onEdge) {
                            changed[k] += 3;
                        }
                    }
                    assertThat(change(inspector, changed, map, x, y))
                            .as(where + ", edge " + edge).isPositive();
                }
            }
        }
    }

    static Stream<ModelFile> s6AndLean() {
        return Stream.of(Models.S6, Models.LEAN);
    }

    @Test
    void leanFieldsAreTheSummarysNumbers() {
        var layers = Models.LEAN.architecture().layers();
        var last = layers.stream().filter(l -> l.module() instanceof Module.Conv2d c
                        && c.kernel() == 3).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last.receptiveField()).isEqualTo(22);
        // Padding 1 at jump 2 reaches 2 pixels before the image.
        assertThat(last.coverage().start()).isEqualTo(-2);
        assertThat(last.receptiveSpan(5)).containsExactly(8, 29);
    }

    /** The summed |difference| over all channels of one output position. */
    private static double change(Inspector inspector, float[] input, FeatureMap base, int x,
                                 int y) {
        FeatureMap other = inspector.inspect(input).maps().get(base.number() - 1);
        int n = base.height() * base.width();
        double sum = 0;
        for (int c = 0; c < base.channels(); c++) {
            int k = c * n + y * base.width() + x;
            sum += Math.abs(other.values()[k] - base.values()[k]);
        }
        return sum;
    }

    private static int[] clip(int[] span) {
        return new int[] {Math.max(0, span[0]), Math.min(27, span[1])};
    }

    private static float[] noise(Random rng) {
        float[] x = new float[28 * 28];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextFloat();
        }
        return x;
    }
}
