package backproplab.training;

import backproplab.Bounds;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import backproplab.InvalidInputException;
import backproplab.Sha256;
import backproplab.model.Architecture;
import backproplab.model.FlattenBlock;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.report.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.JsonAdapter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * One file holds what a run needs to go on: which model, how far it got, the metrics so far, the
 * weights (BatchNorm running statistics included) and the optimizer state. The best model is the
 * same format without optimizer state, so {@code evaluate} can read either.
 *
 * <p>The file: the magic (Java's writeUTF), the header's length and JSON, the weights as DJL saves
 * them, the optimizer state's length and bytes, and (from v2) the SHA-256 of all of that. A v1
 * file, written before there was a sum, is read as it always was; only its end is checked.
 */
public final class Checkpoint {

    /**
     * v1 had no checksum: a byte changed on disk in its weights was loaded and gave wrong
     * figures, and only a file cut short was noticed. v2 adds the trailer.
     */
    private static final String MAGIC = "backprop-lab checkpoint v2";
    private static final String MAGIC_V1 = "backprop-lab checkpoint v1";
    /**
     * SHA-256 rather than a CRC32C: at a checkpoint's few MB it costs milliseconds, a changed
     * file has no 1-in-4-billion chance of passing, the project checks MNIST with it already, and
     * anyone can check a file by hand ({@code head -c -32 FILE | sha256sum} against its last 32
     * bytes). It guards against damage, not against someone who edits the file and the sum.
     */
    private static final int DIGEST_BYTES = 32;
    /**
     * No checkpoint of an allowed model comes near this (at most 4 bytes a parameter for the
     * weights and 8 for Adam's state, plus a header of a few hundred KB): a bigger file is
     * refused before it is read whole into memory.
     */
    static final long MAX_BYTES = 32 * ModelFile.MAX_PARAMETERS + (16 << 20);
    private static final Gson GSON = JsonNumbers.nonFinite(new GsonBuilder()).create();

    private Checkpoint() {}

    /**
     * What a checkpoint says about itself; checks itself like the run's settings do. The model's
     * file travels with it, so a checkpoint is evaluable wherever it goes; one written before
     * models were files ({@code legacy}) names a built-in model and holds no weights for its
     * Flatten. It holds the model parsed; in the file's header the model is its name and its
     * file's text ({@link Json}), parsed when the header is read.
     */
    @JsonAdapter(Meta.Json.class)
    public record Meta(ModelFile modelFile, float dropout, int epoch, int steps,
                       List<EpochMetrics> history, boolean legacy) {
        public Meta {
            Bounds.present("model", modelFile);
            Bounds.between("dropout", dropout, 0, Recipe.MAX_DROPOUT);
            Bounds.between("epoch", epoch, 1, Recipe.MAX_EPOCHS);
            Bounds.atLeast("steps", steps, epoch);
            if (Bounds.present("history", history).size() != epoch) {
                throw new InvalidInputException("history: " + history.size()
                        + " epochs of metrics for epoch " + epoch);
            }
        }

        /** A checkpoint of {@code model}, as the run that trains it writes one. */
        public Meta(ModelFile model, float dropout, int epoch, int steps,
                    List<EpochMetrics> history) {
            this(model, dropout, epoch, steps, history, false);
        }

        /**
         * A checkpoint of the model file {@code modelText} (parsed here), or of the built-in
         * model {@code model} written before models were files ({@code modelText} null).
         */
        public Meta(String model, float dropout, int epoch, int steps, List<EpochMetrics> history,
                    String modelText) {
            this(Models.saved(Bounds.present("model", model), modelText,
                    "the checkpoint's model"), dropout, epoch, steps, history, modelText == null);
        }

        /** A checkpoint of a built-in model. */
        public Meta(String model, float dropout, int epoch, int steps, List<EpochMetrics> history) {
            this(Models.builtIn(model), dropout, epoch, steps, history);
        }

        public String model() {
            return modelFile.name();
        }

        /** The model file as written; null in a checkpoint from before models were files. */
        public String modelText() {
            return legacy ? null : modelFile.text();
        }

        /** The layers the weights fit: the model, with the dropout it was trained with. */
        public Architecture architecture() {
            return modelFile.architecture(dropout);
        }

        /** The header as it is written: the model by name and text, as it always was. */
        private record Header(String model, float dropout, int epoch, int steps,
                              List<EpochMetrics> history, String modelText) {}

        static final class Json implements JsonSerializer<Meta>, JsonDeserializer<Meta> {
            @Override
            public JsonElement serialize(Meta m, Type type, JsonSerializationContext context) {
                return context.serialize(new Header(m.model(), m.dropout(), m.epoch(), m.steps(),
                        m.history(), m.modelText()));
            }

            @Override
            public Meta deserialize(JsonElement json, Type type,
                                    JsonDeserializationContext context) {
                Header h = context.deserialize(json, Header.class);
                return new Meta(h.model(), h.dropout(), h.epoch(), h.steps(), h.history(),
                        h.modelText());
            }
        }
    }

    public static void write(Path file, Meta meta, Block block, NDList optimizerState)
            throws IOException {
        AtomicFiles.write(file, out -> {
            MessageDigest digest = Sha256.digest();
            DataOutputStream data = new DataOutputStream(new DigestOutputStream(out, digest));
            data.writeUTF(MAGIC);
            byte[] json = GSON.toJson(meta).getBytes(StandardCharsets.UTF_8);
            data.writeInt(json.length);
            data.write(json);
            block.saveParameters(data);
            byte[] state = optimizerState == null ? new byte[0] : optimizerState.encode();
            data.writeInt(state.length);
            data.write(state);
            data.flush();
            // Past the digest stream: the sum covers every byte before it, not itself.
            out.write(digest.digest());
        });
    }

    /**
     * Reads the header, for listing and for choosing the model to build; the whole file is
     * checked against its sum all the same, so a damaged one is refused before anything is built.
     */
    public static Meta readMeta(Path file) {
        try (DataInputStream in = verified(file)) {
            return meta(file, in);
        } catch (IOException | RuntimeException e) {
            throw bad(file, e);
        }
    }

    /**
     * Loads the weights into {@code block} (built from the same model) and returns the optimizer
     * state, empty for a model-only file. {@code meta} is the file's header, already read: it is
     * skipped here, not parsed again. The file is read and checked against its sum again: the
     * weights loaded are the bytes just checked, whatever happened to the file in between.
     */
    public static NDList load(Path file, Meta meta, Block block, NDManager manager) {
        try (DataInputStream in = verified(file)) {
            header(file, in);
            (meta.legacy() ? withoutFlatten(block) : block).loadParameters(manager, in);
            byte[] state = new byte[length(file, in)];
            in.readFully(state);
            if (in.available() > 0) {
                // Nothing is written after the state (but the sum): a v2 file whose magic was
                // damaged into v1's would otherwise load without its sum checked.
                throw new InvalidInputException(file + " is not a valid checkpoint: "
                        + in.available() + " bytes follow its optimizer state");
            }
            return state.length == 0 ? new NDList() : NDList.decode(manager, state);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw bad(file, e);
        }
    }

    /**
     * The built-in models gained an {@code nn.Flatten()} when they became files; a checkpoint
     * from before has no bytes for it, so its weights are read into the same layers without it.
     */
    private static Block withoutFlatten(Block block) {
        SequentialBlock layers = new SequentialBlock();
        for (Block child : block.getChildren().values()) {
            if (!(child instanceof FlattenBlock)) {
                layers.add(child);
            }
        }
        return layers;
    }

    /**
     * The file's parts, from its magic to its optimizer state, once a v2 file's bytes are found to
     * match their sum; a v1 file's as they are.
     */
    private static DataInputStream verified(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new InvalidInputException(file + " is not a valid checkpoint: it holds " + size
                    + " bytes, more than a checkpoint of any model can (" + MAX_BYTES + ")");
        }
        byte[] bytes = Files.readAllBytes(file);
        DataInputStream whole = new DataInputStream(new ByteArrayInputStream(bytes));
        if (!MAGIC.equals(whole.readUTF())) {
            // v1, read as it always was; anything else is named by header().
            return new DataInputStream(new ByteArrayInputStream(bytes));
        }
        int end = bytes.length - DIGEST_BYTES;
        if (end < 0 || !matchesItsSum(bytes, end)) {
            throw new InvalidInputException(file + " is not a valid checkpoint: its contents do"
                    + " not match their checksum (changed, damaged or cut short since it was"
                    + " written)");
        }
        return new DataInputStream(new ByteArrayInputStream(bytes, 0, end));
    }

    /** Whether the bytes before {@code end} have the SHA-256 held from {@code end} on. */
    private static boolean matchesItsSum(byte[] bytes, int end) {
        MessageDigest digest = Sha256.digest();
        digest.update(bytes, 0, end);
        return MessageDigest.isEqual(digest.digest(),
                Arrays.copyOfRange(bytes, end, bytes.length));
    }


    private static Meta meta(Path file, DataInputStream in) throws IOException {
        Meta meta = GSON.fromJson(new String(header(file, in), StandardCharsets.UTF_8), Meta.class);
        if (meta == null) {
            throw new InvalidInputException(file
                    + " is not a valid checkpoint: its header is empty");
        }
        return meta;
    }

    /** The header's JSON, after the file's magic. */
    private static byte[] header(Path file, DataInputStream in) throws IOException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic) && !MAGIC_V1.equals(magic)) {
            throw new InvalidInputException(file + " is not a backprop-lab checkpoint");
        }
        byte[] json = new byte[length(file, in)];
        in.readFully(json);
        return json;
    }

    /**
     * A length field of the file: never more than the file holds, so a corrupt one costs nothing.
     */
    private static int length(Path file, DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > Files.size(file)) {
            throw new InvalidInputException(file + " is not a valid checkpoint: it claims a part"
                    + " of " + n + " bytes in a file of " + Files.size(file));
        }
        return n;
    }

    private static InvalidInputException bad(Path file, Exception e) {
        if (e instanceof InvalidInputException i) {
            return i.getMessage().startsWith(file.toString()) ? i : new InvalidInputException(
                    file + " is not a valid checkpoint: " + i.getMessage(), i);
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t instanceof InvalidInputException i) {
                return bad(file, i);
            }
        }
        return new InvalidInputException(file + " is not a readable backprop-lab checkpoint ("
                + (e instanceof EOFException ? "it ends early: cut short, or not a checkpoint"
                        : e.getClass().getSimpleName()) + ")", e);
    }
}
