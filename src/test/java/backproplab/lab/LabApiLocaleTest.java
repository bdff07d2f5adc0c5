package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.Locales;
import backproplab.testing.SmallMnist;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's answers, the workbook it serves and the model files it saves are the same whatever
 * the JVM's default locale: its pages read numbers from them.
 */
@Tag("locale")
class LabApiLocaleTest {

    @TempDir
    static Path root;
    private static LabServer server;
    private static Path runs;

    @BeforeAll
    static void start() throws IOException {
        runs = Files.createDirectories(root.resolve("runs"));
        // Accuracies whose percentages have decimals, a learning rate with an exponent.
        RunFolders.write(runs.resolve("tiny-a"), 4, 0.9812, 0.99456, 0.9931);
        RunFolders.learningRate(runs.resolve("tiny-a"), 1.5e-5);
        RunFolders.write(runs.resolve("tiny-b"), 3, 0.9705, 0.9911);
        Files.writeString(runs.resolve("tiny-a").resolve("notes.md"),
                "## target\n\nBeat 99.4%\n## ANALYSIS\n\nToo slow.\n");
        server = LabServer.start("127.0.0.1", 0, runs, SmallMnist.write(root.resolve("mnist"),
                600, 100), new PrintStream(OutputStream.nullOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theApiAnswersAndWritesTheSameInEveryLocale() throws Exception {
        // Few iterations: each locale computes the sweep and the workbook anew.
        String fewer = LabHttp.send(server, "GET", "/api/backprop/defaults", null, null).body()
                .replaceAll("\"iterations\":\"[0-9]+\"", "\"iterations\":\"5\"");
        Map<String, String> english = Locales.sameInEvery(() -> {
            Map<String, String> answers = new TreeMap<>();
            for (String path : List.of("/api/backprop/defaults", "/api/backprop/examples",
                    "/api/runs", "/api/runs/tiny-a", "/api/runs/tiny-a/notes",
                    "/api/compare?runs=tiny-a,tiny-b", "/api/train/form", "/api/models/tiny")) {
                answers.put("GET " + path, answer(LabHttp.send(server, "GET", path, null,
                        null)));
            }
            answers.put("POST /api/backprop/sweep", answer(LabHttp.send(server, "POST",
                    "/api/backprop/sweep", fewer, "application/json")));
            JsonObject design = new JsonObject();
            design.add("text", new JsonPrimitive(Files.readString(Path.of("src", "main",
                    "resources", "models", "lean.txt"))));
            design.add("name", new JsonPrimitive("mine.txt"));
            answers.put("POST /api/design", answer(LabHttp.send(server, "POST", "/api/design",
                    design.toString(), "application/json")));
            answers.put("PUT /api/models/mine.txt", answer(LabHttp.send(server, "PUT",
                    "/api/models/mine.txt", design.toString(), "application/json")));
            answers.put("models/mine.txt", Files.readString(runs.resolveSibling("models")
                    .resolve("mine.txt")));
            answers.put("PUT /api/runs/tiny-b/notes", answer(LabHttp.send(server, "PUT",
                    "/api/runs/tiny-b/notes", "{\"target\": \"99.4%\", \"results\":"
                    + " \"0.9911\", \"analysis\": \"\"}", "application/json")));
            answers.put("tiny-b/notes.md", Files.readString(runs.resolve("tiny-b")
                    .resolve("notes.md")));
            answers.put("GET /api/backprop/workbook", workbook());
            // As they were: the next locale's answers list the same files.
            Files.delete(runs.resolveSibling("models").resolve("mine.txt"));
            Files.delete(runs.resolve("tiny-b").resolve("notes.md"));
            return answers;
        });
        assertThat(english).allSatisfy((request, answer) -> assertThat(answer)
                .as(request).doesNotStartWith("4").doesNotStartWith("5"));
        assertThat(english.get("GET /api/runs/tiny-a/notes")).contains("Beat 99.4%",
                "Too slow.");
        assertThat(english.get("GET /api/compare?runs=tiny-a,tiny-b")).contains("\"bestAccuracy\":0.99456");
    }

    private static String answer(HttpResponse<String> response) {
        return response.statusCode() + " " + response.body();
    }

    /** The workbook the backprop page downloads, as the text of its parts. */
    private static String workbook() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port()
                        + "/api/backprop/workbook?iterations=3&rates=0.5,2")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Path dir = Files.createTempDirectory(root, "workbook");
        Files.write(dir.resolve("lab.xlsx"), response.body());
        return response.statusCode() + " " + Locales.files(dir).get("lab.xlsx");
    }
}
