package backproplab.training;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import backproplab.data.Digits;
import backproplab.data.RandomAffine;
import backproplab.data.TrainBatches;
import backproplab.model.Architecture;
import backproplab.model.Recipe;
import java.util.List;
import java.util.function.Consumer;

/**
 * A learning-rate range test's training: a new model of {@code settings} (never a run folder's)
 * trained step by step with the rates of {@code rates}, with the pieces {@link TrainingRun}
 * trains with: its model and trainer, the recipe's optimizer and loss, shuffled augmented
 * batches, the replicas and the same update. Epochs follow each other as in a run when the
 * steps outlast one. Nothing is written.
 */
public final class RangeTest {

    /** Hears of each step; answers whether to go on. */
    @FunctionalInterface
    public interface Steps {
        boolean stepped(int step, float loss);
    }

    private RangeTest() {}

    /**
     * Trains up to {@code steps} steps, telling {@code steps} each one's mean loss, until it
     * answers false; {@code say} hears of a download of MNIST.
     *
     * @return the steps taken
     */
    public static int run(TrainSettings settings, Tracker rates, int steps, Consumer<String> say,
                          Steps listener) {
        Recipe recipe = settings.recipe();
        Digits train = TrainingRun.trainImages(settings, say);
        RandomAffine affine = TrainingRun.augmentation(recipe);
        Architecture arch = settings.architecture();
        CheckpointedOptimizer optimizer = CheckpointedOptimizer.create(recipe, rates, 0);
        int taken = 0;
        try (Model model = TrainingRun.newModel(settings);
             Trainer trainer = TrainingRun.trainer(model, recipe, optimizer)) {
            trainer.initialize(arch.inputShape(1));
            List<Parameter> trainable = TrainingRun.trainable(trainer);
            try (Replicas replicas = new Replicas(arch, model.getBlock(), trainer.getManager(),
                    trainer.getLoss(), settings.threads())) {
                for (int epoch = 1; taken < steps; epoch++) {
                    replicas.startEpoch(settings.seed(), epoch);
                    try (TrainBatches batches = new TrainBatches(train,
                            recipe.batchSize(), affine, settings.seed(), epoch)) {
                        while (batches.hasNext() && taken < steps) {
                            Replicas.Step step = replicas.step(batches.next());
                            taken++;
                            if (!listener.stepped(taken - 1, step.loss())) {
                                return taken;
                            }
                            TrainingRun.update(optimizer, trainable, false);
                        }
                    }
                }
            }
        }
        return taken;
    }
}
