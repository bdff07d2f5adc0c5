package backproplab.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import backproplab.Bounds;
import backproplab.InvalidInputException;
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
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One file holds what a run needs to go on: which model, how far it got, the metrics so far, the
 * weights (BatchNorm running statistics included) and the optimizer state. The best model is the
 * same format without optimizer state, so {@code evaluate} can read either.
 */
public final class Checkpoint {

    private static final String MAGIC = "backprop-lab checkpoint v1";
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
            DataOutputStream data = new DataOutputStream(out);
            data.writeUTF(MAGIC);
            byte[] json = GSON.toJson(meta).getBytes(StandardCharsets.UTF_8);
            data.writeInt(json.length);
            data.write(json);
            block.saveParameters(data);
            byte[] state = optimizerState == null ? new byte[0] : optimizerState.encode();
            data.writeInt(state.length);
            data.write(state);
            data.flush();
        });
    }

    /** Reads only the header: cheap, for listing and for choosing the model to build. */
    public static Meta readMeta(Path file) {
        try (DataInputStream in = open(file)) {
            return meta(file, in);
        } catch (IOException | RuntimeException e) {
            throw bad(file, e);
        }
    }

    /**
     * Loads the weights into {@code block} (built from the same model) and returns the optimizer
     * state, empty for a model-only file. {@code meta} is the file's header, already read: it is
     * skipped here, not parsed again.
     */
    public static NDList load(Path file, Meta meta, Block block, NDManager manager) {
        try (DataInputStream in = open(file)) {
            header(file, in);
            (meta.legacy() ? withoutFlatten(block) : block).loadParameters(manager, in);
            byte[] state = new byte[length(file, in)];
            in.readFully(state);
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

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
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
        if (!MAGIC.equals(in.readUTF())) {
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
