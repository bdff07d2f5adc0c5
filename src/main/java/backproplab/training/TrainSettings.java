package backproplab.training;

import static backproplab.Bounds.atLeast;
import static backproplab.Bounds.present;

import backproplab.InvalidValueException;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Recipe;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.JsonAdapter;
import java.lang.reflect.Type;

/**
 * Everything a training run depends on. Saved as settings.json in the run folder, so that
 * {@code --resume} continues with exactly these. Checks itself like {@link Recipe}: the command
 * line and a settings.json read back pass the same rules. Whether {@code limit} and
 * {@code holdout} fit the images actually loaded is checked when they are loaded.
 *
 * <p>It holds its model parsed: the command or request that names the model parses it once, and
 * everything after builds from the parsed layers. As JSON (settings.json, the lab's pages) the
 * model is its name and its file's text, as they always were ({@link Json}).
 *
 * @param modelFile the model file it trains, parsed; the run folder keeps its text as
 *                  {@value RunFolder#MODEL}
 * @param threads CPU threads asked for (capped at the machine's cores when the run starts)
 * @param limit   train on the first N training images only (0: all)
 * @param holdout keep the last N training images aside to choose the best epoch (0: use the test
 *                set, as the original notebook does)
 */
@JsonAdapter(TrainSettings.Json.class)
public record TrainSettings(ModelFile modelFile, Recipe recipe, long seed, int threads,
                            String dataDir, int limit, int holdout) {

    /**
     * Values a batch may keep for the backward pass: 2 GB of floats, about a third of what
     * training then holds at its peak. The built-in models fit 4,096 images; a learner's wide
     * model is refused a batch that would exhaust a laptop's memory.
     */
    public static final long MAX_BATCH_VALUES = 500_000_000;

    /** The seed of a run that names none, on the command line or in the lab. */
    public static final long DEFAULT_SEED = 1;

    public TrainSettings {
        present("--model", modelFile);
        present("recipe", recipe);
        long perImage = modelFile.architecture(recipe.dropout()).activations();
        if (perImage * recipe.batchSize() > MAX_BATCH_VALUES) {
            throw new InvalidValueException("--batch-size", "at most " + MAX_BATCH_VALUES
                    / perImage + " images of " + modelFile.name() + " fit in memory (each keeps "
                    + perImage + " values for the backward pass), not " + recipe.batchSize());
        }
        atLeast("--threads", threads, 1);
        present("--data-dir", dataDir);
        atLeast("--limit", limit, 0);
        atLeast("--holdout", holdout, 0);
        if (limit > 0) {
            checkHoldout(holdout, limit, true);
        }
    }

    /** A run of the built-in model {@code model}. */
    public TrainSettings(String model, Recipe recipe, long seed, int threads, String dataDir,
                         int limit, int holdout) {
        this(Models.builtIn(present("--model", model), "--model"), recipe, seed, threads,
                dataDir, limit, holdout);
    }

    /**
     * The holdout's one rule: it leaves images to train on, of the {@code images} it is cut
     * from: those of {@code --limit} ({@code ofLimit}), else all the data folder's.
     */
    public static void checkHoldout(int holdout, int images, boolean ofLimit) {
        if (holdout >= images) {
            throw new InvalidValueException("--holdout", holdout + (ofLimit
                    ? " leaves no training images of the " + images + " of --limit"
                    : " leaves none of the " + images + " training images to train on"));
        }
    }

    /** The model's name: what its runs are called after. */
    public String model() {
        return modelFile.name();
    }

    /** The model file as written, which the run folder keeps beside settings.json. */
    public String modelText() {
        return modelFile.text();
    }

    /** The layers this run trains: its model, with the recipe's dropout. */
    public Architecture architecture() {
        return modelFile.architecture(recipe.dropout());
    }

    /**
     * The settings as JSON: the model by its name and its file's text ({@code modelText}, which a
     * run folder keeps in {@value RunFolder#MODEL} instead), the rest as they are. Read back, the
     * text is parsed here, once; a settings.json from before models were files has none, and
     * names a built-in model.
     */
    record Saved(String model, Recipe recipe, long seed, int threads, String dataDir, int limit,
                 int holdout, String modelText) {}

    static final class Json implements JsonSerializer<TrainSettings>,
            JsonDeserializer<TrainSettings> {
        @Override
        public JsonElement serialize(TrainSettings s, Type type, JsonSerializationContext context) {
            return context.serialize(new Saved(s.model(), s.recipe(), s.seed(), s.threads(),
                    s.dataDir(), s.limit(), s.holdout(), s.modelText()));
        }

        @Override
        public TrainSettings deserialize(JsonElement json, Type type,
                                         JsonDeserializationContext context) {
            Saved s = context.deserialize(json, Saved.class);
            String model = present("--model", s.model());
            ModelFile file = s.modelText() == null ? Models.builtIn(model, "--model")
                    : ModelFile.parse(RunFolder.MODEL, model, s.modelText());
            return new TrainSettings(file, s.recipe(), s.seed(), s.threads(), s.dataDir(),
                    s.limit(), s.holdout());
        }
    }
}
