package backproplab.inspect;

/**
 * Resizing by area averaging: each target pixel is the mean of the source area it covers,
 * fractional pixels weighted by their covered fraction. Shrinking a 280-pixel drawing to 20
 * this way anti-aliases it, as MNIST's digits were; enlarging just spreads each pixel.
 */
final class AreaResampling {

    private AreaResampling() {}

    /**
     * The {@code bw x bh} region at ({@code left}, {@code top}) of a {@code stride}-wide image,
     * resized to {@code tw x th}.
     */
    static float[] resample(float[] src, int stride, int left, int top, int bw, int bh, int tw,
                            int th) {
        float[] rows = new float[bh * tw];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < tw; x++) {
                final int row = (top + y) * stride + left;
                rows[y * tw + x] = average(k -> src[row + k], x, bw, tw);
            }
        }
        float[] out = new float[th * tw];
        for (int x = 0; x < tw; x++) {
            for (int y = 0; y < th; y++) {
                final int column = x;
                out[y * tw + x] = average(k -> rows[k * tw + column], y, bh, th);
            }
        }
        return out;
    }

    /** The mean of source samples over target cell {@code i} of {@code to}, along one axis. */
    private static float average(java.util.function.IntToDoubleFunction sample, int i, int from,
                                 int to) {
        double a = (double) i * from / to;
        double b = (double) (i + 1) * from / to;
        double sum = 0;
        for (int k = (int) Math.floor(a); k < Math.ceil(b) && k < from; k++) {
            double cover = Math.min(b, k + 1) - Math.max(a, k);
            sum += cover * sample.applyAsDouble(k);
        }
        return (float) (sum / (b - a));
    }
}
