package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import backproplab.IgnoredSignals;
import backproplab.cli.BackpropCommandTest.Run;
import backproplab.testing.ExternalTools;
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
import java.util.Locale;
import java.util.Map;
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
        assumeFalse(ExternalTools.WINDOWS, "Windows has no POSIX signals: serve's stop on"
                + " SIGINT/SIGTERM test skipped");
        Path kill = ExternalTools.require("kill", "serve's stop on SIGINT/SIGTERM test skipped",
                "kill");
        long started = System.nanoTime();
        Path runs = dir.resolve("runs");
        Process lab = serve(Map.of(), "--port", "0", "--runs", runs.toString());
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
            System.out.printf(Locale.ROOT, "serve: process start to first answer %.2f s%n",
                    (System.nanoTime() - started) / 1e9);

            // A shell's background job (mvn test &) starts with SIGINT ignored, and so does the
            // lab it starts: that stays so, as the user's shell asked, and SIGTERM stops it.
            String signal = IgnoredSignals.isIgnored("INT") ? "TERM" : "INT";
            new ProcessBuilder(kill.toString(), "-" + signal, Long.toString(lab.pid())).start()
                    .waitFor();
            assertThat(lab.waitFor(15, TimeUnit.SECONDS)).as("stopped on SIG" + signal).isTrue();
            String err = new String(lab.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).doesNotContain("Exception", "\tat ");
            assertThat(out.readLine()).isEqualTo("backprop-lab lab: stopped");
        } finally {
            lab.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--token=short", "--token=has space", "--token=a/b?c=1&d=2",
        "--token=", "--no-token|--token=long-enough"})
    void aBadTokenGetsOneLine(String bad) {
        Run run = Run.of(("serve|--port|0|" + bad).split("\\|"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("--token").doesNotContain("\tat ", "Exception");
    }

    /**
     * On every address, as a class reaches it: the printed address carries a token, and the lab
     * answers only with it. Reached here through 127.0.0.1 (a wildcard address takes any Host).
     */
    @Test
    void beyondThisMachineThePrintedAddressCarriesTheToken(@TempDir Path dir) throws Exception {
        Process lab = serve(Map.of(), "--host", "0.0.0.0", "--port", "0", "--runs",
                dir.toString(), "--read-only");
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).matches("backprop-lab lab: http://0\\.0\\.0\\.0:\\d+/\\?token="
                    + "[A-Za-z0-9_-]{32}  \\(Ctrl-C stops it\\)");
            assertThat(out.readLine()).endsWith(", read-only: nobody can train, stop or resume"
                    + " from the pages");
            URI printed = URI.create(line.split("\\s+")[2].replace("0.0.0.0", "127.0.0.1"));
            HttpClient http = HttpClient.newHttpClient();
            URI api = printed.resolve("/api/runs");
            assertThat(http.send(HttpRequest.newBuilder(api).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "?"
                    + printed.getQuery())).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        } finally {
            lab.destroyForcibly();
        }
    }

    @Test
    void withoutATokenBeyondThisMachineAWarningSaysWhoCanTrain(@TempDir Path dir)
            throws Exception {
        Process lab = serve(Map.of(), "--host", "0.0.0.0", "--port", "0", "--runs",
                dir.toString(), "--no-token");
        try {
            BufferedReader err = new BufferedReader(
                    new InputStreamReader(lab.getErrorStream(), StandardCharsets.UTF_8));
            assertThat(err.readLine()).matches("backprop-lab serve: warning: --no-token: anyone"
                    + " who can reach port \\d+ can train, stop and resume runs in .*");
            String line = new BufferedReader(new InputStreamReader(lab.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(line).doesNotContain("token");
        } finally {
            lab.destroyForcibly();
        }
    }

    /**
     * The lab's data folder lacks a file and there is no network (a proxy nobody listens on
     * stands for one): the page's call says which file and why, in one line.
     */
    @Test
    void aDataFolderLackingAFileIsNamedWithTheDownloadsReason(@TempDir Path home)
            throws Exception {
        Path data = MissingMnistTest.folder(home.resolve("data").resolve("mnist"));
        Process lab = serve(Map.of("BACKPROP_LAB_HOME", home.toString()), "--port", "0",
                "--runs", home.resolve("runs").toString());
        try {
            String line = new BufferedReader(new InputStreamReader(lab.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            URI url = URI.create(line.split("\\s+")[2]);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    url.resolve("/api/cnn/runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body().strip().lines()).hasSize(1);
            assertThat(answer.body()).startsWith("{\"error\":\"" + MissingMnistTest.refusal(data));
        } finally {
            lab.destroyForcibly();
        }
    }

    /** {@code backprop-lab serve ARGS}, as from the shell. */
    private static Process serve(Map<String, String> env, String... args) throws Exception {
        String[] serve = new String[args.length + 1];
        serve[0] = "serve";
        System.arraycopy(args, 0, serve, 1, args.length);
        return OfflineJvm.start(env, serve);
    }
}
