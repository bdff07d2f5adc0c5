package backproplab.training;

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
}
