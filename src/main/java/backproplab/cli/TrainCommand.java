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
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = "backproplab.cli.RecipeHelp",
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
            + " (default: lean; see: backprop-lab models --verbose)", completionCandidates = ModelNames.class)
    String model = "lean";

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw")
    Recipe.Optimizer optimizer;

    @Option(names = "--lr", paramLabel = "RATE")
    Float lr;

    @Option(names = "--momentum", paramLabel = "M")
    Float momentum;

    @Option(names = "--nesterov", negatable = true)
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "WD")
    Float weightDecay;

    @Option(names = "--schedule", paramLabel = "none|step|onecycle")
    Recipe.Schedule schedule;

    @Option(names = "--step-every", paramLabel = "EPOCHS")
    Integer stepEvery;

    @Option(names = "--step-gamma", paramLabel = "F")
    Float stepGamma;

    @Option(names = "--rotation", paramLabel = "DEG")
    Float rotation;

    @Option(names = "--shift", paramLabel = "PX")
    Float shift;

    @Option(names = "--label-smoothing", paramLabel = "EPS")
    Float labelSmoothing;

    @Option(names = "--dropout", paramLabel = "P")
    Float dropout;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: ${DEFAULT-VALUE}, the cores of this machine)")
    int threads = Defaults.threads();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST files (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: runs/MODEL-DATE-TIME)")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue the run folder RUN from its last checkpoint, with its own settings; other options are ignored (default: start a new run)")
    Path resume;

    @Option(names = "--limit", paramLabel = "N", description = "train on the first N training images only, for a quick try (default: 0, all 60,000)")
    int limit;

    @Option(names = "--holdout", paramLabel = "N", description = "keep the last N training images aside to pick the best epoch (default: 0, the test set picks it, as in the notebook)")
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
            OptionChecks check = new OptionChecks(spec);
            settings = new TrainSettings(m.id(), recipe(m.recipe(), check), seed,
                    check.positive("--threads", threads), dataDir.toString(),
                    check.atLeast("--limit", limit, 0), check.atLeast("--holdout", holdout, 0));
            if (holdout >= (limit > 0 ? limit : 60_000)) {
                throw check.bad("--holdout: " + holdout + " leaves no training images");
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

    /** The model's recipe with the options given on the command line in place of its own. */
    private Recipe recipe(Recipe r, OptionChecks check) {
        return new Recipe(check.positive("--epochs", or(epochs, r.epochs())),
                check.positive("--batch-size", or(batchSize, r.batchSize())),
                or(optimizer, r.optimizer()), check.positive("--lr", or(lr, r.learningRate())),
                check.range("--momentum", or(momentum, r.momentum()), 0, 1),
                or(nesterov, r.nesterov()),
                check.range("--weight-decay", or(weightDecay, r.weightDecay()), 0, 1),
                or(schedule, r.schedule()), check.atLeast("--step-every", or(stepEvery,
                        r.stepEvery()), 0),
                check.range("--step-gamma", or(stepGamma, r.stepGamma()), 0, 1),
                check.range("--rotation", or(rotation, r.rotation()), 0, 180),
                check.range("--shift", or(shift, r.shift()), 0, 14),
                check.range("--label-smoothing", or(labelSmoothing, r.labelSmoothing()), 0, 1),
                check.range("--dropout", or(dropout, r.dropout()), 0, 0.95f));
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
