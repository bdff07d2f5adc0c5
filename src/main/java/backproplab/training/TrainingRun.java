package backproplab.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import backproplab.InvalidInputException;
import backproplab.InvalidValueException;
import backproplab.SideBySide;
import backproplab.console.Progress;
import backproplab.console.Terminal;
import backproplab.data.Digits;
import backproplab.data.MnistFiles;
import backproplab.data.RandomAffine;
import backproplab.data.TrainBatches;
import backproplab.kernels.KernelGuard;
import backproplab.model.Architecture;
import backproplab.model.Recipe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The training loop: for each epoch, train on shuffled augmented batches, then evaluate; what
 * happens after an epoch (the line on screen, checkpoints, the best model, metrics) is done by
 * {@link TrainingListener}s. A run folder ({@link RunFolder}) receives everything it produces;
 * {@link RunRecords} writes it there.
 */
public final class TrainingRun {

    /** A loss or gradient became NaN or infinite: training cannot go on from here. */
    public static final class NonFiniteException extends RuntimeException {
        NonFiniteException(String message) {
            super(message);
        }
    }

    /** How a run ended: its epochs so far, and what stopped it early (null: it finished). */
    public record Outcome(List<EpochMetrics> history, String stoppedBy) {}

    /** The images of a run, cut by --limit and --holdout (null: no holdout). */
    record Data(Digits train, Digits holdout, Digits test) {}

    private final TrainSettings settings;
    private final RunFolder folder;
    private final RunRecords records;
    private final PrintStream out;
    private final StopRequest stop;
    /** The terminal's width (80 when not a terminal), for the epoch table. */
    private final int width = Terminal.width();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final NonFinite nonFinite;
    private final Timings timings = new Timings();

    public TrainingRun(TrainSettings settings, RunFolder folder, PrintStream out,
                       StopRequest stop) {
        this.settings = settings;
        this.folder = folder;
        this.records = new RunRecords(folder);
        this.out = out;
        this.stop = stop;
        listeners.add(end -> out.println(end.metrics().line(settings.recipe().epochs(), width)));
        listeners.addAll(records.recorders());
        this.nonFinite = new NonFinite(folder::lastCheckpoint, settings.recipe().learningRate());
    }

    /** Also tells {@code listener} after each step and epoch, after the run's own listeners. */
    public TrainingRun listener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public Outcome run() throws IOException {
        Recipe recipe = settings.recipe();
        timings.processStarted();
        Prepared prepared = prepareBesideLibtorch();
        Data data = prepared.data();
        int stepsPerEpoch = prepared.stepsPerEpoch();
        Path resumeFrom = folder.lastCheckpoint();
        Checkpoint.Meta done = resumeFrom == null ? null : resumable(resumeFrom, stepsPerEpoch);
        List<EpochMetrics> history = new ArrayList<>(done == null ? List.of() : done.history());
        Tracker learningRate = LearningRates.of(recipe, stepsPerEpoch);
        CheckpointedOptimizer optimizer = CheckpointedOptimizer.create(recipe, learningRate,
                done == null ? 0 : done.steps());
        Architecture arch = settings.architecture();
        // Said only now that the data and the checkpoint's header passed their checks, so a
        // refused run does not first announce a folder it will not make.
        out.printf(Locale.ROOT,
                "training %s (%,d parameters) into %s%n", arch.name(), arch.parameters(),
                folder.dir());
        long setupStart = System.nanoTime();
        try (Model model = model(arch, optimizer, resumeFrom, done);
             Trainer trainer = trainer(model, recipe, optimizer);
             Epochs epochs = new Epochs(trainer, optimizer, data, arch)) {
            folder.start();
            records.writeLearningRates(prepared.learningRateChart());
            timings.add(0, Timings.Phase.SETUP, System.nanoTime() - setupStart);
            out.println(EpochMetrics.header(data.holdout() != null, width));
            for (int epoch = history.size() + 1; epoch <= recipe.epochs(); epoch++) {
                EpochMetrics metrics = epochs.run(epoch, learningRate.getNewValue(
                        epoch * stepsPerEpoch));
                if (metrics == null) {
                    break;
                }
                history.add(metrics);
                TrainingListener.EpochEnd end = new TrainingListener.EpochEnd(
                        new Checkpoint.Meta(settings.modelFile(), recipe.dropout(), epoch,
                                epoch * stepsPerEpoch, List.copyOf(history)),
                        model.getBlock(), optimizer.stateList(model.getBlock()));
                long recordsStart = System.nanoTime();
                for (TrainingListener listener : listeners) {
                    listener.epochEnded(end);
                }
                timings.add(epoch, Timings.Phase.RECORDS, System.nanoTime() - recordsStart);
                timings.write(folder.dir());
                nonFinite.checkEpoch(metrics);
                if (stop.requested()) {
                    break;
                }
            }
        }
        // A stop that came after the last step changed nothing: the run is complete.
        return new Outcome(history, history.size() < recipe.epochs() ? stop.reason() : null);
    }

