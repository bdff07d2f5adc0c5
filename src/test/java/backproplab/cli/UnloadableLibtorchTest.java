package backproplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Models;
import backproplab.training.CheckpointFiles;
import backproplab.training.RunFolder;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where libtorch cannot load (here: DJL's engine cache is a path under a file, so it cannot
 * extract the library, as a read-only home or a full disk stops it), every command that runs
 * libtorch says so in one line, exit code 1, no stack trace; a command that does not need it
 * still works. Each runs in a JVM of its own, whose libtorch has not loaded yet.
 */
class UnloadableLibtorchTest {

    @TempDir
    static Path dir;

    private static Path run;
    private static Path picture;
    private static Map<String, String> unwritableCache;

    @BeforeAll
    static void aRunAndAPicture() throws IOException {
        run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunFolder.SETTINGS), "{}");
        CheckpointFiles.write(run.resolve(RunFolder.BEST), Models.TINY);
        picture = dir.resolve("seven.png");
        // A stroke of ink: a blank picture is refused before libtorch is needed.
        BufferedImage seven = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 6; y < 22; y++) {
            seven.getRaster().setSample(14, y, 0, 255);
        }
        ImageIO.write(seven, "png", picture.toFile());
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        // ENGINE_CACHE_DIR is where DJL extracts libtorch; DJL_CACHE_DIR its other files.
        unwritableCache = Map.of("ENGINE_CACHE_DIR", file.resolve("engines").toString(),
                "DJL_CACHE_DIR", file.resolve("djl").toString());
    }

    private record Ended(int code, String out, String err) {}

    private static Ended run(String... args) throws Exception {
        Process p = OfflineJvm.start(unwritableCache, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ended(p.exitValue(), out, err);
    }

    @Test
    void everyCommandThatRunsLibtorchSaysSoInOneLine() throws Exception {
        Path out = dir.resolve("out");
        List<String[]> commands = new ArrayList<>(List.of(
                new String[] {"doctor", "--model", "tiny", "--calls", "1"},
                new String[] {"train", "--model", "tiny", "--epochs", "1", "--limit", "300",
                    "--out", out.resolve("train").toString()},
                new String[] {"evaluate", "--run", run.toString(), "--out",
                    out.resolve("evaluate").toString()},
                new String[] {"predict", "--run", run.toString(), picture.toString()},
                new String[] {"inspect", "--run", run.toString(), "--image", picture.toString(),
                    "--out", out.resolve("inspect").toString()}));
        for (String[] command : commands) {
            Ended ended = run(command);
            assertThat(ended.code()).as(String.join(" ", command) + "\n" + ended.err())
                    .isEqualTo(1);
            assertThat(ended.err().strip().lines()).as(ended.err()).hasSize(1);
            assertThat(ended.err()).startsWith("backprop-lab " + command[0] + ": error: libtorch"
                    + " 2.7.1 could not load: ").contains("engines")
                    .doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void aCommandWithoutLibtorchStillWorks() throws Exception {
        Ended ended = run("summary", "--model", "tiny");
        assertThat(ended.code()).as(ended.err()).isZero();
        assertThat(ended.out()).contains("tiny");
    }

    /** The lab's Start answers libtorch's failure, which the page shows, and makes no run. */
    @Test
    void theLabsStartSaysSoOnThePage() throws Exception {
        Path runs = dir.resolve("lab-runs");
        Process lab = OfflineJvm.start(unwritableCache, "serve", "--port", "0", "--runs",
                runs.toString());
        try {
            String line = new BufferedReader(new InputStreamReader(lab.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            URI url = URI.create(line.split("\\s+")[2]);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(url.resolve("/api/train"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tiny\","
                            + " \"epochs\": 1, \"limit\": 300}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
            assertThat(answer.body()).startsWith("{\"error\":\"libtorch 2.7.1 could not load: ")
                    .doesNotContain("Exception", "\\n");
            assertThat(runs).doesNotExist();
        } finally {
            lab.destroyForcibly();
        }
    }
}
