package backproplab.training;

import static backproplab.Bounds.atLeast;
import static backproplab.Bounds.present;

import backproplab.InvalidValueException;
import backproplab.model.Architecture;
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
 */
public record TrainSettings(String model, Recipe recipe, long seed, int threads, String dataDir,
                            int limit, int holdout) {

    /** The seed of a run that names none, on the command line or in the lab. */
    public static final long DEFAULT_SEED = 1;

    public TrainSettings {
        Models.byName(present("--model", model), "--model");
        present("recipe", recipe);
        atLeast("--threads", threads, 1);
        present("--data-dir", dataDir);
        atLeast("--limit", limit, 0);
        atLeast("--holdout", holdout, 0);
        if (limit > 0 && holdout >= limit) {
            throw new InvalidValueException("--holdout", holdout + " leaves no training images"
                    + " of the " + limit + " of --limit");
        }
    }

    /** The layers this run trains: its model, with the recipe's dropout. */
    public Architecture architecture() {
        return Models.byName(model).define(recipe.dropout());
    }
}
