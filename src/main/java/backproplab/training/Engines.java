package backproplab.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Consumer;

/** Thread settings for libtorch; they only take effect before the engine first loads. */
public final class Engines {

    private Engines() {}

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

    public static void configure(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        // One inter-op thread: a small CNN has no independent ops worth running side by side.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        // The native library ships in a Maven jar: never try the network for it.
        System.setProperty("ai.djl.offline", "true");
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
        // Loads the native library if nothing has yet.
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
    }
}
