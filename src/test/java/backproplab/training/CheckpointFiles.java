package backproplab.training;

import ai.djl.Model;
import backproplab.model.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checkpoint files for tests: a real one of an untrained model, and ways to spoil it. */
public final class CheckpointFiles {

    private CheckpointFiles() {}

    /**
     * A checkpoint of an untrained {@code model} after epoch 1 of 3 steps, without optimizer state.
     */
    public static Path write(Path file, ModelFile model) throws IOException {
        EpochMetrics m = new EpochMetrics(1, 2.3, 0.1, 2.3, 0.1, null, 0.01, 1, 1);
        try (Model built = ModelLoader.build(model.architecture())) {
            Checkpoint.write(file, new Checkpoint.Meta(model.name(), model.recipe().dropout(), 1, 3,
                    List.of(m), model.text()), built.getBlock(), null);
        }
        return file;
    }

    /** The same file with another JSON header, whose length field may lie about it. */
    public static void replaceHeader(Path file, String json, int claimedLength)
            throws IOException {
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                Files.readAllBytes(file)));
             DataOutputStream out = new DataOutputStream(rewritten)) {
            out.writeUTF(in.readUTF());
            in.readFully(new byte[in.readInt()]);
            out.writeInt(claimedLength);
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write(in.readAllBytes());
        }
        Files.write(file, rewritten.toByteArray());
    }

    /** As {@link #replaceHeader(Path, String, int)}, with the true length. */
    public static void replaceHeader(Path file, String json) throws IOException {
        replaceHeader(file, json, json.getBytes(StandardCharsets.UTF_8).length);
    }
}
