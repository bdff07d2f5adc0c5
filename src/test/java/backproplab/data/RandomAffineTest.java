package backproplab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomAffineTest {

    private static float[] ramp() {
        float[] img = new float[784];
        for (int y = 5; y < 20; y++) {
            for (int x = 8; x < 14; x++) {
                img[y * 28 + x] = (x + y) / 40f;
            }
        }
        return img;
    }

    @Test
    void zeroAngleAndShiftIsTheIdentity() {
        float[] src = ramp();
        float[] dst = new float[784];
        RandomAffine.transform(src, 0, dst, 0, 0f, 0f, 0f);
        assertThat(dst).containsExactly(src);
    }

    @Test
    void aQuarterTurnMovesEveryPixelWhereAnExactRotationPutsIt() {
        float[] src = ramp();
        float[] dst = new float[784];
        RandomAffine.transform(src, 0, dst, 0, (float) (Math.PI / 2), 0f, 0f);
        // Rotating the grid by +90° about its centre sends (x, y) to (27 − y, x) in image
        // coordinates (y down), independently derived from the pixel-grid geometry.
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertThat(dst[x * 28 + (27 - y)]).isCloseTo(src[y * 28 + x], within(1e-5f));
            }
        }
    }

    @Test
    void aWholePixelShiftMovesTheImageAndFillsWithZero() {
        float[] src = ramp();
        float[] dst = new float[784];
        RandomAffine.transform(src, 0, dst, 0, 0f, 2f, -1f);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int sx = x - 2;
                int sy = y + 1;
                float expected = sx < 0 || sy >= 28 ? 0f : src[sy * 28 + sx];
                assertThat(dst[y * 28 + x]).isCloseTo(expected, within(1e-6f));
            }
        }
    }

    @Test
    void randomAnglesStayWithinTheLimitAndPreserveInkRoughly() {
        float[] src = ramp();
        float ink = sum(src);
        RandomAffine affine = new RandomAffine(5f, 0f);
        Random rng = new Random(3);
        for (int k = 0; k < 50; k++) {
            float[] dst = new float[784];
            affine.apply(src, 0, dst, 0, rng);
            assertThat(sum(dst)).isCloseTo(ink, within(0.03f * ink));
        }
    }

    private static float sum(float[] a) {
        float s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }
}
