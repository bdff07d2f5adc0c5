package backproplab.data;

import java.util.Random;

/**
 * Random rotation (± degrees) and shift (± pixels) of a 28x28 image in [0, 1], sampled bilinearly
 * with 0 outside the image, as torchvision's RandomRotation(fill=0) on the PIL image. DJL has no
 * such transform, so it is written here on the float pixels.
 */
public final class RandomAffine {

    private static final int N = Digits.SIDE;
    /** Rotation is about the centre of the pixel grid, as PIL does. */
    private static final float CENTRE = (N - 1) / 2f;

    private final float maxRadians;
    private final float maxShift;

    public RandomAffine(float maxDegrees, float maxShift) {
        this.maxRadians = (float) Math.toRadians(maxDegrees);
        this.maxShift = maxShift;
    }

    public boolean isIdentity() {
        return maxRadians == 0 && maxShift == 0;
    }

    /**
     * One random move: {@code angle} in radians (positive turns x towards y, clockwise on screen
     * as y points down), then a shift of ({@code dx}, {@code dy}) pixels.
     */
    record Move(float angle, float dx, float dy) {}

    /** Draws an angle and a shift from {@code rng} and writes the moved image into {@code dst}. */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, Random rng) {
        Move m = draw(rng);
        transform(src, srcOffset, dst, dstOffset, m.angle(), m.dx(), m.dy());
    }

    /** Uniform in ± the limits; the order of the draws is part of a run's reproducibility. */
    Move draw(Random rng) {
        float angle = (rng.nextFloat() * 2 - 1) * maxRadians;
        float dx = (rng.nextFloat() * 2 - 1) * maxShift;
        float dy = (rng.nextFloat() * 2 - 1) * maxShift;
        return new Move(angle, dx, dy);
    }

    /**
     * Output pixel p takes the input at R(−angle)·(p − c − shift) + c: mapping backwards leaves no
     * holes in the output.
     */
    static void transform(float[] src, int so, float[] dst, int dOff, float angle, float dx,
                          float dy) {
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        for (int y = 0; y < N; y++) {
            float py = y - CENTRE - dy;
            for (int x = 0; x < N; x++) {
                float px = x - CENTRE - dx;
                float sx = cos * px + sin * py + CENTRE;
                float sy = -sin * px + cos * py + CENTRE;
                dst[dOff + y * N + x] = bilinear(src, so, sx, sy);
            }
        }
    }

    private static float bilinear(float[] src, int so, float x, float y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(src, so, x0, y0) + fx * at(src, so, x0 + 1, y0))
                + fy * ((1 - fx) * at(src, so, x0, y0 + 1) + fx * at(src, so, x0 + 1, y0 + 1));
    }

    private static float at(float[] src, int so, int x, int y) {
        return x < 0 || y < 0 || x >= N || y >= N ? 0f : src[so + y * N + x];
    }
}
