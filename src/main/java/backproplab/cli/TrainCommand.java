package backproplab.cli;

import backproplab.model.Architecture;
import backproplab.model.ModelSummary;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.training.EpochMetrics;
import backproplab.training.Engines;
import backproplab.training.RunFolder;
import backproplab.training.RunSummary;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a CNN on MNIST, with progress, metrics, charts and checkpoints.",
        description = "Trains --model with its default recipe; any recipe option given overrides"
            + " that part of it. Everything goes to a run folder: command.txt, settings.json,"
            + " summary.txt, metrics.csv/json, accuracy.png, loss.png, a checkpoint per epoch and"
            + " best.ckpt. The test set serves as validation, as in the original notebook, unless"
            + " --holdout keeps training images aside for that.",
        footer = {"", "Examples:", "  backprop-lab train --model s6",
            "  backprop-lab train --model s6 --epochs 1 --limit 5000",
            "  backprop-lab train --resume runs/s6-20261121-101500"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", description = "model to train: ${COMPLETION-CANDIDATES}"
            + " (default: lean)", completionCandidates = ModelNames.class)
    String model = "lean";

    @Option(names = "--epochs", paramLabel = "N", description = "epochs (default: the model's recipe)")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw")
    Recipe.Optimizer optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (OneCycle: its peak)")
    Float lr;

    @Option(names = "--momentum", paramLabel = "M")
    Float momentum;

    @Option(names = "--nesterov", negatable = true, description = "Nesterov momentum (SGD)")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "WD")
    Float weightDecay;

    @Option(names = "--schedule", paramLabel = "none|step|onecycle")
    Recipe.Schedule schedule;

    @Option(names = "--step-every", paramLabel = "EPOCHS", description = "step schedule: epochs between cuts")
    Integer stepEvery;

    @Option(names = "--step-gamma", paramLabel = "F", description = "step schedule: factor of each cut")
    Float stepGamma;

    @Option(names = "--rotation", paramLabel = "DEG", description = "random rotation, ± degrees")
    Float rotation;

    @Option(names = "--shift", paramLabel = "PX", description = "random translation, ± pixels")
    Float shift;

    @Option(names = "--label-smoothing", paramLabel = "EPS")
    Float labelSmoothing;

    @Option(names = "--dropout", paramLabel = "P")
    Float dropout;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores)")
    int threads = Defaults.threads();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST files (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: runs/MODEL-DATE-TIME)")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue RUN from its last checkpoint, with its own settings")
    Path resume;

    @Option(names = "--limit", paramLabel = "N", description = "train on the first N training images only")
    int limit;

    @Option(names = "--holdout", paramLabel = "N", description = "keep the last N training images aside to pick the best epoch")
    int holdout;

    @Override
    public Integer call() throws IOException {
        RunFolder folder;
        TrainSettings settings;
        if (resume != null) {
            folder = RunFolder.open(resume, "--resume");
            settings = folder.settings();
        } else {
            Models m = Models.byName(model);
            settings = new TrainSettings(m.id(), recipe(m.recipe()), seed, positive("--threads",
                    threads), dataDir.toString(), nonNegative("--limit", limit),
                    nonNegative("--holdout", holdout));
            if (holdout >= (limit > 0 ? limit : 60_000)) {
                throw bad("--holdout: " + holdout + " leaves no training images");
            }
            Path dir = out != null ? out : Path.of("runs", m.id() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            folder = RunFolder.create(dir, settings, "backprop-lab " + String.join(" ",
                    spec.commandLine().getParseResult().originalArgs()),
                    ModelSummary.table(m.define(settings.recipe().dropout())));
        }
        Engines.configure(settings.threads());
        Architecture arch = settings.models().define(settings.recipe().dropout());
        System.out.printf("training %s (%,d parameters) into %s%n", arch.name(), arch.parameters(),
                folder.dir());
        long start = System.nanoTime();
        List<EpochMetrics> history = new TrainingRun(settings, folder, System.out).run(m -> true);
        System.out.println(RunSummary.line(history, arch.parameters(),
                (System.nanoTime() - start) / 1e9));
        return 0;
    }

    private Recipe recipe(Recipe r) {
        return new Recipe(positive("--epochs", or(epochs, r.epochs())),
                positive("--batch-size", or(batchSize, r.batchSize())), or(optimizer, r.optimizer()),
                positive("--lr", or(lr, r.learningRate())),
                range("--momentum", or(momentum, r.momentum()), 0, 1),
                or(nesterov, r.nesterov()), range("--weight-decay", or(weightDecay, r.weightDecay()), 0, 1),
                or(schedule, r.schedule()), or(stepEvery, r.stepEvery()),
                range("--step-gamma", or(stepGamma, r.stepGamma()), 0, 1),
                range("--rotation", or(rotation, r.rotation()), 0, 180),
                range("--shift", or(shift, r.shift()), 0, 14),
                range("--label-smoothing", or(labelSmoothing, r.labelSmoothing()), 0, 1),
                range("--dropout", or(dropout, r.dropout()), 0, 0.95f));
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }

    private <N extends Number> N positive(String option, N n) {
        if (!(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
            throw bad(option + ": must be > 0, got " + n);
        }
        return n;
    }

    private int nonNegative(String option, int n) {
        if (n < 0) {
            throw bad(option + ": must be >= 0, got " + n);
        }
        return n;
    }

    private float range(String option, float v, float low, float high) {
        if (!(v >= low && v <= high)) {
            throw bad(option + ": must be between " + low + " and " + high + ", got " + v);
        }
        return v;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
