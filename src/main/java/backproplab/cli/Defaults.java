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

    /**
     * How the user runs backprop-lab from here: the one source of the start of every command
     * printed for them to copy, so that each pasted one runs.
     */
    static String launcher() {
        String home = System.getenv("BACKPROP_LAB_HOME");
        if (home == null) {
            return "backprop-lab";
        }
        Path script = Path.of(home, "backprop-lab").toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return script.getParent().equals(here) ? "./backprop-lab" : quoted(script.toString());
    }

    /** A path as a shell reads it back. */
    static String quoted(String path) {
        return path.matches("[A-Za-z0-9_./:=+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }

    static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
