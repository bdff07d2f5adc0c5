package backproplab.training;

/** Thread settings for libtorch; they only take effect before the engine first loads. */
public final class Engines {

    private Engines() {}

    public static void configure(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        // One inter-op thread: a small CNN has no independent ops worth running side by side.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        // The native library ships in a Maven jar: never try the network for it.
        System.setProperty("ai.djl.offline", "true");
    }
}
