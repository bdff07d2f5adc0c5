package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import backproplab.journal.NotesFile;
import backproplab.model.Models;
import backproplab.testing.SmallMnist;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.TrainSettings;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The notes and comparison API over real HTTP, on run folders written without training. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Path root;
    private Path runs;
    private LabServer server;

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("lab-journal-api-");
        runs = Files.createDirectories(root.resolve("runs"));
        // A few test digits: a report evaluates its runs' models on them.
        server = LabServer.start("127.0.0.1", 0, runs, SmallMnist.write(root.resolve("mnist"),
                600, 100), new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() throws IOException {
        LabBrowser.closeAll(null, server, root);
    }

    @Test
    void notesStartFromTheRunsFiguresAndAreSavedAsTheRunsNotesFile() throws Exception {
        Path run = RunFolders.write(runs.resolve("noted"), 3, 0.990, 0.995, 0.993);

        JsonObject fresh = LabHttp.json(send("GET", "/api/runs/noted/notes", null, null), 200);
        assertThat(fresh.get("prefilled").getAsBoolean()).isTrue();
        assertThat(fresh.get("target").getAsString()).isEmpty();
        assertThat(fresh.get("results").getAsString())
                .contains("99.50% (epoch 2 of 3)", "at or above 99.4%: 2");
        assertThat(Files.exists(run.resolve(NotesFile.NAME))).as("GET writes nothing").isFalse();

        String body = "{\"target\": \"Reach 99.4% by epoch 2\", \"results\": \"99.5%\","
                + " \"analysis\": \"Lucky? é ✓\\nTry seed 2.\"}";
        JsonObject saved = LabHttp.json(send("PUT", "/api/runs/noted/notes", body, "application/json"),
                200);
        assertThat(saved.get("prefilled").getAsBoolean()).isFalse();
        assertThat(saved.get("analysis").getAsString()).isEqualTo("Lucky? é ✓\nTry seed 2.");
        assertThat(Files.readString(run.resolve(NotesFile.NAME)))
                .contains("## Target\n\nReach 99.4% by epoch 2\n", "## Analysis\n\nLucky? é ✓");
        JsonObject again = LabHttp.json(send("GET", "/api/runs/noted/notes", null, null), 200);
        assertThat(again).isEqualTo(saved);
    }

    @Test
    void badNotesAreRefusedInOneLineAndLeaveTheFileAsItWas() throws Exception {
        Path run = RunFolders.write(runs.resolve("refusing"), 3, 0.99);
        Files.writeString(run.resolve(NotesFile.NAME), "## Target\nkept\n");
        String ok = "{\"target\": \"t\", \"results\": \"r\", \"analysis\": \"a\"}";

        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes", ok, "text/plain"), 400))
                .contains("application/json");
        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes", ok, null), 400))
                .contains("application/json");
        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes",
                "{\"target\": \"t\", \"results\": \"r\"}", "application/json"), 400))
                .isEqualTo("analysis: missing");
        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes", "{\"target\": \"t\","
                + " \"results\": \"r\", \"analysis\": \"a\", \"mood\": \"good\"}",
                "application/json"), 400)).isEqualTo("unknown field(s) [mood]; known: [analysis,"
                + " results, target]");
        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes", "{\"target\": \""
                + "x".repeat(64 * 1024 + 1) + "\", \"results\": \"\", \"analysis\": \"\"}",
                "application/json"), 400)).isEqualTo("target: 65,537 bytes; at most 64 KB");
        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes", "{\"target\": \"t\\n## Results"
                + "\", \"results\": \"\", \"analysis\": \"\"}", "application/json"), 400))
                .startsWith("target: the line '## Results' would start a section");
        assertThat(LabHttp.error(send("PUT", "/api/runs/refusing/notes", "{\"target\": ", 
                "application/json"), 400)).startsWith("malformed JSON");
        assertThat(Files.readString(run.resolve(NotesFile.NAME))).isEqualTo("## Target\nkept\n");

        assertThat(LabHttp.error(send("PUT", "/api/runs/missing/notes", ok, "application/json"), 404))
                .isEqualTo("no run 'missing' in " + runs);
        assertThat(LabHttp.error(send("GET", "/api/runs/missing/notes", null, null), 404))
                .isEqualTo("no run 'missing' in " + runs);
        Path notRun = Files.createDirectories(runs.resolve("not-a-run"));
        assertThat(LabHttp.error(send("PUT", "/api/runs/not-a-run/notes", ok, "application/json"), 404))
                .contains("has no settings.json");
        assertThat(Files.list(notRun)).isEmpty();
    }

    @Test
    void runsAreComparedByTheirFiguresTheSettingsThatDifferAndTheirCurves() throws Exception {
        TrainSettings base = new TrainSettings("tiny", Models.TINY.recipe().withEpochs(2), 1, 1,
                "data/mnist", 0, 0);
        TrainSettings faster = new TrainSettings("tiny", Models.TINY.recipe().toBuilder()
                .epochs(2).learningRate(0.05f).build(), 1, 1, "data/mnist", 0, 0);
        RunFolders.write(runs.resolve("cmp-a"), base, List.of(
                new EpochMetrics(1, 0.4, 0.9, 0.2, 0.95, null, 0.05, 3, 1),
                new EpochMetrics(2, 0.3, 0.95, 0.1, 0.97, null, 0.04, 3, 1)));
        RunFolders.write(runs.resolve("cmp-b"), faster, List.of(
                new EpochMetrics(1, 0.4, 0.9, 0.15, 0.96, null, 0.2, 5, 1)));

        JsonObject c = LabHttp.json(send("GET", "/api/compare?runs=cmp-a,cmp-b", null, null), 200);
        assertThat(c.get("target").getAsDouble()).isEqualTo(99.4);
        JsonArray compared = c.getAsJsonArray("runs");
        assertThat(compared).hasSize(2);
        JsonObject a = compared.get(0).getAsJsonObject();
        assertThat(a.get("run").getAsString()).isEqualTo("cmp-a");
        assertThat(a.get("parameters").getAsLong()).isEqualTo(4596);
        assertThat(a.get("bestAccuracy").getAsDouble()).isEqualTo(0.97);
        assertThat(a.get("secondsPerEpoch").getAsDouble()).isEqualTo(4);
        assertThat(a.has("firstAtTarget")).as("none: left out").isFalse();
        assertThat(compared.get(1).getAsJsonObject().get("epochs").getAsInt()).isEqualTo(1);
        assertThat(c.getAsJsonArray("differences")).isEqualTo(JsonParser.parseString(
                "[{\"field\": \"lr\", \"option\": \"--lr\", \"values\": [\""
                        + Models.TINY.recipe().learningRate() + "\", \"0.05\"]}]"));
        JsonObject series = c.getAsJsonArray("series").get(0).getAsJsonObject();
        assertThat(series).isEqualTo(JsonParser.parseString("{\"run\": \"cmp-a\", \"epoch\":"
                + " [1, 2], \"testAccuracy\": [0.95, 0.97], \"testLoss\": [0.2, 0.1],"
                + " \"learningRate\": [0.05, 0.04]}"));

        assertThat(LabHttp.error(send("GET", "/api/compare?runs=cmp-a,nope", null, null), 404))
                .isEqualTo("no run 'nope' in " + runs);
        assertThat(LabHttp.error(send("GET", "/api/compare?runs=cmp-a,cmp-a", null, null), 400))
                .isEqualTo("runs: cmp-a is listed twice");
        assertThat(LabHttp.error(send("GET", "/api/compare?runs=cmp-a,,cmp-b", null, null), 400))
                .startsWith("runs: an empty name");
        assertThat(LabHttp.error(send("GET", "/api/compare", null, null), 400))
                .startsWith("runs: name the runs to compare");
        RunFolders.write(runs.resolve("cmp-new"), 2);
        assertThat(LabHttp.error(send("GET", "/api/compare?runs=cmp-a,cmp-new", null, null), 400))
                .endsWith("cmp-new has not finished an epoch yet");
    }

    /**
     * The report of runs named in the body, in a new folder of reports/ beside the runs folder
     * each time; runs that cannot be reported are refused before any folder is made.
     */
    @Test
    void aReportIsWrittenIntoANewFolderBesideTheRunsFolder() throws Exception {
        for (String name : List.of("rep-a", "rep-b")) {
            Files.copy(TinyRun.best(), RunFolders.write(runs.resolve(name), 2, 0.98, 0.99)
                    .resolve(RunFolder.BEST));
        }
        Files.writeString(runs.resolve("rep-a").resolve(NotesFile.NAME),
                "## Target\n\nBeat 99%\n");
        Path reports = root.resolve("reports").toAbsolutePath().normalize();
        String both = "{\"runs\": [\"rep-a\", \"rep-b\"]}";

        JsonObject first = LabHttp.json(send("POST", "/api/report", both, "application/json"), 200);
        Path readme = Path.of(first.get("readme").getAsString());
        assertThat(Path.of(first.get("folder").getAsString())).isEqualTo(readme.getParent());
        assertThat(readme.getParent().getParent()).isEqualTo(reports);
        assertThat(readme.getParent().getFileName().toString()).matches("REPORT-\\d{8}-\\d{6}");
        assertThat(readme).content().contains("rep-a", "rep-b", "Beat 99%");
        assertThat(readme.resolveSibling("rep-b")).isDirectory();
        // Within the same second or not, the next report has a folder of its own.
        JsonObject second = LabHttp.json(send("POST", "/api/report", both, "application/json"),
                200);
        assertThat(second.get("folder").getAsString()).isNotEqualTo(first.get("folder")
                .getAsString());
        assertThat(Path.of(second.get("readme").getAsString())).isRegularFile();

        RunFolders.write(runs.resolve("rep-untrained"), 2, 0.98);
        assertThat(LabHttp.error(send("POST", "/api/report", "{\"runs\": [\"rep-a\","
                + " \"rep-untrained\"]}", "application/json"), 400)).endsWith("has no best.ckpt");
        assertThat(LabHttp.error(send("POST", "/api/report", "{\"runs\": [\"rep-a\", \"nope\"]}",
                "application/json"), 404)).isEqualTo("no run 'nope' in " + runs);
        assertThat(LabHttp.error(send("POST", "/api/report", "{\"runs\": []}",
                "application/json"), 400)).startsWith("runs: the names of the runs to report");
        assertThat(LabHttp.error(send("POST", "/api/report", "{\"runs\": \"rep-a\"}",
                "application/json"), 400)).startsWith("runs: the names of the runs to report");
        assertThat(LabHttp.error(send("POST", "/api/report", "{\"runs\": [\"rep-a\"],"
                + " \"to\": \"/tmp\"}", "application/json"), 400))
                .isEqualTo("unknown field(s) [to]; known: [runs]");
        assertThat(LabHttp.error(send("POST", "/api/report", both, "text/plain"), 400))
                .contains("application/json");
        try (var listed = Files.list(reports)) {
            assertThat(listed).as("only the two reports written").hasSize(2);
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String type)
            throws Exception {
        return LabHttp.send(server, method, path, body, type);
    }
}
