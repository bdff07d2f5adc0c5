package backproplab.cli;

import java.nio.file.Path;

/** Defaults that depend on where backprop-lab is installed. */
final class Defaults {

    private Defaults() {}

    /** The MNIST files shipped in the repository; the launcher says where that is. */
    static Path dataDir() {
        String home = System.getenv("BACKPROP_LAB_HOME");
        return home == null ? Path.of("data", "mnist") : Path.of(home, "data", "mnist");
    }

    static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
