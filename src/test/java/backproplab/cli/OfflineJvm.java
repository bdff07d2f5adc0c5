package backproplab.cli;

import backproplab.testing.BackpropLabJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * {@code backprop-lab ARGS} in a JVM of its own, as from the shell, that cannot reach the
 * internet whether this machine can or not: its HTTP goes through a proxy on a port nobody
 * listens on, so every download fails at once, and the same way everywhere.
 */
final class OfflineJvm {

    /** The last mirror {@code MnistFiles} tries, named in its refusal. */
    static final String LAST_MIRROR = "storage.googleapis.com";

    private OfflineJvm() {}

    static Process start(Map<String, String> env, String... args) throws IOException {
        int nobody = closedPort();
        List<String> command = BackpropLabJvm.command(List.of(
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + nobody,
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + nobody), args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
