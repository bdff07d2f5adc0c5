package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import backproplab.data.MnistFiles;
import backproplab.model.Recipe;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real training runs on the shipped MNIST files: learning, resuming, diverging. */
class TrainingRunTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream(), true,
            StandardCharsets.UTF_8);
    private static final String DATA = Path.of("data", "mnist").toString();

    @TempDir
    Path dir;

    @BeforeAll
    static void twoThreads() {
        Engines.configure(2);
    }

    private static TrainSettings settings(Recipe recipe, int limit) {
        return new TrainSettings("s6", recipe, 7, 2, DATA, limit, 0);
    }

    /** Trains in {@code out}, a new run or the one already there; {@code stop} may end it early. */
    private static List<EpochMetrics> train(TrainSettings s, Path out, StopRequest stop)
            throws IOException {
        try (RunFolder folder = Files.exists(out.resolve(RunFolder.SETTINGS))
                ? RunFolder.resume(out) : RunFolder.create(out, s, "test", "summary")) {
            return new TrainingRun(s, folder, QUIET, stop).run().history();
        }
    }

    private static List<EpochMetrics> train(TrainSettings s, Path out) throws IOException {
        return train(s, out, new StopRequest());
    }

    /** Trains one epoch in {@code out}, then stops as a signal would. */
    private static List<EpochMetrics> trainOneEpoch(TrainSettings s, Path out) throws IOException {
        StopRequest stop = new StopRequest();
        try (RunFolder folder = Files.exists(out.resolve(RunFolder.SETTINGS))
                ? RunFolder.resume(out) : RunFolder.create(out, s, "test", "summary")) {
            return new TrainingRun(s, folder, QUIET, stop)
                    .listener(end -> stop.request("test", 1)).run().history();
        }
    }

    @Test
    void oneEpochOnAFewThousandImagesLearnsToReadDigits() throws IOException {
        Path run = dir.resolve("run");
        List<EpochMetrics> history = train(settings(Recipe.NOTEBOOK.withEpochs(1), 10_000), run);
        assertThat(history).hasSize(1);
        // A model that learned nothing scores about 10%; the notebook recipe reaches about 92%
        // here.
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             ModelLoader.Loaded best = ModelLoader.load(run.resolve(RunFolder.BEST));
             Evaluation first1000 = new Evaluation(manager,
                     MnistFiles.load(Path.of(DATA), s -> { }).test().first(1000))) {
            Evaluation.Result r = first1000.run(best.block(), new ParameterStore(manager, false));
            assertThat(r.accuracy()).isGreaterThan(0.88);
        }
        for (String file : List.of("metrics.csv", "metrics.json", "accuracy.png", "loss.png",
                "checkpoints/epoch-001.ckpt", RunFolder.BEST, RunFolder.SETTINGS)) {
            assertThat(run.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(2);
        whereTheTimeWentAddsUpToTheEpoch(run, history.get(0));
    }

    /**
     * timing.csv: the start's phases once, the epoch's phases; the step's parts fit in the
     * epoch's training time and fill most of it, and its evaluation is the one metrics.csv says.
     */
    private static void whereTheTimeWentAddsUpToTheEpoch(Path run, EpochMetrics epoch)
            throws IOException {
        Map<String, Double> start = new HashMap<>();
        Map<String, Double> first = new HashMap<>();
        List<String> lines = Files.readAllLines(run.resolve("timing.csv"));
        assertThat(lines.get(0)).isEqualTo("epoch,phase,seconds");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            (f[0].equals("0") ? start : first).put(f[1], Double.parseDouble(f[2]));
        }
        assertThat(start.keySet()).containsExactlyInAnyOrder("process start", "data", "libtorch",
                "kernel check", "setup");
        assertThat(first.keySet()).containsExactlyInAnyOrder("data wait", "forward", "backward",
                "replica wait", "update", "evaluation", "records");
        assertThat(first.values()).allSatisfy(seconds -> assertThat(seconds).isNotNegative());
        double step = first.get("data wait") + first.get("forward") + first.get("backward")
                + first.get("replica wait") + first.get("update");
        assertThat(step).isBetween(0.7 * epoch.trainSeconds(), epoch.trainSeconds() + 0.01);
        assertThat(first.get("forward")).isPositive();
        assertThat(first.get("backward")).isPositive();
        assertThat(first.get("evaluation")).isCloseTo(epoch.testSeconds(), within(0.002));
    }

    @Test
    void resumingGivesTheSameWeightsAsAnUninterruptedRun() throws IOException {
        // OneCycle and Nesterov SGD: the schedule position and momentum must both be restored.
        Recipe recipe = Recipe.builder().epochs(2).batchSize(64).sgd(0.05f, 0.9f).nesterov(true)
                .weightDecay(1e-4f).schedule(Recipe.Schedule.ONECYCLE).rotation(5).shift(1)
                .labelSmoothing(0.05f).dropout(0.1f).build();
        TrainSettings s = settings(recipe, 1200);
        List<EpochMetrics> whole = train(s, dir.resolve("whole"));
        List<EpochMetrics> first = trainOneEpoch(s, dir.resolve("cut"));
        assertThat(first).hasSize(1);
        List<EpochMetrics> resumed = train(s, dir.resolve("cut"));
        assertThat(resumed).hasSize(2);
        assertThat(resumed.get(1).testLoss()).isEqualTo(whole.get(1).testLoss());
        assertThat(resumed.get(1).trainLoss()).isEqualTo(whole.get(1).trainLoss());
        assertThat(weights(dir.resolve("cut/checkpoints/epoch-002.ckpt")))
                .isEqualTo(weights(dir.resolve("whole/checkpoints/epoch-002.ckpt")));
    }

    @Test
    void aLossThatTurnsNanStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = dir.resolve("nan");
        trainOneEpoch(settings(Recipe.NOTEBOOK.withEpochs(2), 600), run);
        byte[] good = Files.readAllBytes(run.resolve("checkpoints/epoch-001.ckpt"));
        Recipe exploding = Recipe.builder().epochs(2).sgd(1e30f, 0.9f).build();
        assertThatThrownBy(() -> train(settings(exploding, 600), run))
                .isInstanceOf(TrainingRun.NonFiniteException.class)
                .hasMessageContaining("NaN").hasMessageContaining("last good checkpoint")
                .hasMessageContaining("the learning rate is too high for this run; lower --lr"
                        + " (it was 1.0E30)")
                .hasMessageEndingWith(run.resolve("checkpoints/epoch-001.ckpt").toString());
        assertThat(Files.readAllBytes(run.resolve("checkpoints/epoch-001.ckpt"))).isEqualTo(good);
        assertThat(run.resolve("checkpoints/epoch-002.ckpt")).doesNotExist();
    }

    @Test
    void aLossThatTurnsNanBeforeAnyCheckpointPromisesNone() {
        Recipe exploding = Recipe.builder().epochs(2).sgd(1e30f, 0.9f).build();
        assertThatThrownBy(() -> train(settings(exploding, 600), dir.resolve("fresh")))
                .isInstanceOf(TrainingRun.NonFiniteException.class)
                .hasMessageContaining("no epoch had finished, so no checkpoint was kept");
    }

    @Test
    void aHoldoutIsKeptAsideAndReportedBesideTheTestSet() throws IOException {
        TrainSettings s = new TrainSettings("s6", Recipe.NOTEBOOK.withEpochs(1), 7, 2, DATA, 1200,
                300);
        List<EpochMetrics> history = train(s, dir.resolve("held"));
        assertThat(history.get(0).holdoutAccuracy()).isBetween(0.0, 1.0);
        assertThat(history.get(0).selectionAccuracy()).isEqualTo(history.get(0).holdoutAccuracy());
        assertThat(Files.readAllLines(dir.resolve("held/metrics.csv")).get(1).split(",")[5])
                .isNotEmpty();
    }

    /** Every parameter's values, BatchNorm running statistics included, in order. */
    private static float[] weights(Path checkpoint) {
        List<Float> values = new ArrayList<>();
        try (ModelLoader.Loaded loaded = ModelLoader.load(checkpoint)) {
            for (Parameter p : loaded.block().getParameters().values()) {
                for (float v : p.getArray().toFloatArray()) {
                    values.add(v);
                }
            }
        }
        float[] flat = new float[values.size()];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = values.get(k);
        }
        return flat;
    }
}
