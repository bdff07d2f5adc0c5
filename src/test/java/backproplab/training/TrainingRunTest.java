package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import backproplab.data.MnistFiles;
import backproplab.model.Architecture;
import backproplab.model.Models;
import backproplab.model.Recipe;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real training runs on the shipped MNIST files: learning, resuming, diverging. */
class TrainingRunTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
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

    private static List<EpochMetrics> train(TrainSettings s, Path out, TrainingRun.EpochListener l)
            throws IOException {
        RunFolder folder = Files.exists(out.resolve(RunFolder.SETTINGS)) ? RunFolder.open(out, "-")
                : RunFolder.create(out, s, "test", "summary");
        return new TrainingRun(s, folder, QUIET).run(l);
    }

    @Test
    void oneEpochOnAFewThousandImagesLearnsToReadDigits() throws IOException {
        Path run = dir.resolve("run");
        List<EpochMetrics> history = train(settings(Recipe.NOTEBOOK.withEpochs(1), 10_000), run,
                m -> true);
        assertThat(history).hasSize(1);
        // A model that learned nothing scores about 10%; the notebook recipe reaches about 92% here.
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             Model model = Model.newInstance("s6", Device.cpu(), "PyTorch")) {
            Architecture arch = Models.S6.define();
            Block block = arch.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, arch.inputShape(1));
            Checkpoint.load(run.resolve(RunFolder.BEST), block, model.getNDManager());
            try (Evaluation first1000 = new Evaluation(manager,
                    MnistFiles.load(Path.of(DATA), s -> { }).test().first(1000))) {
                Evaluation.Result r = first1000.run(block, new ParameterStore(manager, false));
                assertThat(r.accuracy()).isGreaterThan(0.88);
            }
        }
        for (String file : List.of("metrics.csv", "metrics.json", "accuracy.png", "loss.png",
                "checkpoints/epoch-001.ckpt", RunFolder.BEST, RunFolder.SETTINGS)) {
            assertThat(run.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(2);
    }

    @Test
    void resumingGivesTheSameWeightsAsAnUninterruptedRun() throws IOException {
        // OneCycle and Nesterov SGD: the schedule position and momentum must both be restored.
        Recipe recipe = new Recipe(2, 64, Recipe.Optimizer.SGD, 0.05f, 0.9f, true, 1e-4f,
                Recipe.Schedule.ONECYCLE, 0, 0.1f, 5f, 1f, 0.05f, 0.1f);
        TrainSettings s = settings(recipe, 1200);
        List<EpochMetrics> whole = train(s, dir.resolve("whole"), m -> true);
        List<EpochMetrics> first = train(s, dir.resolve("cut"), m -> false);
        assertThat(first).hasSize(1);
        List<EpochMetrics> resumed = train(s, dir.resolve("cut"), m -> true);
        assertThat(resumed).hasSize(2);
        assertThat(resumed.get(1).testLoss()).isEqualTo(whole.get(1).testLoss());
        assertThat(resumed.get(1).trainLoss()).isEqualTo(whole.get(1).trainLoss());
        assertThat(weights(dir.resolve("cut/checkpoints/epoch-002.ckpt")))
                .isEqualTo(weights(dir.resolve("whole/checkpoints/epoch-002.ckpt")));
    }

    @Test
    void aLossThatTurnsNanStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = dir.resolve("nan");
        train(settings(Recipe.NOTEBOOK.withEpochs(2), 600), run, m -> false);
        byte[] good = Files.readAllBytes(run.resolve("checkpoints/epoch-001.ckpt"));
        Recipe exploding = new Recipe(2, 128, Recipe.Optimizer.SGD, 1e30f, 0.9f, false, 0f,
                Recipe.Schedule.NONE, 0, 0.1f, 0f, 0f, 0f, 0f);
        assertThatThrownBy(() -> train(settings(exploding, 600), run, m -> true))
                .isInstanceOf(TrainingRun.DivergedException.class)
                .hasMessageContaining("NaN").hasMessageContaining("last good checkpoint");
        assertThat(Files.readAllBytes(run.resolve("checkpoints/epoch-001.ckpt"))).isEqualTo(good);
        assertThat(run.resolve("checkpoints/epoch-002.ckpt")).doesNotExist();
    }

    @Test
    void aHoldoutIsKeptAsideAndReportedBesideTheTestSet() throws IOException {
        TrainSettings s = new TrainSettings("s6", Recipe.NOTEBOOK.withEpochs(1), 7, 2, DATA, 1200,
                300);
        List<EpochMetrics> history = train(s, dir.resolve("held"), m -> true);
        assertThat(history.get(0).holdoutAccuracy()).isBetween(0.0, 1.0);
        assertThat(history.get(0).selectionAccuracy()).isEqualTo(history.get(0).holdoutAccuracy());
        assertThat(Files.readAllLines(dir.resolve("held/metrics.csv")).get(1).split(",")[5])
                .isNotEmpty();
    }

    /** Every parameter's values, BatchNorm running statistics included, in order. */
    private static float[] weights(Path checkpoint) {
        Architecture arch = Models.S6.define();
        List<Float> values = new ArrayList<>();
        try (Model model = Model.newInstance("s6", Device.cpu(), "PyTorch")) {
            Block block = arch.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, arch.inputShape(1));
            Checkpoint.load(checkpoint, block, model.getNDManager());
            for (Parameter p : block.getParameters().values()) {
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
