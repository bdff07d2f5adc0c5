package backproplab.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.tracker.Tracker;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.data.RandomAffine;
import backproplab.data.TrainBatches;
import backproplab.model.Architecture;
import backproplab.model.FastDropout;
import backproplab.model.Recipe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop: for each epoch, train on shuffled augmented batches, evaluate, checkpoint.
 * A run folder ({@link RunFolder}) receives everything it produces.
 */
public final class TrainingRun {

    /** PyTorch's default for convolution weights: U(±1/√fan_in). */
    private static final XavierInitializer PYTORCH_DEFAULT = new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);

    /** Told after each epoch; returning false stops the run there (as an interruption would). */
    public interface EpochListener {
        boolean afterEpoch(EpochMetrics metrics);
    }

    /** The loss became NaN or infinite: training cannot go on from here. */
    public static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }

    private final TrainSettings settings;
    private final RunFolder folder;
    private final PrintStream out;

    public TrainingRun(TrainSettings settings, RunFolder folder, PrintStream out) {
        this.settings = settings;
        this.folder = folder;
        this.out = out;
    }

    public List<EpochMetrics> run(EpochListener listener) throws IOException {
        Recipe recipe = settings.recipe();
        Architecture arch = settings.models().define(recipe.dropout());
        MnistFiles.Mnist mnist = MnistFiles.load(Path.of(settings.dataDir()), out::println);
        Digits train = mnist.train().first(settings.limit());
        Digits holdout = null;
        if (settings.holdout() > 0) {
            holdout = train.slice(train.count() - settings.holdout(), train.count());
            train = train.slice(0, train.count() - settings.holdout());
        }
        int stepsPerEpoch = (train.count() + recipe.batchSize() - 1) / recipe.batchSize();
        Tracker learningRate = LearningRates.of(recipe, stepsPerEpoch);
        Path resumeFrom = folder.lastCheckpoint();
        Checkpoint.Meta done = resumeFrom == null ? null : Checkpoint.readMeta(resumeFrom);
        List<EpochMetrics> history = new ArrayList<>(done == null ? List.of() : done.history());
        int steps = done == null ? 0 : done.steps();
        CheckpointedOptimizer optimizer = CheckpointedOptimizer.create(recipe, learningRate, steps);
        folder.writeLearningRates(learningRate, recipe.epochs(), stepsPerEpoch);

        Engine.getInstance().setRandomSeed((int) settings.seed());
        Shape oneImage = arch.inputShape(1);
        try (Model model = Model.newInstance(arch.name(), Device.cpu(), "PyTorch")) {
            Block block = arch.newBlock();
            block.setInitializer(PYTORCH_DEFAULT, Parameter.Type.WEIGHT);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, oneImage);
            if (resumeFrom != null) {
                optimizer.restore(Checkpoint.load(resumeFrom, block, model.getNDManager()), block);
                out.printf("resuming %s after epoch %d (%s)%n", folder.dir(), done.epoch(),
                        resumeFrom.getFileName());
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(
                    new NllLoss(recipe.labelSmoothing())).optOptimizer(optimizer)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config);
                 Evaluation test = new Evaluation(trainer.getManager(), mnist.test());
                 Evaluation held = holdout == null ? null
                         : new Evaluation(trainer.getManager(), holdout)) {
                // Initialising again only attaches gradients: loaded weights stay as they are.
                trainer.initialize(oneImage);
                float[] pixels = TrainBatches.unitPixels(train);
                RandomAffine affine = new RandomAffine(recipe.rotation(), recipe.shift());
                ParameterStore inference = new ParameterStore(trainer.getManager(), false);
                int width = Terminal.width();
                out.println(EpochMetrics.header(held != null, width));
                for (int epoch = history.size() + 1; epoch <= recipe.epochs(); epoch++) {
                    // Dropout's masks come from (seed, epoch) too, so a resumed epoch repeats.
                    FastDropout.reseedAll(block, settings.seed() * 1000 + epoch);
                    long t0 = System.nanoTime();
                    float[] batchLosses = new float[stepsPerEpoch];
                    double[] trainStats = trainEpoch(trainer, optimizer, train, pixels, affine,
                            epoch, batchLosses);
                    folder.saveBatchLosses(epoch, batchLosses);
                    steps += stepsPerEpoch;
                    double trainSeconds = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    Evaluation.Result result;
                    try (Progress progress = Progress.of("test", test.batches(), out)) {
                        result = test.run(block, inference, progress);
                    }
                    Double heldAccuracy = held == null ? null
                            : held.run(block, inference).accuracy();
                    EpochMetrics m = new EpochMetrics(epoch, trainStats[0], trainStats[1],
                            result.loss(), result.accuracy(), heldAccuracy,
                            learningRate.getNewValue(steps), trainSeconds,
                            (System.nanoTime() - t1) / 1e9);
                    history.add(m);
                    out.println(m.line(recipe.epochs(), width));
                    Checkpoint.Meta meta = new Checkpoint.Meta(settings.model(),
                            recipe.dropout(), epoch, steps, List.copyOf(history));
                    folder.saveEpoch(meta, block, optimizer.stateList(block));
                    if (!listener.afterEpoch(m)) {
                        break;
                    }
                }
            }
        }
        return history;
    }

    /**
     * One pass over the training set; returns {mean loss, accuracy} as seen while training and
     * fills {@code batchLosses} with each batch's loss.
     *
     * <p>The update calls the optimizer directly instead of {@code trainer.step()}: DJL's local
     * parameter server copies every gradient first, and the fused kernels copy it again.
     */
    private double[] trainEpoch(Trainer trainer, CheckpointedOptimizer optimizer, Digits train,
                                float[] pixels, RandomAffine affine, int epoch,
                                float[] batchLosses) {
        List<Parameter> trainable = trainer.getModel().getBlock().getParameters().values()
                .stream().filter(Parameter::requiresGradient).toList();
        Recipe recipe = settings.recipe();
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        int done = 0;
        try (TrainBatches batches = new TrainBatches(train, pixels, recipe.batchSize(), affine,
                settings.seed(), epoch);
             Progress progress = Progress.of(String.format("epoch %d/%d", epoch, recipe.epochs()),
                     batches.batchesPerEpoch(), out)) {
            while (batches.hasNext()) {
                TrainBatches.Batch batch = batches.next();
                int n = batch.size();
                try (NDManager scratch = trainer.getManager().newSubManager()) {
                    NDArray x = scratch.create(batch.images(),
                            new Shape(n, 1, Digits.SIDE, Digits.SIDE), DataType.FLOAT32);
                    NDArray y = scratch.create(batch.labels());
                    float loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray logProbs = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(logProbs));
                        collector.backward(l);
                        loss = l.getFloat();
                        correct += logProbs.argMax(1).eq(y).sum().getLong();
                    }
                    if (!Float.isFinite(loss)) {
                        throw new DivergedException(String.format("the loss became %s in epoch %d;"
                                + " the last good checkpoint is kept in %s", loss, epoch,
                                folder.dir()));
                    }
                    for (Parameter p : trainable) {
                        try (NDArray gradient = p.getArray().getGradient()) {
                            optimizer.update(p.getId(), p.getArray(), gradient);
                        }
                    }
                    batchLosses[done++] = loss;
                    lossSum += loss * n;
                    seen += n;
                }
                double meanLoss = lossSum / seen;
                double accuracy = (double) correct / seen;
                progress.step(n, () -> String.format("loss %.4f acc %.2f%%", meanLoss,
                        100 * accuracy));
            }
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }
}
