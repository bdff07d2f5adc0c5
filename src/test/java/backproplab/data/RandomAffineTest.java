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

    /**
     * Two soft dots on a horizontal line through the centre: the line's angle after the move is
     * the rotation, the dots' midpoint (the centre of mass) is the shift. Both are measured from
     * the pixels with image moments and compared with what the generator drew.
     */
    @Test
    void theImageTurnsAndShiftsByWhatTheGeneratorDrew() {
        float[] src = twoDots();
        RandomAffine affine = new RandomAffine(30f, 3f);
        for (long seed = 1; seed <= 40; seed++) {
            float[] dst = new float[784];
            affine.apply(src, 0, dst, 0, new Random(seed));
            RandomAffine.Move drawn = affine.draw(new Random(seed));
            Moments m = Moments.of(dst);
            assertThat(Math.toDegrees(m.axisAngle())).as("seed %d angle", seed)
                    .isCloseTo(Math.toDegrees(drawn.angle()), within(0.1));
            assertThat(m.cx() - 13.5).as("seed %d dx", seed).isCloseTo(drawn.dx(), within(0.01));
            assertThat(m.cy() - 13.5).as("seed %d dy", seed).isCloseTo(drawn.dy(), within(0.01));
        }
    }

    @Test
    void drawsCoverTheWholeRangeAndNoMore() {
        RandomAffine affine = new RandomAffine(5f, 2f);
        Random rng = new Random(11);
        double minAngle = 0;
        double maxAngle = 0;
        double maxShift = 0;
        for (int k = 0; k < 2000; k++) {
            RandomAffine.Move m = affine.draw(rng);
            minAngle = Math.min(minAngle, Math.toDegrees(m.angle()));
            maxAngle = Math.max(maxAngle, Math.toDegrees(m.angle()));
            maxShift = Math.max(maxShift, Math.max(Math.abs(m.dx()), Math.abs(m.dy())));
        }
        assertThat(minAngle).isBetween(-5.0, -4.9);
        assertThat(maxAngle).isBetween(4.9, 5.0);
        assertThat(maxShift).isBetween(1.95, 2.0);
    }

    /** Gaussian dots (σ = 1.2 px) at 5 px either side of the grid's centre, on its middle row. */
    private static float[] twoDots() {
        float[] img = new float[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double dy = y - 13.5;
                img[y * 28 + x] = (float) (Math.exp(-((x - 8.5) * (x - 8.5) + dy * dy) / 2.88)
                        + Math.exp(-((x - 18.5) * (x - 18.5) + dy * dy) / 2.88));
            }
        }
        return img;
    }

    /** Centre of mass and the angle of the principal axis, from the image's moments. */
    private record Moments(double cx, double cy, double axisAngle) {
        static Moments of(float[] img) {
            double m = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double w = img[y * 28 + x];
                    m += w;
                    sx += w * x;
                    sy += w * y;
                    sxx += w * x * x;
                    syy += w * y * y;
                    sxy += w * x * y;
                }
            }
            double cx = sx / m;
            double cy = sy / m;
            double xx = sxx / m - cx * cx;
            double yy = syy / m - cy * cy;
            double xy = sxy / m - cx * cy;
            return new Moments(cx, cy, 0.5 * Math.atan2(2 * xy, xx - yy));
        }
    }
}
