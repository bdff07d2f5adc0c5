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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Checkpoint files for tests: a real one of an untrained model, and ways to spoil it. */
public final class CheckpointFiles {

    public static final String V2 = "backprop-lab checkpoint v2";
    /** A v2 file ends with the SHA-256 of the bytes before it. */
    public static final int SUM_BYTES = 32;

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

    /**
     * The same file with another JSON header, whose length field may lie about it; a v2 file gets
     * the sum of its new bytes, as if written so, so that what is tested is the header's check.
     */
    public static void replaceHeader(Path file, String json, int claimedLength)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        boolean summed = magic(bytes).equals(V2);
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0,
                bytes.length - (summed ? SUM_BYTES : 0)));
             DataOutputStream out = new DataOutputStream(rewritten)) {
            out.writeUTF(in.readUTF());
            in.readFully(new byte[in.readInt()]);
            out.writeInt(claimedLength);
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write(in.readAllBytes());
            if (summed) {
                out.write(sha256(rewritten.toByteArray()));
            }
        }
        Files.write(file, rewritten.toByteArray());
    }

    /** As {@link #replaceHeader(Path, String, int)}, with the true length. */
    public static void replaceHeader(Path file, String json) throws IOException {
        replaceHeader(file, json, json.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The magic a checkpoint starts with, as Java's writeUTF wrote it. */
    public static String magic(byte[] checkpoint) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(checkpoint)).readUTF();
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
