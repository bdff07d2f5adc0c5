package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import backproplab.inspect.EvaluatedDigits;
import backproplab.inspect.TinyRun;
import backproplab.model.Architecture.Layer;
import backproplab.model.Models;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The CNN page's API over HTTP, with the shared tiny run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CnnApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LabServer server;
    private String run;
    private EvaluatedDigits evaluated;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        Path folder = TinyRun.folder();
        run = folder.getFileName().toString();
        evaluated = EvaluatedDigits.of(TinyRun.best(), 20);
        server = LabServer.start("127.0.0.1", 0, folder.getParent(), Path.of("data", "mnist"),
                new PrintStream(OutputStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theRunIsListedWithItsModel() throws Exception {
        JsonObject body = json(get("/api/cnn/runs"), 200);
        assertThat(body.get("testDigits").getAsInt()).isEqualTo(10000);
        JsonObject listed = body.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertThat(listed.get("name").getAsString()).isEqualTo(run);
        assertThat(listed.get("model").getAsString()).isEqualTo("tiny");
    }

    @Test
    void testDigitsArePredictedAsEvaluateDoesWithEveryConvolutionsChannels() throws Exception {
        List<Layer> convolutions = Models.TINY.architecture().layers().stream()
                .filter(Layer::isConvolution).toList();
        for (int i = 0; i < 20; i++) {
            JsonObject view = json(get("/api/cnn/runs/" + run + "/test/" + i), 200);
            assertThat(view.get("predicted").getAsInt()).isEqualTo(evaluated.predictions()[i]);
            assertThat(view.get("label").getAsInt()).isEqualTo(evaluated.digits().label(i));
            double sum = 0;
            for (JsonElement p : view.getAsJsonArray("probabilities")) {
                sum += p.getAsDouble();
            }
            assertThat(sum).isCloseTo(1, within(1e-5));
            JsonArray maps = view.getAsJsonArray("maps");
            assertThat(maps).hasSize(convolutions.size());
            for (int m = 0; m < maps.size(); m++) {
                JsonObject map = maps.get(m).getAsJsonObject();
                Layer conv = convolutions.get(m);
                assertThat(map.get("channels").getAsInt()).isEqualTo(conv.channels());
                assertThat(map.get("stage").getAsString()).isEqualTo(conv.stage());
                assertThat(Base64.getDecoder().decode(map.get("grey").getAsString()))
                        .hasSize(conv.channels() * conv.height() * conv.width());
                assertThat(map.get("rf").getAsInt()).isEqualTo(conv.receptiveField());
            }
        }
    }

    @Test
    void aDrawingIsPreparedAndPredictedLikeTheSameTestDigit() throws Exception {
        Path png = evaluated.writePng(3, dir.resolve("three.png"));
        JsonObject drawn = json(post(run, Files.readAllBytes(png)), 200);
        JsonObject test = json(get("/api/cnn/runs/" + run + "/test/3"), 200);
        assertThat(drawn.get("input")).isEqualTo(test.get("input"));
        assertThat(drawn.get("probabilities")).isEqualTo(test.get("probabilities"));
        assertThat(drawn.has("label")).as("a drawing has no label").isFalse();
    }

    @Test
    void badRequestsGetOneLine() throws Exception {
        assertThat(json(get("/api/cnn/runs/" + run + "/test/10000"), 400).get("error")
                .getAsString()).isEqualTo("index: 10000 is not a test digit (0 to 9999)");
        assertThat(json(get("/api/cnn/runs/" + run + "/test/x"), 400).get("error")
                .getAsString()).isEqualTo("index: expected a whole number, got x");
        assertThat(json(get("/api/cnn/runs/no-such-run/test/1"), 404).get("error")
                .getAsString()).startsWith("no such run");
        assertThat(json(post(run, new byte[0]), 400).get("error").getAsString())
                .contains("PNG or JPEG");
        assertThat(json(post(run, "not a picture".getBytes(StandardCharsets.UTF_8)), 400)
                .get("error").getAsString())
                .isEqualTo("the image is not a PNG or JPEG");
        assertThat(json(get("/api/cnn/runs/..%2F..%2Fetc/test/1"), 400).get("error")
                .getAsString()).startsWith("bad path");
    }

    /**
     * 100 drawings must not leave native arrays or Java objects behind: the process's resident
     * memory and the heap after a collection stay put (generous margins: the JIT, Jetty's
     * buffers and libtorch's allocator caches move a little on their own).
     */
    @Test
    void memoryDoesNotGrowAcrossOneHundredPredictions() throws Exception {
        byte[] png = Files.readAllBytes(evaluated.writePng(5, dir.resolve("five.png")));
        for (int i = 0; i < 20; i++) {
            json(post(run, png), 200);
        }
        long[] before = memory();
        for (int i = 0; i < 100; i++) {
            json(post(run, png), 200);
        }
        long[] after = memory();
        System.out.printf(Locale.ROOT,
                "100 predictions: heap after GC %d -> %d MB, RSS %d -> %d MB%n",
                before[0] >> 20, after[0] >> 20, before[1] >> 20, after[1] >> 20);
        assertThat(after[0] - before[0]).as("heap growth").isLessThan(32L << 20);
        assumeTrue(Files.isReadable(PROC_STATUS), "no " + PROC_STATUS + " (Linux's) on this OS:"
                + " the resident set's growth is not checked");
        assertThat(after[1] - before[1]).as("RSS growth").isLessThan(64L << 20);
    }

    /** Where Linux tells a process its resident set size. */
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    /** {heap used after GC, resident set size in bytes, or -1 without /proc}. */
    private static long[] memory() throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long rss = !Files.isReadable(PROC_STATUS) ? -1 : Files.readAllLines(PROC_STATUS).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst()
                .orElseThrow();
        return new long[] {heap, rss};
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String runName, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/cnn/runs/" + runName + "/drawing"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
