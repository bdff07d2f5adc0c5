package backproplab.data;

/** MNIST-style digits: {@code count} images of 28x28 unsigned bytes and their labels. */
public record Digits(byte[] pixels, byte[] labels, int count) {

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    /** The training set's mean and standard deviation, as the notebook normalises. */
    public static final float MEAN = 0.1307f;
    public static final float STD = 0.3081f;

    public Digits {
        if (pixels.length != (long) count * PIXELS || labels.length != count) {
            throw new IllegalArgumentException("pixels, labels and count disagree");
        }
    }

    /** The first {@code n} digits (all of them if n is 0 or more than there are). */
    public Digits first(int n) {
        return slice(0, n <= 0 ? count : Math.min(n, count));
    }

    public Digits slice(int from, int to) {
        byte[] p = java.util.Arrays.copyOfRange(pixels, from * PIXELS, to * PIXELS);
        byte[] l = java.util.Arrays.copyOfRange(labels, from, to);
        return new Digits(p, l, to - from);
    }

    public int label(int i) {
        return labels[i];
    }

    /**
     * Image {@code i}'s pixels in [0, 1] into {@code out} from {@code offset}: the one conversion
     * from the file's bytes that every use shares, made per image where it is needed (a copy of
     * the whole training set as floats is 188 MB of fresh memory, 0.4 s at every run's start).
     */
    public void unitPixels(int i, float[] out, int offset) {
        int from = i * PIXELS;
        for (int k = 0; k < PIXELS; k++) {
            out[offset + k] = (pixels[from + k] & 0xff) / 255f;
        }
    }
}
