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
import ai.djl.training.tracker.Tracker;
import backproplab.InvalidInputException;
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
 * The training loop: for each epoch, train on shuffled augmented batches, then evaluate; what
 * happens after an epoch (the line on screen, checkpoints, the best model, metrics) is done by
 * {@link TrainingListener}s. A run folder ({@link RunFolder}) receives everything it produces.
 */
public final class TrainingRun {

    /** The loss became NaN or infinite: training cannot go on from here. */
    public static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }

    /** How a run ended: its epochs so far, and what stopped it early (null: it finished). */
    public record Outcome(List<EpochMetrics> history, String stoppedBy) {}

    /** The images of a run, cut by --limit and --holdout (null: no holdout). */
    private record Data(Digits train, Digits holdout, Digits test) {}

    private final TrainSettings settings;
    private final RunFolder folder;
    private final PrintStream out;
    private final StopRequest stop;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public TrainingRun(TrainSettings settings, RunFolder folder, PrintStream out, StopRequest stop) {
        this.settings = settings;
        this.folder = folder;
        this.out = out;
        this.stop = stop;
        listeners.add(end -> out.println(end.metrics().line(settings.recipe().epochs())));
        listeners.addAll(folder.recorders());
        listeners.add(new Divergence(folder));
    }

    /** Also tells {@code listener} after each step and epoch, after the run's own listeners. */
    public TrainingRun listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public Outcome run() throws IOException {
        Recipe recipe = settings.recipe();
        Data data = load();
        int stepsPerEpoch = (data.train().count() + recipe.batchSize() - 1) / recipe.batchSize();
        Path resumeFrom = folder.lastCheckpoint();
        Checkpoint.Meta done = resumeFrom == null ? null : resumable(resumeFrom, stepsPerEpoch);
        List<EpochMetrics> history = new ArrayList<>(done == null ? List.of() : done.history());
        Tracker learningRate = LearningRates.of(recipe, stepsPerEpoch);
        CheckpointedOptimizer optimizer = CheckpointedOptimizer.create(recipe, learningRate,
                done == null ? 0 : done.steps());

        Engine.getInstance().setRandomSeed((int) settings.seed());
        Architecture arch = settings.models().define(recipe.dropout());
        Shape oneImage = arch.inputShape(1);
        try (Model model = ModelLoader.build(arch)) {
            Block block = model.getBlock();
            if (resumeFrom != null) {
                NDList state = ModelLoader.restore(resumeFrom, settings.model(), model);
                try {
                    optimizer.restore(state, block);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(resumeFrom + " is not a valid checkpoint: "
                            + e.getMessage());
                }
                out.printf("resuming %s after epoch %d (%s)%n", folder.dir(), done.epoch(),
                        resumeFrom.getFileName());
            }
            folder.start();
            DefaultTrainingConfig config = new DefaultTrainingConfig(
                    new NllLoss(recipe.labelSmoothing())).optOptimizer(optimizer)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config);
                 Evaluation test = new Evaluation(trainer.getManager(), data.test());
                 Evaluation held = data.holdout() == null ? null
                         : new Evaluation(trainer.getManager(), data.holdout())) {
                // Initialising again only attaches gradients: loaded weights stay as they are.
                trainer.initialize(oneImage);
                float[] pixels = TrainBatches.unitPixels(data.train());
                RandomAffine affine = new RandomAffine(recipe.rotation(), recipe.shift());
                ParameterStore inference = new ParameterStore(trainer.getManager(), false);
                for (int epoch = history.size() + 1; epoch <= recipe.epochs(); epoch++) {
                    long t0 = System.nanoTime();
                    double[] trained = trainEpoch(trainer, optimizer, data.train(), pixels,
                            affine, epoch);
                    if (trained == null) {
                        break;
                    }
                    double trainSeconds = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    Evaluation.Result result = test.run(block, inference);
                    Double heldAccuracy = held == null ? null
                            : held.run(block, inference).accuracy();
                    int steps = epoch * stepsPerEpoch;
                    history.add(new EpochMetrics(epoch, trained[0], trained[1], result.loss(),
                            result.accuracy(), heldAccuracy, learningRate.getNewValue(steps),
                            trainSeconds, (System.nanoTime() - t1) / 1e9));
                    TrainingListener.EpochEnd end = new TrainingListener.EpochEnd(
                            new Checkpoint.Meta(settings.model(), recipe.dropout(), epoch, steps,
                                    List.copyOf(history)), block, optimizer.stateList(block));
                    for (TrainingListener listener : listeners) {
                        listener.epochEnded(end);
                    }
                    if (stop.requested()) {
                        break;
                    }
                }
            }
        }
        // A stop that came after the last step changed nothing: the run is complete.
        return new Outcome(history, history.size() < recipe.epochs() ? stop.reason() : null);
    }

    /** The images, with --limit and --holdout checked against what the data folder holds. */
    private Data load() {
        MnistFiles.Mnist mnist = MnistFiles.load(Path.of(settings.dataDir()), out::println);
        int available = mnist.train().count();
        if (settings.limit() > available) {
            throw new InvalidInputException("--limit: " + settings.limit() + " is more than the "
                    + available + " training images in " + settings.dataDir());
        }
        Digits train = mnist.train().first(settings.limit());
        if (settings.holdout() >= train.count()) {
            throw new InvalidInputException("--holdout: " + settings.holdout() + " leaves none of"
                    + " the " + train.count() + " training images to train on");
        }
        if (settings.holdout() == 0) {
            return new Data(train, null, mnist.test());
        }
        int cut = train.count() - settings.holdout();
        return new Data(train.slice(0, cut), train.slice(cut, train.count()), mnist.test());
    }

    /** The last checkpoint's header, if this run's settings can go on from it. */
    private Checkpoint.Meta resumable(Path checkpoint, int stepsPerEpoch) {
        Checkpoint.Meta done = Checkpoint.readMeta(checkpoint);
        if (done.steps() != done.epoch() * stepsPerEpoch) {
            throw new InvalidInputException(checkpoint + " was written at " + done.steps()
                    / done.epoch() + " steps an epoch, but the run's settings make "
                    + stepsPerEpoch + "; was " + RunFolder.SETTINGS + " changed?");
        }
        if (done.epoch() >= settings.recipe().epochs()) {
            throw new InvalidInputException("--resume: " + folder.dir() + " has already trained"
                    + " the " + settings.recipe().epochs() + " epochs of its recipe; nothing to"
                    + " resume (evaluate it with: backprop-lab evaluate --run " + folder.dir() + ")");
        }
        return done;
    }

    /**
     * One pass over the training set; returns {mean loss, accuracy} as seen while training, or
     * null when a stop was requested: the partial epoch is abandoned, and a resumed run repeats it
     * exactly from the last checkpoint.
     *
     * <p>The update calls the optimizer directly instead of {@code trainer.step()}: DJL's local
     * parameter server copies every gradient first, and the fused kernels copy it again.
     */
    private double[] trainEpoch(Trainer trainer, CheckpointedOptimizer optimizer, Digits train,
                                float[] pixels, RandomAffine affine, int epoch) {
        List<Parameter> trainable = trainer.getModel().getBlock().getParameters().values()
                .stream().filter(Parameter::requiresGradient).toList();
        Recipe recipe = settings.recipe();
        // Dropout's masks come from (seed, epoch) too, so a resumed epoch repeats.
        FastDropout.reseedAll(trainer.getModel().getBlock(), settings.seed() * 1000 + epoch);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        try (TrainBatches batches = new TrainBatches(train, pixels, recipe.batchSize(), affine,
                settings.seed(), epoch);
             Progress progress = Progress.of(String.format("epoch %d/%d", epoch, recipe.epochs()),
                     batches.batchesPerEpoch(), out)) {
            while (batches.hasNext()) {
                if (stop.requested()) {
                    return null;
                }
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
                    for (TrainingListener listener : listeners) {
                        listener.stepEnded(epoch, loss);
                    }
                    for (Parameter p : trainable) {
                        try (NDArray gradient = p.getArray().getGradient()) {
                            optimizer.update(p.getId(), p.getArray(), gradient);
                        }
                    }
                    lossSum += loss * n;
                    seen += n;
                }
                double meanLoss = lossSum / seen;
                double accuracy = (double) correct / seen;
                progress.step(() -> String.format("loss %.4f acc %.2f%%", meanLoss,
                        100 * accuracy));
            }
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }

    /** Stops the run at the first loss that is not finite, naming what is kept. */
    private static final class Divergence implements TrainingListener {
        private final RunFolder folder;

        Divergence(RunFolder folder) {
            this.folder = folder;
        }

        @Override
        public void epochEnded(EpochEnd end) {}

        @Override
        public void stepEnded(int epoch, float loss) {
            if (Float.isFinite(loss)) {
                return;
            }
            Path kept;
            try {
                kept = folder.lastCheckpoint();
            } catch (IOException e) {
                kept = null;
            }
            throw new DivergedException(String.format("the loss became %s in epoch %d; %s", loss,
                    epoch, kept == null ? "no epoch had finished, so no checkpoint was kept"
                            : "the last good checkpoint is kept: " + kept));
        }
    }
}