    /**
     * The run's model: new, or restored with its optimizer state from the last checkpoint, whose
     * header {@code done} is.
     */
    private Model model(Architecture arch, CheckpointedOptimizer optimizer, Path resumeFrom,
                        Checkpoint.Meta done) {
        Model model = newModel(settings);
        if (resumeFrom == null) {
            return model;
        }
        try {
            NDList state = ModelLoader.restore(resumeFrom, done, settings.model(), model);
            optimizer.restore(state, model.getBlock());
        } catch (InvalidInputException e) {
            model.close();
            throw e.getMessage().startsWith(resumeFrom.toString()) ? e : new InvalidInputException(
                    resumeFrom + " is not a valid checkpoint: " + e.getMessage());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        out.printf(Locale.ROOT, "resuming %s after epoch %d (%s)%n", folder.dir(),
                done.epoch(), resumeFrom.getFileName());
        return model;
    }

    /** A new model of {@code settings}, its weights drawn from the run's seed. */
    static Model newModel(TrainSettings settings) {
        Engines.noGradientsOnThisThread();
        ensureRightKernels(settings);
        Engine.getInstance().setRandomSeed((int) settings.seed());
        return ModelLoader.build(settings.architecture());
    }

    /** Every convolution call training {@code settings} makes, checked (once a process). */
    private static void ensureRightKernels(TrainSettings settings) {
        KernelGuard.ensureRight(KernelGuard.training(settings.architecture(),
                settings.recipe().batchSize(), settings.threads()));
    }

    /** The trainer of {@code model}: the recipe's loss, {@code optimizer}, the CPU. */
    static Trainer trainer(Model model, Recipe recipe, CheckpointedOptimizer optimizer) {
        return model.newTrainer(new DefaultTrainingConfig(new NllLoss(recipe.labelSmoothing()))
                .optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()}));
    }

    /** The weights a gradient reaches: what every step updates. */
    static List<Parameter> trainable(Trainer trainer) {
        return trainer.getModel().getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient).toList();
    }

    /**
     * One update of the shared weights from the gradients the replicas left in them; with
     * {@code drop}, a step's gradients are zeroed first.
     */
    static void update(CheckpointedOptimizer optimizer, List<Parameter> trainable,
                       boolean drop) {
        for (Parameter p : trainable) {
            try (NDArray gradient = p.getArray().getGradient()) {
                if (drop) {
                    // The step still counts (the schedule, a resumed run's step number) and
                    // momentum carries on; only the spike's own gradient is gone.
                    gradient.subi(gradient);
                }
                optimizer.update(p.getId(), p.getArray(), gradient);
            }
        }
    }

    /** The images, and the learning-rate chart their step count gives. */
    private record Prepared(Data data, int stepsPerEpoch, byte[] learningRateChart) {}

    /**
     * The images, with --limit and --holdout checked against what the data folder holds, read on
     * a helper thread while this one loads libtorch and checks the model's convolutions; the
     * helper then draws the learning-rate chart. Neither needs the other, and the first two take
     * about a second each here, the chart half a second (docs/PERFORMANCE.md).
     */
    private Prepared prepareBesideLibtorch() {
        ExecutorService helper = SideBySide.threads("data", 1);
        try {
            Future<Prepared> prepared = helper.submit(() -> {
                long start = System.nanoTime();
                Data data = load(settings, out::println);
                timings.add(0, Timings.Phase.DATA, System.nanoTime() - start);
                Recipe recipe = settings.recipe();
                int steps = TrainBatches.batchesPerEpoch(data.train().count(),
                        recipe.batchSize());
                return new Prepared(data, steps, RunRecords.learningRateChart(
                        LearningRates.of(recipe, steps), recipe.epochs(), steps));
            });
            long start = System.nanoTime();
            Engines.noGradientsOnThisThread();
            long loaded = System.nanoTime();
            timings.add(0, Timings.Phase.LIBTORCH, loaded - start);
            ensureRightKernels(settings);
            timings.add(0, Timings.Phase.KERNEL_CHECK, System.nanoTime() - loaded);
            return SideBySide.join(prepared);
        } finally {
            helper.shutdownNow();
        }
    }

    /**
     * The images of {@code settings}, with --limit and --holdout checked against what the data
     * folder holds, telling {@code say} of a download.
     */
    static Data load(TrainSettings settings, Consumer<String> say) {
        MnistFiles.Mnist mnist = MnistFiles.load(Path.of(settings.dataDir()), say);
        int available = mnist.train().count();
        checkLimit(settings.limit(), available, settings.dataDir());
        Digits train = mnist.train().first(settings.limit());
        TrainSettings.checkHoldout(settings.holdout(), train.count(), false);
        if (settings.holdout() == 0) {
            return new Data(train, null, mnist.test());
        }
        int cut = train.count() - settings.holdout();
        return new Data(train.slice(0, cut), train.slice(cut, train.count()), mnist.test());
    }

    /**
     * The images a run of {@code settings} trains on (--limit and --holdout cut), in their
     * order: what its batches shuffle and augment.
     */
    public static Digits trainImages(TrainSettings settings, Consumer<String> say) {
        return load(settings, say).train();
    }

    /** The recipe's augmentation, as every epoch applies it. */
    public static RandomAffine augmentation(Recipe recipe) {
        return new RandomAffine(recipe.rotation(), recipe.shift());
    }

    /** --limit against the {@code available} training images of {@code dataDir}. */
    public static void checkLimit(int limit, int available, String dataDir) {
        if (limit > available) {
            throw new InvalidValueException("--limit", limit + " is more than the "
                    + available + " training images in " + dataDir);
        }
    }

    /**
     * The last checkpoint's header, if this run's settings can go on from it. (A finished run
     * never gets here: {@link RunFolder#resume} refuses it.)
     */
    private Checkpoint.Meta resumable(Path checkpoint, int stepsPerEpoch) {
        Checkpoint.Meta done = Checkpoint.readMeta(checkpoint);
        if (done.steps() != done.epoch() * stepsPerEpoch) {
            throw new InvalidInputException(checkpoint + " was written at " + done.steps()
                    / done.epoch() + " steps an epoch, but the run's settings make "
                    + stepsPerEpoch + "; was " + RunFolder.SETTINGS + " changed?");
        }
        return done;
    }

    /** Trains and evaluates one epoch at a time: everything that lives as long as the loop. */
    private final class Epochs implements AutoCloseable {
        private final Trainer trainer;
        private final CheckpointedOptimizer optimizer;
        private final Digits train;
        private final RandomAffine affine;
        private final Evaluation test;
        private final Evaluation held;
        private final ParameterStore inference;
        private final List<Parameter> trainable;
        private final Replicas replicas;
        private final LossSpikes spikes = new LossSpikes();

        Epochs(Trainer trainer, CheckpointedOptimizer optimizer, Data data, Architecture arch) {
            this.trainer = trainer;
            this.optimizer = optimizer;
            this.train = data.train();
            // Initialising again only attaches gradients: loaded weights stay as they are.
            trainer.initialize(arch.inputShape(1));
            this.affine = augmentation(settings.recipe());
            this.test = new Evaluation(trainer.getManager(), data.test());
            this.held = data.holdout() == null ? null
                    : new Evaluation(trainer.getManager(), data.holdout());
            this.inference = new ParameterStore(trainer.getManager(), false);
            this.trainable = trainable(trainer);
            this.replicas = new Replicas(arch, trainer.getModel().getBlock(), trainer.getManager(),
                    trainer.getLoss(), settings.threads());
        }

        /** The epoch's metrics, or null if a stop came first (the partial epoch is dropped). */
        EpochMetrics run(int epoch, double learningRate) {
            long t0 = System.nanoTime();
            Trained trained = train(epoch);
            if (trained == null) {
                return null;
            }
            replicas.endEpoch();
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            Block block = trainer.getModel().getBlock();
            Evaluation.Result result;
            try (Progress progress = Progress.of("test", test.batches(), out)) {
                result = test.run(block, inference, progress);
            }
            Double heldAccuracy = null;
            if (held != null) {
                try (Progress progress = Progress.of("holdout", held.batches(), out)) {
                    heldAccuracy = held.run(block, inference, progress).accuracy();
                }
            }
            long evaluated = System.nanoTime() - t1;
            timings.add(epoch, Timings.Phase.EVALUATION, evaluated);
            return new EpochMetrics(epoch, trained.loss(), trained.accuracy(), result.loss(),
                    result.accuracy(), heldAccuracy, learningRate, trainSeconds,
                    evaluated / 1e9);
        }

        /** An epoch's mean loss and accuracy, as seen while training (augmented, with dropout). */
        private record Trained(double loss, double accuracy) {}

        /**
         * One pass over the training set; returns its loss and accuracy, or null when a stop
         * was requested: the partial epoch is abandoned, and a resumed run
         * repeats it exactly from the last checkpoint.
         *
         * <p>The update calls the optimizer directly instead of {@code trainer.step()}: DJL's
         * local parameter server copies every gradient first, and the fused kernels copy it
         * again.
         */
        private Trained train(int epoch) {
            Recipe recipe = settings.recipe();
            // Dropout's masks come from (seed, epoch) too, so a resumed epoch repeats.
            replicas.startEpoch(settings.seed(), epoch);
            spikes.startEpoch();
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            try (TrainBatches batches = new TrainBatches(train, recipe.batchSize(),
                    affine, settings.seed(), epoch);
                 Progress progress = Progress.of(String.format(Locale.ROOT, "epoch %d/%d", epoch,
                         recipe.epochs()), batches.batchesPerEpoch(), out)) {
                while (batches.hasNext()) {
                    if (stop.requested()) {
                        return null;
                    }
                    long waitStart = System.nanoTime();
                    TrainBatches.Batch batch = batches.next();
                    timings.add(epoch, Timings.Phase.DATA_WAIT, System.nanoTime() - waitStart);
                    Replicas.Step step = step(batch, epoch);
                    lossSum += step.loss() * batch.size();
                    seen += batch.size();
                    correct += step.correct();
                    double meanLoss = lossSum / seen;
                    double accuracy = (double) correct / seen;
                    progress.step(batch.size(), () -> String.format(Locale.ROOT,
                            "loss %.4f acc %.2f%%",
                            meanLoss, 100 * accuracy));
                }
            }
            if (spikes.leftOut() > 0) {
                out.printf(Locale.ROOT,
                        "epoch %d: %d step(s) left out, their loss over %.0f times the median"
                        + " of the steps before (largest %.1f)%n", epoch, spikes.leftOut(),
                        LossSpikes.FACTOR, spikes.largest());
            }
            return new Trained(lossSum / seen, (double) correct / seen);
        }

        /**
         * Forward and backward on the replicas, then one update of the shared weights; the
         * gradients of a loss spike ({@link LossSpikes}) are dropped first.
         */
        private Replicas.Step step(TrainBatches.Batch batch, int epoch) {
            long start = System.nanoTime();
            Replicas.Step step = replicas.step(batch);
            long stepped = System.nanoTime();
            timings.add(epoch, Timings.Phase.FORWARD, step.forwardNanos());
            timings.add(epoch, Timings.Phase.BACKWARD, step.backwardNanos());
            timings.add(epoch, Timings.Phase.REPLICA_WAIT,
                    stepped - start - step.forwardNanos() - step.backwardNanos());
            for (TrainingListener listener : listeners) {
                listener.stepEnded(epoch, step.loss());
            }
            nonFinite.checkStep(epoch, step.loss(), trainable);
            update(optimizer, trainable, spikes.isSpike(step.loss()));
            timings.add(epoch, Timings.Phase.UPDATE, System.nanoTime() - stepped);
            return step;
        }

        @Override
        public void close() {
            replicas.close();
            test.close();
            if (held != null) {
                held.close();
            }
        }
    }
}
