package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropLab;
import backproplab.inspect.Inspector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written before models were files (src/test/resources/legacy-run: tiny, 2 epochs
 * on 1,000 images, seed 3, stopped after epoch 1, by commit 893b714; no model.txt, a checkpoint
 * without the model's text and without the Flatten layer the built-ins have since) keeps
 * working: it resumes to exactly the epoch 2 the old code trained without stopping, and its
 * checkpoints evaluate and open for inspection.
 */
class LegacyRunTest {

    @TempDir
    Path dir;

    @Test
    void anEarlierRunFolderResumesEvaluatesAndOpens() throws IOException {
        Path run = dir.resolve("legacy-run");
        Path from = Path.of("src", "test", "resources", "legacy-run");
        for (String file : List.of(RunFolder.SETTINGS, RunFolder.COMMAND, RunFolder.SUMMARY,
                RunFolder.CHECKPOINTS + "/epoch-001.ckpt")) {
            Files.createDirectories(run.resolve(file).getParent());
            Files.copy(from.resolve(file), run.resolve(file));
        }
        Path legacyCheckpoint = run.resolve(RunFolder.CHECKPOINTS).resolve("epoch-001.ckpt");
        assertThat(Checkpoint.readMeta(legacyCheckpoint).modelText()).isNull();

        assertThat(quietly("train", "--resume", run.toString())).isZero();
        JsonArray resumed = JsonParser.parseString(Files.readString(run.resolve(
                RunRecords.METRICS))).getAsJsonArray();
        JsonArray uninterrupted = JsonParser.parseString(Files.readString(Path.of("src", "test",
                "resources", "legacy-run-uninterrupted-metrics.json"))).getAsJsonArray();
        for (String figure : List.of("trainLoss", "trainAccuracy", "testLoss", "testAccuracy")) {
            assertThat(epoch2(resumed).get(figure).getAsDouble()).as(figure)
                    .isEqualTo(epoch2(uninterrupted).get(figure).getAsDouble());
        }

        assertThat(quietly("evaluate", "--checkpoint", legacyCheckpoint.toString(), "--out",
                dir.resolve("evaluation").toString())).isZero();
        try (Inspector inspector = Inspector.open(legacyCheckpoint)) {
            assertThat(inspector.architecture().parameters()).isEqualTo(4_596);
            assertThat(inspector.inspect(new float[28 * 28]).maps()).isNotEmpty();
        }
    }

    private static JsonObject epoch2(JsonArray metrics) {
        return metrics.get(1).getAsJsonObject();
    }

    private static int quietly(String... args) {
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(PrintStream.nullOutputStream(), true,
                    StandardCharsets.UTF_8));
            return BackpropLab.execute(args);
        } finally {
            System.setOut(old);
        }
    }
}
