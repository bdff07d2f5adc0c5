package backproplab.lab;

import static backproplab.lab.LabHttp.error;
import static backproplab.lab.LabHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Architecture;
import backproplab.model.Models;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The design page's API over real HTTP: summary's numbers as typed, hints, files kept. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DesignApiTest {

    private Path root;
    private Path runs;
    private LabServer server;

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("lab-design-api-");
        runs = Files.createDirectories(root.resolve("runs"));
        server = LabServer.start("127.0.0.1", 0, runs, root.resolve("no-mnist"),
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() throws IOException {
        LabBrowser.closeAll(null, server, root);
    }

    @Test
    void aModelAsTypedHasSummarysNumbersBudgetsAndTheHintsThatApply() throws Exception {
        JsonObject lean = design(Models.LEAN.text());
        Architecture arch = Models.LEAN.architecture();
        JsonArray layers = lean.getAsJsonArray("layers");
        assertThat(layers).hasSize(arch.layers().size());
        for (int i = 0; i < layers.size(); i++) {
            JsonObject row = layers.get(i).getAsJsonObject();
            Architecture.Layer l = arch.layers().get(i);
            assertThat(row.get("shape").getAsString()).isEqualTo(l.outputShape());
            assertThat(row.get("receptiveField").getAsInt()).isEqualTo(l.receptiveField());
            assertThat(row.get("parameters").getAsLong()).isEqualTo(l.parameters());
            assertThat(row.get("macs").getAsLong()).isEqualTo(l.macs());
        }
        assertThat(layers.get(0).getAsJsonObject().get("line").getAsInt()).isEqualTo(3);
        assertThat(lean.get("parameters").getAsLong()).isEqualTo(7_864);
        assertThat(lean.getAsJsonArray("budgets").toString())
                .isEqualTo("[{\"limit\":20000,\"within\":true},{\"limit\":8000,\"within\":true}]");
        String hints = lean.getAsJsonArray("hints").toString();
        assertThat(hints).contains("first transition is here, at a receptive field of 6x6",
                "1x1 convolution mixes channels and does not grow the receptive field");
        assertThat(hints).doesNotContain("smaller than a digit");

        // Its convolutions see 16x16 px before the average: the hint, on the last one's line.
        JsonObject small = design("nn.Conv2d(1, 8, 3)\nnn.MaxPool2d(2)\nnn.Conv2d(8, 10, 3)\n"
                + "nn.Conv2d(10, 10, 3)\nnn.Conv2d(10, 10, 3)\nnn.AdaptiveAvgPool2d(1)\n"
                + "nn.Flatten()\nnn.LogSoftmax(dim=1)\n");
        assertThat(small.getAsJsonArray("hints").toString()).contains("\"line\":5",
                "is 16x16 px, smaller than a digit");

        JsonObject wrong = design("nn.Conv2d(1, 8, 3)\nnn.ReLU()\nnn.Conv2d(16, 12, 3)\n");
        JsonObject error = wrong.getAsJsonObject("error");
        assertThat(error.get("line").getAsInt()).isEqualTo(3);
        assertThat(error.get("column").getAsInt()).isEqualTo(1);
        assertThat(error.get("problem").getAsString()).isEqualTo("the layer before gives 8"
                + " channels");
        assertThat(wrong.getAsJsonArray("layers")).isEmpty();
    }

    /**
     * A class pasted as it is in the notebook: its table, each row at the class's own line,
     * its stages the # comments above the blocks, or a block's attribute name without one.
     */
    @Test
    void aPastedClassHasItsTableAtItsOwnLines() throws Exception {
        String text = Files.readString(Path.of("src", "test", "resources", "python",
                "blocks.py"));
        List<String> lines = text.lines().toList();
        JsonObject design = design(text);
        assertThat(design.has("error")).as(design.toString()).isFalse();
        // 3x3 convolutions 1>16, 16>32, 10>16 and 1x1 32>10, 16>10, no bias; four batch norms.
        assertThat(design.get("parameters").getAsLong()).isEqualTo(9 * 16 + 9 * 16 * 32
                + 32 * 10 + 9 * 10 * 16 + 16 * 10 + 2 * (16 + 32 + 16));
        JsonArray rows = design.getAsJsonArray("layers");
        List<String> written = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            written.add(lines.get(row.get("line").getAsInt() - 1).strip());
            stages.add(row.get("stage").getAsString());
        }
        assertThat(written.get(0)).startsWith("nn.Conv2d(in_channels=1, out_channels=16");
        assertThat(written.get(4)).startsWith("nn.Conv2d(in_channels=16, out_channels=32");
        assertThat(written).contains("self.pool1 = nn.MaxPool2d(2, 2) # output_size = 12",
                "nn.AvgPool2d(kernel_size=10)");
        assertThat(stages).containsSubsequence("Input Block", "CONVOLUTION BLOCK 1",
                "TRANSITION BLOCK 1", "convblock4", "OUTPUT BLOCK");

        // A class of the models folder, opened and saved as a model file of its own: listed
        // by the train form as the class it holds.
        Files.writeString(Files.createDirectories(root.resolve("models")).resolve("blocks.py"),
                text);
        String kept = json(send("GET", "/api/models/blocks.py/Net", null), 200).get("text")
                .getAsString();
        assertThat(kept).startsWith("# class Net of blocks.py, as backprop-lab read it\n");
        JsonObject saved = json(send("PUT", "/api/models/my-blocks-Net.txt", body(kept)), 200);
        assertThat(saved.getAsJsonObject("design").get("parameters").getAsLong())
                .isEqualTo(design.get("parameters").getAsLong());
        String form = LabHttp.send(server, "GET", "/api/train/form", null, null).body();
        assertThat(form).contains("\"id\":\"blocks.py:Net\"", "\"id\":\"my-blocks-Net.txt\","
                + "\"description\":\"class Net of blocks.py\"");

        // Two classes pasted: which one to show is said, not guessed.
        JsonObject two = design(text + "\n\nclass Other(nn.Module):\n    def __init__(self):\n"
                + "        super().__init__()\n        self.fc = nn.Linear(784, 10)\n\n"
                + "    def forward(self, x):\n        return self.fc(x.view(-1, 784))\n");
        assertThat(two.getAsJsonObject("error").get("message").getAsString())
                .isEqualTo("my-net.txt holds 2 model classes, Net, Other: a model's text holds"
                        + " one; remove the others");
    }

    @Test
    void modelFilesAreReadAndSavedInTheModelsFolderOnly() throws Exception {
        assertThat(json(send("GET", "/api/models/lean", null), 200).get("text").getAsString())
                .isEqualTo(Models.LEAN.text());
        String draft = "# Block 1\nnn.Conv2d(1, 8, 3\n";
        JsonObject saved = json(send("PUT", "/api/models/draft.txt", body(draft)), 200);
        assertThat(saved.getAsJsonObject("design").getAsJsonObject("error").get("problem")
                .getAsString()).contains("missing ')'");
        Path file = root.resolve("models").resolve("draft.txt");
        assertThat(Files.readString(file)).as("a draft is kept as typed").isEqualTo(draft);
        assertThat(json(send("GET", "/api/models/draft.txt", null), 200).get("text")
                .getAsString()).isEqualTo(draft);

        // The review's: a second design saved under the same name replaced the first unasked.
        String other = "nn.Conv2d(1, 10, 26)\nnn.Flatten()\nnn.LogSoftmax(dim=1)\n";
        assertThat(error(send("PUT", "/api/models/draft.txt", body(other)), 409))
                .isEqualTo("models/draft.txt exists: Save again to replace it, or choose another"
                        + " name");
        assertThat(Files.readString(file)).as("kept").isEqualTo(draft);
        JsonObject replace = new JsonObject();
        replace.addProperty("text", other);
        replace.addProperty("replace", "yes");
        json(send("PUT", "/api/models/draft.txt", replace.toString()), 200);
        assertThat(Files.readString(file)).as("replaced when asked").isEqualTo(other);

        assertThat(error(send("PUT", "/api/models/lean.txt", body(draft)), 400))
                .contains("a built-in model's name");
        assertThat(error(send("PUT", "/api/models/draft.md", body(draft)), 400))
                .contains("model file name");
        assertThat(error(send("PUT", "/api/models/big.txt", body("#".repeat(300_000))), 400))
                .contains("at most 256 KB");
        assertThat(Files.exists(root.resolve("models").resolve("big.txt"))).isFalse();
        assertThat(error(send("GET", "/api/models/none.txt", null), 404))
                .contains("no model file none.txt");
    }

    @Test
    void aRunsModelIsWhereTheNextAttemptStarts() throws Exception {
        RunFolders.write(runs.resolve("tried"), 2, 0.98, 0.99);
        assertThat(json(send("GET", "/api/runs/tried/model", null), 200).get("text")
                .getAsString()).isEqualTo(Models.TINY.text());
    }

    private JsonObject design(String text) throws Exception {
        JsonObject body = new JsonObject();
        body.add("text", new JsonPrimitive(text));
        body.add("name", new JsonPrimitive("my-net.txt"));
        return json(send("POST", "/api/design", body.toString()), 200);
    }

    private static String body(String text) {
        JsonObject body = new JsonObject();
        body.add("text", new JsonPrimitive(text));
        return body.toString();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return LabHttp.send(server, method, path, body, body == null ? null : "application/json");
    }
}
