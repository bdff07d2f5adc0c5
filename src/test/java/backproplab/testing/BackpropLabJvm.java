package backproplab.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code backprop-lab ARGS} in a JVM of its own, as the launcher starts it:
 * this JVM's java and classpath, headless, and on Java 22 and later allowed the native access
 * that the jar's manifest allows (a classpath has no manifest: without it Java 25 prints four
 * warning lines before every command's output).
 */
public final class BackpropLabJvm {

    private static final String MAIN = "backproplab.cli.BackpropLab";

    private BackpropLabJvm() {}

    /** {@code java [jvmOptions] -cp CLASSPATH BackpropLab args}. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Djava.awt.headless=true");
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        command.addAll(List.of(args));
        return command;
    }

    /** This JVM's own {@code java}. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
