package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import backproplab.InvalidInputException;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import com.google.gson.Gson;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint is checked before it is trusted: its sum, its lengths, its header, its model, its
 * shapes.
 */
class CheckpointTest {

    @TempDir
    Path dir;

    /** The length of the optimizer state {@link #writeWithState} wrote. */
    private int stateLength;

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
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage(changed(file));
        // Cut inside the magic: there is not even a version to go by.
        Files.write(file, Arrays.copyOf(bytes, 10));
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("ends early");
    }

    @Test
    void aGoodCheckpointLoadsWithItsOwnWeightsAndEndsWithTheirSum() throws IOException {
        Path file = dir.resolve("a.ckpt");
        float[] saved = writeWithState(file, true);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(CheckpointFiles.magic(bytes)).isEqualTo(CheckpointFiles.V2);
        int end = bytes.length - CheckpointFiles.SUM_BYTES;
        assertThat(Arrays.copyOfRange(bytes, end, bytes.length))
                .isEqualTo(CheckpointFiles.sha256(Arrays.copyOf(bytes, end)));
        assertLoads(file, saved);
    }

    /**
     * A reviewer flipped 64 bytes in the middle of a best.ckpt and evaluate printed 11.59% for a
     * model of 10.37%. Any one byte changed, in the header, the weights, the optimizer state or
     * the sum itself, is refused before a weight is used.
     */
    @Test
    void aByteChangedAnywhereIsRefusedByItsSum() throws IOException {
        Path file = dir.resolve("a.ckpt");
        writeWithState(file, true);
        byte[] good = Files.readAllBytes(file);
        Parts parts = Parts.of(good, stateLength);
        Map<String, Integer> named = new LinkedHashMap<>();
        named.put("the header's length", parts.headerAt() - 1);
        named.put("the header's first byte", parts.headerAt());
        named.put("the header's middle", parts.headerAt() + parts.headerLength() / 2);
        named.put("the weights' first byte", parts.weightsAt());
        named.put("the weights' middle", (parts.weightsAt() + parts.stateAt()) / 2);
        named.put("the state's length", parts.stateAt() - 1);
        named.put("the optimizer state's middle", (parts.stateAt() + parts.sumAt()) / 2);
        named.put("the sum's first byte", parts.sumAt());
        named.put("the file's last byte", good.length - 1);
        Checkpoint.Meta meta = Checkpoint.readMeta(dir.resolve("good.ckpt"));
        try (Model tiny = ModelLoader.build(Models.TINY.architecture())) {
            for (Map.Entry<String, Integer> at : named.entrySet()) {
                Files.write(file, flipped(good, at.getValue()));
                assertThatThrownBy(() -> ModelLoader.load(file)).as(at.getKey())
                        .isInstanceOf(InvalidInputException.class).hasMessage(changed(file));
                // With the header read before the file was changed, as a lab's cache has it.
                assertThatThrownBy(() -> Checkpoint.load(file, meta, tiny.getBlock(),
                        tiny.getNDManager())).as(at.getKey())
                        .isInstanceOf(InvalidInputException.class).hasMessage(changed(file));
            }
        }
        // Every 7th byte after the magic, by the header alone (no model is built; every byte
        // took 6 s on 2 cores, and a hash has no favourite places).
        for (int k = parts.headerAt() - 4; k < good.length; k += 7) {
            Files.write(file, flipped(good, k));
            assertThatThrownBy(() -> Checkpoint.readMeta(file)).as("byte %d", k)
                    .isInstanceOf(InvalidInputException.class).hasMessage(changed(file));
        }
        // A changed magic is no checkpoint this tool knows; "v2" made "v1" would load unsummed,
        // but its sum is then bytes after the optimizer state, which are refused.
        for (int k = 0; k < parts.headerAt() - 4; k++) {
            Files.write(file, flipped(good, k));
            assertThatThrownBy(() -> ModelLoader.load(file)).as("magic byte %d", k)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file.toString()).hasMessageNotContaining("\n");
        }
        byte[] asV1 = good.clone();
        asV1[parts.headerAt() - 5] = '1';
        Files.write(file, asV1);
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " is not a valid checkpoint: 32 bytes follow its optimizer"
                        + " state");
        Files.write(file, good);
        assertThat(Checkpoint.readMeta(file).epoch()).isEqualTo(1);
    }

    /** Runs written before the sum keep working: a v1 file is read as it always was. */
    @Test
    void aV1CheckpointWithoutASumStillLoads() throws IOException {
        Path file = dir.resolve("old.ckpt");
        float[] saved = writeWithState(file, false);
        assertThat(CheckpointFiles.magic(Files.readAllBytes(file)))
                .isEqualTo("backprop-lab checkpoint v1");
        assertLoads(file, saved);

        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 7));
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("ends early");

        Path legacy = Path.of("src", "test", "resources", "legacy-run", "checkpoints",
                "epoch-001.ckpt");
        assertThat(CheckpointFiles.magic(Files.readAllBytes(legacy)))
                .isEqualTo("backprop-lab checkpoint v1");
        try (ModelLoader.Loaded loaded = ModelLoader.load(legacy)) {
            assertThat(loaded.meta().legacy()).isTrue();
            assertThat(loaded.meta().epoch()).isEqualTo(1);
        }
    }

    @Test
    void aFileLargerThanAnyCheckpointIsRefusedUnread() throws IOException {
        Path file = CheckpointFiles.write(dir.resolve("a.ckpt"), Models.TINY);
        try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
            huge.setLength(Checkpoint.MAX_BYTES + 1);
        }
        assertThatThrownBy(() -> Checkpoint.readMeta(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + " is not a valid checkpoint: it holds "
                        + (Checkpoint.MAX_BYTES + 1) + " bytes");
    }

    private static String changed(Path file) {
        return file + " is not a valid checkpoint: its contents do not match their checksum"
                + " (changed, damaged or cut short since it was written)";
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) 0xff;
        return copy;
    }

    /**
     * Writes a tiny model after epoch 1 with some optimizer state, as a v2 file by Checkpoint, or
     * as v1 in the layout Checkpoint wrote before the sum; returns its first weights.
     */
    private float[] writeWithState(Path file, boolean v2) throws IOException {
        stateLength = 0;
        EpochMetrics m = new EpochMetrics(1, 2.3, 0.1, 2.3, 0.1, null, 0.01, 1, 1);
        Checkpoint.Meta meta = new Checkpoint.Meta("tiny", 0.05f, 1, 3, List.of(m),
                Models.TINY.text());
        try (Model built = ModelLoader.build(Models.TINY.architecture())) {
            NDList state = new NDList(built.getNDManager().create(new float[] {1, 2, 3, 4}));
            stateLength = state.encode().length;
            if (v2) {
                Checkpoint.write(file, meta, built.getBlock(), state);
                Checkpoint.write(dir.resolve("good.ckpt"), meta, built.getBlock(), state);
            } else {
                try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                    out.writeUTF("backprop-lab checkpoint v1");
                    byte[] json = new Gson().toJson(meta).getBytes(StandardCharsets.UTF_8);
                    out.writeInt(json.length);
                    out.write(json);
                    built.getBlock().saveParameters(out);
                    byte[] encoded = state.encode();
                    out.writeInt(encoded.length);
                    out.write(encoded);
                }
            }
            return built.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
        }
    }

    private static void assertLoads(Path file, float[] saved) {
        try (ModelLoader.Loaded loaded = ModelLoader.load(file)) {
            assertThat(loaded.meta().epoch()).isEqualTo(1);
            assertThat(loaded.meta().model()).isEqualTo("tiny");
            assertThat(loaded.block().getParameters().get(0).getValue().getArray().toFloatArray())
                    .containsExactly(saved);
        }
        try (Model tiny = ModelLoader.build(Models.TINY.architecture())) {
            NDList state = Checkpoint.load(file, Checkpoint.readMeta(file), tiny.getBlock(),
                    tiny.getNDManager());
            assertThat(state.singletonOrThrow().toFloatArray()).containsExactly(1, 2, 3, 4);
        }
    }

    /** Where a v2 file's parts start, found as Checkpoint writes them. */
    private record Parts(int headerAt, int headerLength, int weightsAt, int stateAt, int sumAt) {
        static Parts of(byte[] bytes, int stateLength) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int headerAt = 2 + b.getShort(0) + 4;
            int headerLength = b.getInt(headerAt - 4);
            int sumAt = bytes.length - CheckpointFiles.SUM_BYTES;
            assertThat(b.getInt(sumAt - stateLength - 4)).isEqualTo(stateLength);
            return new Parts(headerAt, headerLength, headerAt + headerLength,
                    sumAt - stateLength, sumAt);
        }
    }
}
