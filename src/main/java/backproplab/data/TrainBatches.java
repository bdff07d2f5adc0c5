package backproplab.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One epoch of shuffled, augmented, normalised training batches. The next batch is prepared on a
 * background thread while the current one trains, so augmentation never holds up a step.
 *
 * <p>Everything random comes from one generator seeded with (seed, epoch): an epoch's batches are
 * the same whether the run was resumed or not.
 */
public final class TrainBatches implements AutoCloseable {

    /** Images of one batch in a direct buffer (N x 1 x 28 x 28 floats) and their labels. */
    public record Batch(ByteBuffer images, long[] labels) {
        public int size() {
            return labels.length;
        }
    }

    // The model reads a batch's buffer in place (from_blob), so a buffer may only be reused once
    // its batch is finished: one trains, one waits, one is being filled.
    private static final int BUFFERS = 3;

    private final Digits data;
    private final int batchSize;
    private final RandomAffine affine;
    private final Random rng;
    private final int[] order;
    private final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "batch-prefetch");
        t.setDaemon(true);
        return t;
    });
    /**
     * One image on its way into a batch's buffer, reused: a batch of 128 would otherwise leave
     * 400 KB of garbage, 188 MB an epoch. Only the prefetch thread touches it.
     */
    private final float[] image = new float[Digits.PIXELS];
    /** The image as read, in [0, 1], before its move: also the prefetch thread's alone. */
    private final float[] unit = new float[Digits.PIXELS];
    private int nextStart;
    private int made;
    private CompletableFuture<Batch> pending;

    public TrainBatches(Digits data, int batchSize, RandomAffine affine, long seed, int epoch) {
        this.data = data;
        this.batchSize = batchSize;
        this.affine = affine;
        this.rng = epochRandom(seed, epoch);
        this.order = permutation(data.count(), rng);
        for (int k = 0; k < BUFFERS; k++) {
            buffers[k] = ByteBuffer.allocateDirect(batchSize * Digits.PIXELS * Float.BYTES)
                    .order(ByteOrder.nativeOrder());
        }
        pending = prepareNext();
    }

    /** All of {@code d}'s pixels in [0, 1], image after image. */
    public static float[] unitPixels(Digits d) {
        float[] out = new float[d.count() * Digits.PIXELS];
        for (int i = 0; i < d.count(); i++) {
            d.unitPixels(i, out, i * Digits.PIXELS);
        }
        return out;
    }

    /** Everything random in an epoch comes from this generator, in the order of its images. */
    private static Random epochRandom(long seed, int epoch) {
        return new Random(seed * 1_000_003L + epoch);
    }

    /**
     * The distinct images {@code wanted} (indices into {@code data}) as epoch {@code epoch}'s
     * batches give them to the model, before normalising: each row is one image's 784 pixels in
     * [0, 1]. The epoch's generator is replayed as {@link #fill} draws from it, image after image
     * in the shuffled order, skipping the pixels of the images not wanted, so these are the very
     * pictures training sees, not look-alikes.
     */
    public static float[][] asTrained(Digits data, RandomAffine affine, long seed, int epoch,
                                      int[] wanted) {
        Random rng = epochRandom(seed, epoch);
        int[] order = permutation(data.count(), rng);
        int[] row = new int[data.count()];
        Arrays.fill(row, -1);
        for (int k = 0; k < wanted.length; k++) {
            row[wanted[k]] = k;
        }
        float[][] out = new float[wanted.length][Digits.PIXELS];
        float[] unit = new float[Digits.PIXELS];
        for (int i : order) {
            if (affine.isIdentity()) {
                if (row[i] >= 0) {
                    data.unitPixels(i, out[row[i]], 0);
                }
            } else if (row[i] >= 0) {
                data.unitPixels(i, unit, 0);
                affine.apply(unit, 0, out[row[i]], 0, rng);
            } else {
                // The move this image would get, drawn so that the next image's is right.
                affine.draw(rng);
            }
        }
        return out;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch(data.count(), batchSize);
    }

    /** An epoch's batches: every image once, the last batch holding what is left. */
    public static int batchesPerEpoch(int images, int batchSize) {
        return (images + batchSize - 1) / batchSize;
    }

    public boolean hasNext() {
        return pending != null;
    }

    public Batch next() {
        Batch b = pending.join();
        pending = prepareNext();
        return b;
    }

    private CompletableFuture<Batch> prepareNext() {
        if (nextStart >= data.count()) {
            return null;
        }
        int start = nextStart;
        int end = Math.min(start + batchSize, data.count());
        nextStart = end;
        ByteBuffer buffer = buffers[made++ % BUFFERS];
        return CompletableFuture.supplyAsync(() -> fill(start, end, buffer), worker);
    }

    private Batch fill(int start, int end, ByteBuffer buffer) {
        int n = end - start;
        long[] labels = new long[n];
        FloatBuffer floats = buffer.clear().asFloatBuffer();
        for (int k = 0; k < n; k++) {
            int i = order[start + k];
            labels[k] = data.label(i);
            if (affine.isIdentity()) {
                data.unitPixels(i, image, 0);
            } else {
                data.unitPixels(i, unit, 0);
                affine.apply(unit, 0, image, 0, rng);
            }
            normalise(image);
            floats.put(image);
        }
        buffer.limit(n * Digits.PIXELS * Float.BYTES);
        return new Batch(buffer, labels);
    }

    public static void normalise(float[] unit) {
        for (int k = 0; k < unit.length; k++) {
            unit[k] = (unit[k] - Digits.MEAN) / Digits.STD;
        }
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) {
            p[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int t = p[k];
            p[k] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
