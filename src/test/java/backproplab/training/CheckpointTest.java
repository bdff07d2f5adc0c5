package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import backproplab.InvalidInputException;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint is checked before it is trusted: its lengths, its header, its model, its shapes. */
class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aHeaderThatClaimsTwoGigabytesIsRefusedWithoutReadingThem() throws IOException {
        Path file = CheckpointFiles.write(dir.resolve("a.ckpt"), Models.TINY);
        CheckpointFiles.replaceHeader(file, "{}", 2_000_000_000);
        assertThatThrownBy(() -> Checkpoint.readMeta(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("2000000000 bytes");
    }

    @Test
    void aNullOrIncompleteHeaderIsNamedNotANullPointer() throws IOException {
        Path file = CheckpointFiles.write(dir.resolve("a.ckpt"), Models.TINY);
        CheckpointFiles.replaceHeader(file, "null");
        assertThatThrownBy(() -> Checkpoint.readMeta(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("header is empty");
        CheckpointFiles.replaceHeader(file, "{\"model\":\"tiny\"}");
        assertThatThrownBy(() -> Checkpoint.readMeta(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("epoch: must be")
                .hasMessageNotContaining("NullPointer");
    }

    @Test
    void aCheckpointOfAnotherModelIsNotLoadedIntoThisOne() throws IOException {
        Path lean = CheckpointFiles.write(dir.resolve("lean.ckpt"), Models.LEAN);
        try (Model tiny = ModelLoader.build(Models.TINY.architecture())) {
            assertThatThrownBy(() -> ModelLoader.restore(lean, "tiny", tiny))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(lean + " holds a lean model, not tiny");
        }
    }

    @Test
    void aCheckpointWhoseShapesDifferFromItsModelIsNamed() throws IOException {
        // Weights of one model under a header that names another of the same layout with other
        // channel counts.
        String layout = "nn.Conv2d(1, @, 3), nn.ReLU(), nn.BatchNorm2d(@), nn.Conv2d(@, 10, 26),"
                + " nn.Flatten(), nn.LogSoftmax(dim=1)\n";
        ModelFile eight = ModelFile.parse("a.txt", "net", layout.replace("@", "8"));
        Path file = CheckpointFiles.write(dir.resolve("x.ckpt"), eight);
        Checkpoint.Meta meta = Checkpoint.readMeta(file);
        CheckpointFiles.replaceHeader(file, new com.google.gson.Gson().toJson(new Checkpoint.Meta(
                "net", meta.dropout(), meta.epoch(), meta.steps(), meta.history(),
                layout.replace("@", "12"))));
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + " does not fit the net model: ")
                .hasMessageContaining("has shape (8, 1, 3, 3), the model's is (12, 1, 3, 3)");
    }

    @Test
    void aCutShortCheckpointIsNamed() throws IOException {
        Path file = CheckpointFiles.write(dir.resolve("a.ckpt"), Models.TINY);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("ends early");
    }

    @Test
    void aGoodCheckpointLoadsWithItsOwnWeights() throws IOException {
        Path file = dir.resolve("a.ckpt");
        float[] saved;
        try (Model built = ModelLoader.build(Models.TINY.architecture())) {
            saved = built.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            EpochMetrics m = new EpochMetrics(1, 2.3, 0.1, 2.3, 0.1, null, 0.01, 1, 1);
            Checkpoint.write(file, new Checkpoint.Meta("tiny", 0.05f, 1, 3, List.of(m)),
                    built.getBlock(), null);
        }
        try (ModelLoader.Loaded loaded = ModelLoader.load(file)) {
            assertThat(loaded.meta().epoch()).isEqualTo(1);
            assertThat(loaded.block().getParameters().get(0).getValue().getArray().toFloatArray())
                    .containsExactly(saved);
        }
    }
}
