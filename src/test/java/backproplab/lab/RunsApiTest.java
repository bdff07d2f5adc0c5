package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import backproplab.InvalidInputException;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.lab.runs.RunStatus;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.testing.SmallMnist;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.RunSummary;
import backproplab.training.TrainSettings;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The runs API over real HTTP: run folders read as data, the train form's rules, live training. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsApiTest {

    private static final Gson GSON = new Gson();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path root;
    private Path runs;
    private Path data;
    private LabServer server;

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("lab-runs-api-");
        runs = Files.createDirectories(root.resolve("runs"));
        data = SmallMnist.write(root.resolve("mnist"), 640, 300);
        // The engine loaded here, as a page that shows a run's verdicts first loads it on a
        // server thread: training must not depend on loading it on its own thread.
        Engine.getInstance();
        server = LabServer.start("127.0.0.1", 0, runs, data,
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        LabBrowser.deleteTree(root);
    }

    /** Run folders of every kind, finished to broken, listed by a lab of their own. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EveryKindOfRunFolder {

        private Path folders;
        private LabServer listing;

        @BeforeAll
        void write() throws IOException {
            folders = Files.createDirectories(root.resolve("listed"));
            listing = LabServer.start("127.0.0.1", 0, folders, data,
                    new PrintStream(PrintStream.nullOutputStream(), true,
                            StandardCharsets.UTF_8));
            // Accuracies chosen so that best, last and the first epoch at 99.4% all differ.
            RunFolders.write(folders.resolve("finished"), 3, 0.990, 0.995, 0.993);
            RunFolders.write(folders.resolve("interrupted"), 5, 0.980, 0.985);
            RunFolders.write(folders.resolve("running"), 3, 0.991);
            Files.createDirectories(folders.resolve("empty"));
            Files.writeString(RunFolders.write(folders.resolve("bad-settings"), 3, 0.9)
                    .resolve(RunFolder.SETTINGS), "{\"model\": \"tiny\", ");
            Files.writeString(RunFolders.write(folders.resolve("half-metrics"), 3, 0.9)
                    .resolve("metrics.json"), "[{\"epoch\": 1, \"trainLoss\"");
            Files.writeString(RunFolders.write(folders.resolve("bad-recipe"), 3, 0.9)
                    .resolve(RunFolder.SETTINGS), Files.readString(folders.resolve("finished")
                    .resolve(RunFolder.SETTINGS)).replace("\"epochs\": 3", "\"epochs\": -3"));
        }

        @AfterAll
        void close() {
            listing.close();
        }

        private JsonObject listed() throws Exception {
            return json(get(listing, "/api/runs"), 200).getAsJsonObject();
        }

        private JsonObject run(String name) throws Exception {
            return byName(listed().getAsJsonArray("runs"), name);
        }

        @Test
        void everyFolderIsListedWithoutFailing() throws Exception {
            JsonObject answer = listed();
            assertThat(answer.get("folder").getAsString())
                    .isEqualTo(folders.toAbsolutePath().normalize().toString());
            assertThat(names(answer.getAsJsonArray("runs"))).containsExactlyInAnyOrder(
                    "finished", "interrupted", "running", "empty", "bad-settings",
                    "half-metrics", "bad-recipe");
        }

        @Test
        void aFinishedRunShowsItsBestItsLastAndItsFirstEpochAtTheTarget() throws Exception {
            JsonObject answer = listed();
            JsonObject finished = byName(answer.getAsJsonArray("runs"), "finished");
            assertThat(finished.get("status").getAsString()).isEqualTo("finished");
            assertThat(finished.get("bestAccuracy").getAsDouble()).isEqualTo(0.995);
            assertThat(finished.get("lastAccuracy").getAsDouble()).isEqualTo(0.993);
            assertThat(finished.get("firstAtTarget").getAsInt()).isEqualTo(2);
            // The target the pages show comes from the one the CLI uses, as written.
            assertThat(answer.get("target").getAsDouble()).isEqualTo(99.4)
                    .isEqualTo(Math.round(RunSummary.TARGET * 1000) / 10.0);
            assertThat(finished.get("target").getAsDouble()).isEqualTo(99.4);
            assertThat(finished.get("model").getAsString()).isEqualTo("tiny");
            // The README's count of tiny's parameters.
            assertThat(finished.get("parameters").getAsLong()).isEqualTo(4596);
        }

        @Test
        void anInterruptedRunShowsTheEpochsItDidAndNoFirstEpochAtTheTarget() throws Exception {
            JsonObject interrupted = run("interrupted");
            assertThat(interrupted.get("status").getAsString()).isEqualTo("interrupted");
            assertThat(interrupted.has("firstAtTarget")).isFalse();
            assertThat(interrupted.get("done").getAsInt()).isEqualTo(2);
        }

        @Test
        void aRunLockedByAnotherProcessIsRunningUntilThatProcessEnds() throws Exception {
            try (LockHolder lock = new LockHolder(folders.resolve("running")
                    .resolve(RunStatus.LOCK))) {
                assertThat(run("running").get("status").getAsString()).isEqualTo("running");
            }
            // The other process has ended: its lock went with it.
            assertThat(json(get(listing, "/api/runs/running"), 200).getAsJsonObject()
                    .get("status").getAsString()).isEqualTo("interrupted");
        }

        @Test
        void aBrokenFolderSaysWhatIsWrongInOneShortSentence() throws Exception {
            JsonArray list = listed().getAsJsonArray("runs");
            assertThat(byName(list, "empty").get("problem").getAsString())
                    .contains("no settings.json");
            assertThat(byName(list, "bad-settings").get("problem").getAsString())
                    .contains("settings.json is not valid JSON");
            assertThat(byName(list, "half-metrics").get("problem").getAsString())
                    .contains("metrics.json cannot be read");
            assertThat(byName(list, "bad-recipe").get("problem").getAsString())
                    .contains("--epochs: must be between 1 and");
            for (String broken : List.of("empty", "bad-settings", "half-metrics", "bad-recipe")) {
                assertThat(byName(list, broken).get("status").getAsString())
                        .as(broken).isEqualTo("broken");
                // One short sentence for a learner: no Java exception, no folder's path
                // (the page names the run); the reader's own words go to the detail.
                assertThat(byName(list, broken).get("problem").getAsString()).as(broken)
                        .doesNotContain("Exception", "java.", folders.toString(), " line ")
                        .hasSizeLessThan(80);
            }
            assertThat(byName(list, "half-metrics").get("problem").getAsString())
                    .isEqualTo("metrics.json cannot be read: it is damaged or cut short");
            assertThat(byName(list, "half-metrics").get("detail").getAsString())
                    .contains("line 1 column");
            assertThat(byName(list, "bad-settings").get("problem").getAsString())
                    .isEqualTo("settings.json is not valid JSON: it is damaged or cut short");
            assertThat(byName(list, "bad-settings").get("detail").getAsString())
                    .contains("End of input");
        }

        @Test
        void aRunsDetailHasItsHistoryAndTheEpochTableAsTrainWritesIt() throws Exception {
            JsonObject detail = json(get(listing, "/api/runs/finished"), 200)
                    .getAsJsonObject();
            assertThat(detail.getAsJsonArray("history")).hasSize(3);
            // The epoch table with train's texts, cell by cell: its titles, then a row per
            // epoch.
            JsonObject table = detail.getAsJsonObject("table");
            assertThat(table.getAsJsonArray("titles").get(0).getAsString()).isEqualTo("epoch");
            JsonArray second = table.getAsJsonArray("rows").get(1).getAsJsonArray();
            assertThat(second.get(0).getAsString()).isEqualTo("2/3");
            assertThat(second.get(4).getAsString()).isEqualTo("99.50%");
        }

        @Test
        void anUnknownRunAndAMissingCheckpointAreNotFound() throws Exception {
            assertThat(json(get(listing, "/api/runs/nothing-here"), 404).getAsJsonObject()
                    .get("error").getAsString()).contains("no run 'nothing-here'");
            assertThat(json(get(listing, "/api/runs/finished/verdicts"), 404).getAsJsonObject()
                    .get("error").getAsString()).contains("no best.ckpt");
        }
    }

    @Test
    void aWrongValueIsRefusedWithTheRecipesOwnRuleWordedForThePage() throws Exception {
        String lrRule = messageOf(() -> Recipe.builder().learningRate(-1).build());
        JsonObject lr = json(post("/api/train", "{\"model\": \"tiny\", \"lr\": \"-1\"}"), 400)
                .getAsJsonObject();
        assertThat(lr.get("field").getAsString()).isEqualTo("lr");
        // The rule's own message, worded for the page: the field, not the option.
        assertThat(lrRule).startsWith("--lr: ");
        assertThat(lr.get("error").getAsString()).isEqualTo(lrRule.substring(2));
    }

    @Test
    void aHoldoutBeyondTheLimitIsRefusedWithTheSettingsOwnRule() throws Exception {
        String holdoutRule = messageOf(() -> new TrainSettings("tiny", Models.builtIn("tiny")
                .recipe(), 1, 1, "data", 500, 600));
        JsonObject holdout = json(post("/api/train",
                "{\"model\": \"tiny\", \"limit\": 500, \"holdout\": 600}"), 400)
                .getAsJsonObject();
        assertThat(holdout.get("field").getAsString()).isEqualTo("holdout");
        assertThat(holdoutRule).contains("--holdout", "--limit");
        assertThat(holdout.get("error").getAsString()).isEqualTo(holdoutRule.replace("--", ""));
    }

    @Test
    void theDataFoldersImagesBoundTheHoldoutAndTheLimit() throws Exception {
        // The review's three at once: the holdout is more than the data folder's 640 training
        // images (no limit), which the training itself would only find on loading them.
        JsonObject dataSize = json(post("/api/train", "{\"model\": \"tiny\", \"epochs\": 0,"
                + " \"batch-size\": 100000, \"holdout\": 70000}"), 400).getAsJsonObject();
        assertThat(fieldsOf(dataSize)).containsExactly("holdout", "epochs", "batch-size");
        assertThat(messageOf(dataSize, "holdout"))
                .isEqualTo("holdout: 70000 leaves none of the 640 training images to train on");
        // A limit beyond the folder's images: both it and a holdout wrong against the folder.
        JsonObject limit = json(post("/api/train", "{\"model\": \"tiny\", \"limit\": 1000,"
                + " \"holdout\": 700}"), 400).getAsJsonObject();
        assertThat(fieldsOf(limit)).containsExactly("limit", "holdout");
        assertThat(messageOf(limit, "limit")).startsWith("limit: 1000 is more than the 640"
                + " training images in ");
        assertThat(messageOf(limit, "holdout")).contains("none of the 640 training images");
    }

    @Test
    void everyWrongFieldIsNamedTheFirstOnTop() throws Exception {
        JsonObject three = json(post("/api/train", "{\"model\": \"tiny\", \"epochs\": 0,"
                + " \"lr\": \"abc\", \"holdout\": -1}"), 400).getAsJsonObject();
        assertThat(StreamSupport.stream(three.getAsJsonArray("errors").spliterator(), false)
                .map(e -> e.getAsJsonObject().get("field").getAsString()))
                .containsExactly("holdout", "epochs", "lr");
        assertThat(three.get("field").getAsString()).isEqualTo("holdout");
    }

    @Test
    void nesterovWithAdamIsRefusedByTheCommandLinesRule() throws Exception {
        // The command line's rule, not a command.txt that train would refuse.
        JsonObject nesterov = json(post("/api/train", "{\"model\": \"tiny\", \"optimizer\":"
                + " \"adam\", \"nesterov\": \"true\"}"), 400).getAsJsonObject();
        assertThat(nesterov.get("field").getAsString()).isEqualTo("nesterov");
        assertThat(nesterov.get("error").getAsString())
                .isEqualTo("nesterov: only with optimizer sgd");
    }

    @Test
    void aValueOfTheWrongKindAnUnknownFieldOrMalformedJsonIsNamed() throws Exception {
        assertThat(json(post("/api/train", "{\"model\": \"tiny\", \"epochs\": \"two\"}"), 400)
                .getAsJsonObject().get("field").getAsString()).isEqualTo("epochs");
        assertThat(json(post("/api/train", "{\"model\": \"resnet\"}"), 400)
                .getAsJsonObject().get("field").getAsString()).isEqualTo("model");
        assertThat(json(post("/api/train", "{\"model\": \"tiny\", \"optimizer\": \"lbfgs\"}"),
                400).getAsJsonObject().get("error").getAsString()).contains("sgd, adam, adamw");
        assertThat(json(post("/api/train", "{\"model\": \"tiny\", \"threads\": 64}"), 400)
                .getAsJsonObject().get("error").getAsString()).contains("unknown field 'threads'");
        assertThat(json(post("/api/train", "{\"model\": "), 400).getAsJsonObject()
                .get("error").getAsString()).startsWith("malformed JSON");
    }

    @Test
    void aFormAnotherSiteCouldPostIsRefusedAndRefusedFormsStartNothing() throws Exception {
        // A form another site could post without asking: refused, nothing started.
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(uri(server, "/api/train"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tiny\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json(form, 400).getAsJsonObject().get("error").getAsString())
                .contains("application/json");
        try (var dirs = Files.list(runs)) {
            assertThat(dirs.filter(d -> d.getFileName().toString().startsWith("tiny-"))
                    .filter(d -> !Files.exists(d.resolve(RunFolder.SETTINGS)))).isEmpty();
        }
    }

    /** The form starts with the model that train trains when none is named. */
    @Test
    void theFormsDefaultModelIsTrainsDefault() throws Exception {
        List<String> defaults = StreamSupport.stream(json(get(server, "/api/train/form"), 200)
                .getAsJsonArray().spliterator(), false).map(JsonElement::getAsJsonObject)
                .filter(m -> m.get("default").getAsBoolean())
                .map(m -> m.get("id").getAsString()).toList();
        assertThat(defaults).containsExactly(Models.DEFAULT.name());
    }

    /** The fields a form shows first come with the form, each one of its fields. */
    @Test
    void theFormsMainFieldsAreAmongItsFields() throws Exception {
        JsonObject first = json(get(server, "/api/train/form"), 200).getAsJsonArray().get(0)
                .getAsJsonObject();
        List<String> main = StreamSupport.stream(first.getAsJsonArray("main").spliterator(),
                false).map(JsonElement::getAsString).toList();
        assertThat(main).containsExactly("epochs", "limit", "batch-size", "lr");
        assertThat(first.getAsJsonObject("fields").keySet()).containsAll(main);
    }

    /**
     * A learner's model file in the models folder beside the runs: listed by the form with its
     * recipe, trained as an ordinary run that keeps the file, and looked inside on the CNN page,
     * its stages as the file names them.
     */
    @Test
    void aModelFileBesideTheRunsIsListedTrainedAndInspected() throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        String text = """
                ## my-net: fewer channels in block 2
                # Block 1: edges
                nn.Conv2d(1, 8, 3, bias=False), nn.ReLU(), nn.BatchNorm2d(8)
                nn.MaxPool2d(2, 2)
                # Block 2: parts
                nn.Conv2d(8, 10, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.LogSoftmax(dim=1)
                --epochs 1 --lr 0.05
                """;
        Files.writeString(models.resolve("my-net.txt"), text);
        Files.writeString(models.resolve("broken.txt"), "nn.Conv2d(2, 8, 3)\n");
        JsonArray form = json(get(server, "/api/train/form"), 200).getAsJsonArray();
        JsonObject mine = byId(form, "my-net.txt");
        assertThat(mine.get("description").getAsString()).isEqualTo("my-net: fewer channels in"
                + " block 2");
        assertThat(mine.get("parameters").getAsLong()).isEqualTo(72 + 16 + 8 * 10 * 9 + 10);
        assertThat(mine.getAsJsonObject("fields").get("lr").getAsString()).isEqualTo("0.05");
        assertThat(byId(form, "broken.txt").get("error").getAsString())
                .isEqualTo("broken.txt:1:1: nn.Conv2d(2, 8, 3): the layer before gives 1"
                        + " channels");
        assertThat(json(post("/api/train", "{\"model\": \"broken.txt\"}"), 400)
                .getAsJsonObject().get("field").getAsString()).isEqualTo("model");
        assertThat(json(post("/api/train", "{\"model\": \"../runs/x.txt\"}"), 400)
                .getAsJsonObject().get("field").getAsString()).isEqualTo("model");

        try (Events events = Events.open(http, server.port())) {
            String name = json(post("/api/train", "{\"model\": \"my-net.txt\", \"limit\": 200}"),
                    202).getAsJsonObject().get("run").getAsString();
            assertThat(name).startsWith("my-net-");
            events.await("run", e -> e.get("name").getAsString().equals(name)
                    && e.get("status").getAsString().equals("finished"));
            Path run = runs.resolve(name);
            // The file may change or go: the run keeps what it trained.
            Files.delete(models.resolve("my-net.txt"));
            assertThat(Files.readString(run.resolve(RunFolder.MODEL))).isEqualTo(text);
            assertThat(Files.readString(run.resolve(RunFolder.COMMAND)))
                    .contains("--model " + models.resolve("my-net.txt"));
            JsonObject inside = json(get(server, "/api/cnn/runs/" + name + "/test/0"), 200)
                    .getAsJsonObject();
            assertThat(inside.toString()).contains("Block 1: edges", "Block 2: parts");
        }
    }

    /**
     * A Python file and a notebook in the models folder: each model class listed as its own
     * model, trained as a run that keeps the class, under the command line's --model FILE:Class;
     * a file with no class listed with its one-line error.
     */
    @Test
    void theClassesOfAPythonFileAndANotebookBesideTheRunsAreListedAndTrained() throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        Path python = Path.of("src", "test", "resources", "python");
        Files.copy(python.resolve("models.py"), models.resolve("models.py"));
        Files.copy(python.resolve("notebook.ipynb"), models.resolve("S6.ipynb"));
        Files.writeString(models.resolve("helpers.py"), "def train(model):\n    pass\n");
        try {
            JsonArray form = json(get(server, "/api/train/form"), 200).getAsJsonArray();
            List<String> ids = StreamSupport.stream(form.spliterator(), false)
                    .map(m -> m.getAsJsonObject().get("id").getAsString())
                    .filter(id -> id.contains(".py") || id.contains(".ipynb")).toList();
            assertThat(ids).containsExactly("S6.ipynb:Net", "S6.ipynb:Net2", "helpers.py",
                    "models.py:Model_1", "models.py:Model_2", "models.py:Model_3");
            // Conv2d(1, 10, 3) 90+10, BatchNorm2d(10) 20, Conv2d(10, 16, 3) 1440+16, Linear 170.
            assertThat(byId(form, "models.py:Model_2").get("parameters").getAsLong())
                    .isEqualTo(100 + 20 + 1456 + 170);
            assertThat(byId(form, "models.py:Model_2").get("description").getAsString())
                    .isEqualTo("class Model_2 of models.py");
            assertThat(byId(form, "helpers.py").get("error").getAsString())
                    .startsWith("helpers.py: no model class here");
            assertThat(json(get(server, "/api/models/models.py/Model_2"), 200).getAsJsonObject()
                    .get("text").getAsString()).startsWith("# class Model_2 of models.py, as"
                    + " backprop-lab read it\n").contains("dropout_value = 0.1\n",
                    "class Model_2(nn.Module):").doesNotContain("Model_1", "Model_3");
            assertThat(json(get(server, "/api/models/nothere.py/Net"), 404)).isNotNull();
            assertThat(json(post("/api/train", "{\"model\": \"helpers.py\"}"), 400)
                    .getAsJsonObject().get("field").getAsString()).isEqualTo("model");

            try (Events events = Events.open(http, server.port())) {
                String name = json(post("/api/train", "{\"model\": \"models.py:Model_2\","
                        + " \"limit\": 200, \"epochs\": 1}"), 202).getAsJsonObject().get("run")
                        .getAsString();
                assertThat(name).startsWith("models-Model_2-");
                events.await("run", e -> e.get("name").getAsString().equals(name)
                        && e.get("status").getAsString().equals("finished"));
                Path run = runs.resolve(name);
                assertThat(Files.readString(run.resolve(RunFolder.MODEL)))
                        .startsWith("# class Model_2 of models.py");
                assertThat(Files.readString(run.resolve(RunFolder.COMMAND)))
                        .contains("--model " + models.resolve("models.py") + ":Model_2");
            }
        } finally {
            for (String f : List.of("models.py", "S6.ipynb", "helpers.py")) {
                Files.deleteIfExists(models.resolve(f));
            }
        }
    }

    private static JsonObject byId(JsonArray models, String id) {
        return StreamSupport.stream(models.spliterator(), false).map(JsonElement::getAsJsonObject)
                .filter(m -> m.get("id").getAsString().equals(id)).findFirst().orElseThrow();
    }

    /** An epoch's progress counts the data folder's training images, not MNIST's 60,000. */
    @Test
    void aRunsProgressCountsTheDataFoldersTrainingImages() throws Exception {
        try (Events events = Events.open(http, server.port())) {
            // The folder's 640 images, 140 held out: 500 in batches of 64 are 8 steps.
            String name = json(post("/api/train", "{\"model\": \"tiny\", \"epochs\": 1,"
                    + " \"batch-size\": 64, \"holdout\": 140}"), 202).getAsJsonObject()
                    .get("run").getAsString();
            JsonObject progress = events.await("progress", e -> e.get("run").getAsString()
                    .equals(name));
            assertThat(progress.get("steps").getAsInt()).isEqualTo(8);
            events.await("training", e -> e.get("run").getAsString().equals(name)
                    && !e.get("state").getAsString().equals("started"));
        }
    }

    /**
     * A run started here: it trains live, a second start is refused, it stops after its first
     * epoch and resumes to its end, and it is an ordinary run folder the command line reads.
     * What the lab answered along the way is kept, and each test checks one part of it.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ARunStartedHere {

        private String name;
        private Path dir;
        private JsonObject second;
        private JsonObject progress;
        private JsonObject stopping;
        private JsonObject stopped;
        private JsonObject finished;
        private JsonObject stoppingAfterTheEnd;

        @BeforeAll
        void trainStopAndResume() throws Exception {
            try (Events events = Events.open(http, server.port())) {
                // 320 images in batches of 8: 40 steps an epoch, time enough to stop in epoch 2.
                name = json(post("/api/train", "{\"model\": \"tiny\", \"epochs\": 2,"
                        + " \"batch-size\": 8, \"limit\": 320, \"seed\": 3}"), 202)
                        .getAsJsonObject().get("run").getAsString();
                dir = runs.resolve(name);
                second = json(post("/api/train", "{\"model\": \"tiny\"}"), 409)
                        .getAsJsonObject();
                progress = events.await("progress", e -> e.get("run").getAsString()
                        .equals(name));
                events.await("run", e -> e.get("name").getAsString().equals(name)
                        && e.get("done").getAsInt() == 1);
                stopping = json(post("/api/runs/" + name + "/stop", ""), 200).getAsJsonObject();
                events.await("training", e -> e.get("run").getAsString().equals(name)
                        && e.get("state").getAsString().equals("ended"));
                stopped = json(get(server, "/api/runs/" + name), 200).getAsJsonObject();
                json(post("/api/runs/" + name + "/resume", ""), 202);
                finished = events.await("run", e -> e.get("name").getAsString().equals(name)
                        && e.get("status").getAsString().equals("finished"));
            }
            stoppingAfterTheEnd = json(post("/api/runs/" + name + "/stop", ""), 200)
                    .getAsJsonObject();
        }

        @Test
        void aSecondStartIsRefusedWhileItTrains() {
            assertThat(second.get("error").getAsString()).contains("already training", name);
            // Named apart too: the page's message about it holds while that run trains.
            assertThat(second.get("run").getAsString()).isEqualTo(name);
        }

        @Test
        void itsProgressCountsTheStepsOfAnEpoch() {
            assertThat(progress.get("steps").getAsInt()).isEqualTo(40);
        }

        @Test
        void stoppedAfterAnEpochItIsAnInterruptedRun() {
            assertThat(stopping.get("stopping").getAsBoolean()).isTrue();
            assertThat(stopped.get("status").getAsString()).isEqualTo("interrupted");
            assertThat(stopped.get("done").getAsInt()).isEqualTo(1);
        }

        @Test
        void itIsARunFolderAsTheCommandLineReadsIt() throws Exception {
            // What the CLI reads: settings.json as `train --resume` and `evaluate --run` read it.
            TrainSettings settings = RunFolder.open(dir, "--run").settings();
            assertThat(settings.recipe().batchSize()).isEqualTo(8);
            assertThat(settings.limit()).isEqualTo(320);
            assertThat(Files.readString(dir.resolve(RunFolder.COMMAND)))
                    .startsWith("backprop-lab train --model tiny --seed 3 --limit 320 --epochs 2"
                            + " --batch-size 8 --out ");
        }

        @Test
        void resumedItFinishesAndThenThereIsNothingToStop() {
            assertThat(finished.get("done").getAsInt()).isEqualTo(2);
            assertThat(stoppingAfterTheEnd.get("stopping").getAsBoolean())
                    .as("no longer training").isFalse();
        }

        /**
         * best.ckpt against the test digits, by the page's own forward pass: it agrees with the
         * training loop's evaluation of the same epoch, and its cells hold what they say.
         */
        @Test
        void itsVerdictsAgreeWithTheTrainingLoopsEvaluation() throws Exception {
            List<EpochMetrics> history = List.of(GSON.fromJson(Files.readString(
                    dir.resolve("metrics.json")), EpochMetrics[].class));
            EpochMetrics best = EpochMetrics.best(history);
            JsonObject verdicts = verdicts();
            assertThat(verdicts.get("epoch").getAsInt()).isEqualTo(best.epoch());
            assertThat(verdicts.get("accuracy").getAsDouble()).isEqualTo(best.testAccuracy());
            Digits test = MnistFiles.load(data, line -> { }).test();
            int[][] matrix = GSON.fromJson(verdicts.get("matrix"), int[][].class);
            int total = 0;
            int right = 0;
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 10; p++) {
                    total += matrix[t][p];
                    right += t == p ? matrix[t][p] : 0;
                }
            }
            assertThat(total).isEqualTo(test.count());
            assertThat((double) right / total).isEqualTo(best.testAccuracy());
            for (JsonElement m : verdicts.getAsJsonArray("mistakes")) {
                JsonObject mistake = m.getAsJsonObject();
                assertThat(test.label(mistake.get("index").getAsInt()))
                        .isEqualTo(mistake.get("truth").getAsInt())
                        .isNotEqualTo(mistake.get("predicted").getAsInt());
                assertThat(mistake.get("probability").getAsFloat())
                        .isGreaterThanOrEqualTo(mistake.get("truthProbability").getAsFloat());
            }
        }

        @Test
        void aCellOfItsConfusionMatrixHoldsTheDigitsItCounts() throws Exception {
            int[][] matrix = GSON.fromJson(verdicts().get("matrix"), int[][].class);
            Digits test = MnistFiles.load(data, line -> { }).test();
            JsonObject cell = json(get(server, "/api/runs/" + name + "/cell/7/7"), 200)
                    .getAsJsonObject();
            assertThat(cell.get("count").getAsInt()).isEqualTo(matrix[7][7]);
            for (JsonElement d : cell.getAsJsonArray("digits")) {
                assertThat(test.label(d.getAsJsonObject().get("index").getAsInt())).isEqualTo(7);
            }
            assertThat(json(get(server, "/api/runs/" + name + "/cell/7/10"), 400)
                    .getAsJsonObject().get("error").getAsString()).contains("a digit 0 to 9");
        }

        @Test
        void aTestDigitIsServedAsAPngAndOneBeyondTheFolderIsRefused() throws Exception {
            HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(uri(server,
                    "/api/digits/0")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()))
                    .getWidth()).isEqualTo(Digits.SIDE);
            assertThat(json(get(server, "/api/digits/300"), 400).getAsJsonObject().get("error")
                    .getAsString()).contains("digits 0 to 299");
        }

        private JsonObject verdicts() throws Exception {
            return json(get(server, "/api/runs/" + name + "/verdicts"), 200).getAsJsonObject();
        }
    }

    /**
     * A run started here is listed at once with what it was started with (model, parameters,
     * epochs, start), while its data loads and before its settings.json is written: MNIST's
     * 60,000 training images, checked and read, take about a second.
     */
    @Test
    void aRunStartedHereShowsItsSettingsBeforeItsDataIsLoaded() throws Exception {
        Path folders = Files.createDirectories(root.resolve("loading"));
        try (LabServer loading = LabServer.start("127.0.0.1", 0, folders, Path.of("data",
                "mnist"), new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8))) {
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri(loading,
                    "/api/train")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tiny\","
                            + " \"epochs\": 1, \"limit\": 640}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String name = json(started, 202).getAsJsonObject().get("run").getAsString();
            JsonObject listed = byName(json(get(loading, "/api/runs"), 200).getAsJsonObject()
                    .getAsJsonArray("runs"), name);
            try {
                assertThat(listed.get("status").getAsString()).isEqualTo("running");
                assertThat(listed.has("model") ? listed.get("model").getAsString() : null)
                        .as("model of %s", listed).isEqualTo("tiny");
                assertThat(listed.get("parameters").getAsLong()).isEqualTo(4596);
                assertThat(listed.get("epochs").getAsInt()).isEqualTo(1);
                assertThat(listed.get("started").getAsString())
                        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
            } finally {
                http.send(HttpRequest.newBuilder(uri(loading, "/api/runs/" + name + "/stop"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static List<String> fieldsOf(JsonObject answer) {
        return StreamSupport.stream(answer.getAsJsonArray("errors").spliterator(), false)
                .map(e -> e.getAsJsonObject().get("field").getAsString()).toList();
    }

    private static String messageOf(JsonObject answer, String field) {
        return StreamSupport.stream(answer.getAsJsonArray("errors").spliterator(), false)
                .map(JsonElement::getAsJsonObject)
                .filter(e -> e.get("field").getAsString().equals(field))
                .map(e -> e.get("error").getAsString()).findFirst().orElseThrow();
    }

    private static String messageOf(Runnable rule) {
        try {
            rule.run();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("the rule let it through");
    }

    private static List<String> names(JsonArray list) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(e -> e.getAsJsonObject().get("name").getAsString()).toList();
    }

    private static JsonObject byName(JsonArray list, String name) {
        return StreamSupport.stream(list.spliterator(), false).map(JsonElement::getAsJsonObject)
                .filter(o -> o.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static JsonElement json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JsonParser.parseString(response.body());
    }

    private static URI uri(LabServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.port() + path);
    }

    private HttpResponse<String> get(LabServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(s, path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The server's event stream, read as a browser's EventSource reads it. */
    private static final class Events implements AutoCloseable {
        private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private java.util.concurrent.CompletableFuture<?> stream;

        static Events open(HttpClient http, int port) {
            Events events = new Events();
            String[] name = {"message"};
            events.stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + port + "/api/events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines())
                    // Async: if the response has already arrived, a plain thenAccept would read
                    // the endless stream on this (the test's) thread and never return.
                    .thenAcceptAsync(r -> r.body().forEach(line -> {
                        if (line.startsWith("event: ")) {
                            name[0] = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            events.received.add(new String[] {name[0], line.substring(6)});
                        }
                    }));
            return events;
        }

        /**
         * The first event of this name that {@code test} accepts. Generous: the machine may be
         * shared, and a passing test never waits for the limit.
         */
        JsonObject await(String event, Predicate<JsonObject> test) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < end) {
                String[] e = received.poll(1, TimeUnit.SECONDS);
                if (e != null) {
                    seen.add(e[0] + " " + e[1].substring(0, Math.min(160, e[1].length())));
                }
                if (e != null && e[0].equals("training") && e[1].contains("\"failed\"")) {
                    throw new AssertionError("the training failed: " + e[1]);
                }
                if (e != null && e[0].equals(event)) {
                    JsonObject data = JsonParser.parseString(e[1]).getAsJsonObject();
                    if (test.test(data)) {
                        return data;
                    }
                }
            }
            throw new AssertionError("no such '" + event + "' event within 3 minutes; the last"
                    + " ones: " + String.join("\n", seen.subList(Math.max(0, seen.size() - 8),
                    seen.size())));
        }

        @Override
        public void close() {
            stream.cancel(true);
        }
    }

    /** Another process holding a run folder's lock, as a CLI run in progress does. */
    private static final class LockHolder implements AutoCloseable {
        private final Process process;

        LockHolder(Path lockFile) throws IOException, InterruptedException {
            Path source = Files.createTempFile("HoldLock", ".java");
            Files.writeString(source, """
                    import java.nio.channels.FileChannel;
                    import java.nio.file.*;
                    public class HoldLock {
                        public static void main(String[] a) throws Exception {
                            try (FileChannel c = FileChannel.open(Path.of(a[0]),
                                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                                c.lock();
                                System.out.println("locked");
                                System.in.read();
                            }
                        }
                    }
                    """);
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(java, source.toString(), lockFile.toString())
                    .redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readNBytes(6),
                    StandardCharsets.UTF_8);
            Files.delete(source);
            assertThat(first).isEqualTo("locked");
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
