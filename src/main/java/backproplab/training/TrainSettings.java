package backproplab.training;

import static backproplab.Bounds.atLeast;
import static backproplab.Bounds.present;

import backproplab.InvalidValueException;
import backproplab.model.Architecture;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.Recipe;

/**
 * Everything a training run depends on. Saved as settings.json in the run folder, so that
 * {@code --resume} continues with exactly these. Checks itself like {@link Recipe}: the command
 * line and a settings.json read back pass the same rules. Whether {@code limit} and
 * {@code holdout} fit the images actually loaded is checked when they are loaded.
 *
 * @param threads CPU threads asked for (capped at the machine's cores when the run starts)
 * @param limit   train on the first N training images only (0: all)
 * @param holdout keep the last N training images aside to choose the best epoch (0: use the test
 *                set, as the original notebook does)
 * @param modelText the model file it trains, as written; the run folder keeps it as
 *                  {@value RunFolder#MODEL}, not in settings.json (null in a settings.json read
 *                  alone: a run from before models were files, of the built-in model named)
 */
public record TrainSettings(String model, Recipe recipe, long seed, int threads, String dataDir,
                            int limit, int holdout, String modelText) {

    /**
     * Values a batch may keep for the backward pass: 2 GB of floats, about a third of what
     * training then holds at its peak. The built-in models fit 4,096 images; a learner's wide
     * model is refused a batch that would exhaust a laptop's memory.
     */
    public static final long MAX_BATCH_VALUES = 500_000_000;

    /** The seed of a run that names none, on the command line or in the lab. */
    public static final long DEFAULT_SEED = 1;

    public TrainSettings {
        present("--model", model);
        if (modelText == null) {
            modelText = Models.builtIn(model, "--model").text();
        }
        ModelFile file = Models.saved(model, modelText, RunFolder.MODEL);
        present("recipe", recipe);
        long perImage = file.architecture().activations();
        if (perImage * recipe.batchSize() > MAX_BATCH_VALUES) {
            throw new InvalidValueException("--batch-size", "at most " + MAX_BATCH_VALUES
                    / perImage + " images of " + model + " fit in memory (each keeps "
                    + perImage + " values for the backward pass), not " + recipe.batchSize());
        }
        atLeast("--threads", threads, 1);
        present("--data-dir", dataDir);
        atLeast("--limit", limit, 0);
        atLeast("--holdout", holdout, 0);
        if (limit > 0 && holdout >= limit) {
            throw new InvalidValueException("--holdout", holdout + " leaves no training images"
                    + " of the " + limit + " of --limit");
        }
    }

    /** A run of the built-in model {@code model}. */
    public TrainSettings(String model, Recipe recipe, long seed, int threads, String dataDir,
                         int limit, int holdout) {
        this(model, recipe, seed, threads, dataDir, limit, holdout, null);
    }

    /** A run of {@code model}, as its file is written. */
    public TrainSettings(ModelFile model, Recipe recipe, long seed, int threads, String dataDir,
                         int limit, int holdout) {
        this(model.name(), recipe, seed, threads, dataDir, limit, holdout, model.text());
    }

    /** The model file this run trains, checked as any model file is. */
    public ModelFile modelFile() {
        return Models.saved(model, modelText, RunFolder.MODEL);
    }

    /** The layers this run trains: its model, with the recipe's dropout. */
    public Architecture architecture() {
        return modelFile().architecture(recipe.dropout());
    }
}
