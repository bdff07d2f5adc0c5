package backproplab.cli;

import java.nio.file.Path;

/** Defaults that depend on where backprop-lab is installed. */
final class Defaults {

    /** The bash script's name; backprop-lab.cmd (Windows) names itself in BACKPROP_LAB_LAUNCHER. */
    private static final String BASH_LAUNCHER = "backprop-lab";

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
        return launcher(System.getenv("BACKPROP_LAB_HOME"), launcherName(),
                Path.of("").toAbsolutePath());
    }

    /** {@link #launcher()} for launcher {@code name} in {@code home}, seen from {@code here}. */
    static String launcher(String home, String name, Path here) {
        if (home == null) {
            return "backprop-lab";
        }
        Path script = Path.of(home, name).toAbsolutePath().normalize();
        if (script.getParent().equals(here)) {
            return (isCmd(name) ? ".\\" : "./") + name;
        }
        return quoted(script.toString(), isCmd(name));
    }

    /** A path as the user's shell reads it back. */
    static String quoted(String path) {
        return quoted(path, isCmd(launcherName()));
    }

    /**
     * A path as bash reads it back, or, for backprop-lab.cmd's users, as cmd.exe and PowerShell
     * both do: in double quotes, which no Windows path holds (PowerShell would still expand a $
     * in one: rare enough in a folder's name).
     */
    static String quoted(String path, boolean cmd) {
        if (cmd) {
            return path.matches("[A-Za-z0-9_.\\\\:=+-]+") ? path : "\"" + path + "\"";
        }
        return path.matches("[A-Za-z0-9_./:=+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }

    private static String launcherName() {
        String name = System.getenv("BACKPROP_LAB_LAUNCHER");
        return name == null || name.isBlank() ? BASH_LAUNCHER : name;
    }

    private static boolean isCmd(String launcher) {
        return launcher.endsWith(".cmd");
    }

    static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
