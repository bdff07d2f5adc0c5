package backproplab.training;

import backproplab.model.Models;
import backproplab.model.Recipe;

/**
 * Everything a training run depends on. Saved as settings.json in the run folder, so that
 * {@code --resume} continues with exactly these.
 *
 * @param limit   train on the first N training images only (0: all)
 * @param holdout keep the last N training images aside to choose the best epoch (0: use the test
 *                set, as the original notebook does)
 */
public record TrainSettings(String model, Recipe recipe, long seed, int threads, String dataDir,
                            int limit, int holdout) {

    public Models models() {
        return Models.byName(model);
    }
}
