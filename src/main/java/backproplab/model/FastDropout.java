package backproplab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Dropout, as {@code nn.Dropout(p)} (or {@code nn.Dropout2d(p)}, whole maps at once): in
 * training each value is zeroed with probability p and the rest are scaled by 1/(1 − p); at
 * inference it does nothing.
 *
 * <p>Why not DJL's Dropout: libtorch draws the mask with {@code bernoulli_}, one value at a time on
 * one thread, which costs 2–4 ms per s6 dropout layer and batch, over a tenth of a training step
 * on 2 cores. Here the next step's mask is drawn in Java on a background thread while the current
 * step computes: four 16-bit draws per random long, so p is exact to 1/65536.
 */
public final class FastDropout extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final ExecutorService MASKS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dropout-masks");
        t.setDaemon(true);
        return t;
    });
    // A mask is read in place by the step that uses it (from_blob), so the next mask goes into
    // the other buffer; the step before has been closed by the time that one is refilled.
    private static final int BUFFERS = 2;

    private final float rate;
    private final boolean channels;
    private final int threshold;
    private final float keepScale;
    private final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
    private SplittableRandom random = new SplittableRandom(0);
    private CompletableFuture<ByteBuffer> next;
    private Shape nextShape;
    private int used;

    public FastDropout(float rate) {
        this(rate, false);
    }

    /** With {@code channels}, as {@code nn.Dropout2d}: each image's map dropped whole. */
    public FastDropout(float rate, boolean channels) {
        super(VERSION);
        this.channels = channels;
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.threshold = Math.round(rate * 65536);
        this.keepScale = 1 / (1 - rate);
    }

    /** Restarts the masks from {@code seed}: the same seed gives the same masks. */
    public synchronized void reseed(long seed) {
        if (next != null) {
            next.join();
        }
        next = null;
        random = new SplittableRandom(seed);
    }

    /** Reseeds every FastDropout in {@code block}, each layer from its own seed. */
    public static void reseedAll(Block block, long seed) {
        if (block instanceof FastDropout d) {
            d.reseed(seed);
        }
        int k = 1;
        for (Block child : block.getChildren().values()) {
            reseedAll(child, seed * 31 + k++);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
                                     boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0) {
            return inputs;
        }
        Shape shape = channels ? new Shape(x.getShape().get(0), x.getShape().get(1), 1, 1)
                : x.getShape();
        ByteBuffer mask = takeMask(shape);
        NDArray m = x.getManager().create(mask, shape, DataType.FLOAT32);
        return new NDList(x.mul(m));
    }

    private synchronized ByteBuffer takeMask(Shape shape) {
        ByteBuffer mask;
        if (next != null && shape.equals(nextShape)) {
            mask = next.join();
        } else {
            if (next != null) {
                next.join();
            }
            mask = fill(buffer(shape), shape.size());
        }
        ByteBuffer target = buffer(shape);
        nextShape = shape;
        next = CompletableFuture.supplyAsync(() -> fill(target, shape.size()), MASKS);
        return mask;
    }

    /** The next buffer of the ring, big enough for {@code shape}. */
    private ByteBuffer buffer(Shape shape) {
        int k = used++ % BUFFERS;
        int bytes = Math.toIntExact(shape.size() * Float.BYTES);
        if (buffers[k] == null || buffers[k].capacity() < bytes) {
            buffers[k] = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        ByteBuffer b = buffers[k];
        b.clear().limit(bytes);
        return b;
    }

    private ByteBuffer fill(ByteBuffer target, long size) {
        FloatBuffer out = target.asFloatBuffer();
        long bits = 0;
        for (long i = 0; i < size; i++) {
            if ((i & 3) == 0) {
                bits = random.nextLong();
            }
            out.put((bits & 0xffff) < threshold ? 0f : keepScale);
            bits >>>= 16;
        }
        return target;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "FastDropout(" + rate + ")";
    }
}
