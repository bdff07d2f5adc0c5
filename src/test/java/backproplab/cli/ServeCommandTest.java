package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.IgnoredSignals;
import backproplab.cli.BackpropCommandTest.Run;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code backprop-lab serve} as a user starts and stops it. */
class ServeCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--port=-1", "--port=http", "--host=no.such.host."})
    void badHostOrPortGetsOneLine(String bad) {
        Run run = Run.of("serve", bad);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(bad.substring(0, 6)).doesNotContain("\tat ", "Exception");
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = Run.of("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("--port", Integer.toString(taken.getLocalPort()))
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aRunsFolderThatIsAFileIsNamed() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("runs-", ".txt");
        try {
            Run run = Run.of("serve", "--port", "0", "--runs", file.toString());
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("--runs", file.toString()).doesNotContain("\tat ");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** A separate JVM, as from the shell: prints its address, answers, and stops on Ctrl-C. */
    @Test
    void printsItsAddressAnswersAndStopsOnInterrupt(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        Path runs = dir.resolve("runs");
        Process lab = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"),
                BackpropLab.class.getName(), "serve", "--port", "0", "--runs", runs.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("backprop-lab lab: http://127.0.0.1:");
            String url = line.split("\\s+")[2];
            // A runs folder that is not there yet is said so, not shown as an empty page only.
            assertThat(out.readLine()).isEqualTo("backprop-lab lab: runs in " + runs
                    + " (not there yet: made when a run starts)");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "api/backprop/defaults")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            System.out.printf("serve: process start to first answer %.2f s%n",
                    (System.nanoTime() - started) / 1e9);

            // A shell's background job (mvn test &) starts with SIGINT ignored, and so does the
            // lab it starts: that stays so, as the user's shell asked, and SIGTERM stops it.
            String signal = IgnoredSignals.isIgnored("INT") ? "TERM" : "INT";
            new ProcessBuilder("kill", "-" + signal, Long.toString(lab.pid())).start().waitFor();
            assertThat(lab.waitFor(15, TimeUnit.SECONDS)).as("stopped on SIG" + signal).isTrue();
            String err = new String(lab.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).doesNotContain("Exception", "\tat ");
            assertThat(out.readLine()).isEqualTo("backprop-lab lab: stopped");
        } finally {
            lab.destroyForcibly();
        }
    }
}
