package backproplab.training;

import ai.djl.pytorch.jni.JniUtils;
import backproplab.kernels.Libtorch;
import java.util.function.Consumer;

/**
 * How backprop-lab uses the cores: libtorch computes every operation on one thread, and the
 * cores are used by running that many model replicas (training, {@link Replicas}) or
 * evaluation batches side by side. Measured on s6 (docs/PERFORMANCE.md): a small CNN's
 * operations are too small to share between threads, whose OpenMP barrier after every
 * operation also stalls whenever anything else takes a core for a moment.
 *
 * <p>libtorch's setting only takes effect before the engine first loads.
 */
public final class Engines {

    /** Threads that train or evaluate side by side; the cores until {@link #configure}. */
    private static volatile int threads = Runtime.getRuntime().availableProcessors();

    private Engines() {}

    /** How many threads train replicas or evaluate batches side by side. */
    public static int threads() {
        return threads;
    }

    /**
     * {@code threads}, or the machine's cores if that is fewer, with one line to {@code warn}:
     * threads beyond the cores only take turns on them, which is slower.
     */
    public static int atMostCores(int threads, Consumer<String> warn) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads <= cores) {
            return threads;
        }
        warn.accept("--threads " + threads + " is more than the " + cores + " cores here; using "
                + cores);
        return cores;
    }

    /** {@code threads} side by side, each running libtorch's operations on one thread. */
    public static void configure(int threads) {
        Engines.threads = threads;
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        // One inter-op thread: a small CNN has no independent ops worth running side by side.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /**
     * PyTorch's gradient mode belongs to a thread and is on in a new one; DJL turns it off only in
     * the thread that first loads the engine (a CLI command's main thread). Every other thread
     * that trains or runs a model (a test's, the web lab's) turns it off first: otherwise the
     * optimizer's in-place update of a weight fails ("a leaf Variable that requires grad is being
     * used in an in-place operation"), and inference records a graph nobody uses. A
     * GradientCollector still turns it on for its own block.
     */
    public static void noGradientsOnThisThread() {
        // Loads the native library if nothing has yet, as backprop-lab runs it.
        Libtorch.load();
        JniUtils.setGradMode(false);
    }
}
