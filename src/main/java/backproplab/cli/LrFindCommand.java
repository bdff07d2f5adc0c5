package backproplab.cli;

import backproplab.console.Progress;
import backproplab.console.ShownPath;
import backproplab.lrfind.LrFinder;
import backproplab.lrfind.RangeTestFiles;
import backproplab.lrfind.RangeTestResult;
import backproplab.lrfind.RateRange;
import backproplab.lrfind.Suggestion;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import backproplab.training.Engines;
import backproplab.training.TrainSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = LrFindCommand.Options.class,
        header = "Find a learning rate: train a copy with the rate growing, watch the loss.",
        description = "The learning-rate range test (Smith 2015; fastai, torch-lr-finder): trains a"
            + " new copy of --model with its recipe (optimizer, batch, augmentation, dropout) for"
            + " --steps steps, the rate growing by a constant factor from --start to --end, and"
            + " smooths the loss (moving average, beta 0.98, bias-corrected). It stops early once"
            + " the smoothed loss passes 4 times its lowest. It suggests the rate of the steepest"
            + " descent of the smoothed loss, and prints the minimum / 10 beside it. Writes"
            + " lr-find.png and lr-find.csv into --out; no run folder is made or changed.",
        footer = {"", "Examples:", "  backprop-lab lr-find --model s6",
            "  backprop-lab lr-find --model lean --optimizer adam --start 1e-6 --end 1",
            "  backprop-lab lr-find --model my-net.txt --steps 300 --out lr"})
final class LrFindCommand implements Callable<Integer> {

    /** The recipe fields a range test trains with: all but the rate and its schedule. */
    static final List<RecipeField<?>> FIELDS = RecipeField.ALL.stream()
            .filter(f -> !List.of(RecipeField.EPOCHS, RecipeField.LR, RecipeField.SCHEDULE,
                    RecipeField.STEP_EVERY, RecipeField.STEP_GAMMA).contains(f)).toList();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = ModelNames.LABEL,
            description = "one of the built-in models, ${COMPLETION-CANDIDATES}; or "
                    + ModelNames.FILES
                    + " (default: ${DEFAULT-VALUE})", completionCandidates = ModelNames.class)
    String model = Models.DEFAULT.name();

    @Option(names = "--start", paramLabel = "RATE",
            description = "the first step's rate (default: 1e-5)")
    double start = RateRange.DEFAULT_START;

    @Option(names = "--end", paramLabel = "RATE",
            description = "the last step's rate (default: 10)")
    double end = RateRange.DEFAULT_END;

    @Option(names = "--steps", paramLabel = "N",
            description = "steps from --start to --end (default: ${DEFAULT-VALUE})")
    int steps = RateRange.DEFAULT_STEPS;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: ${DEFAULT-VALUE}, the cores of this machine)")
    int threads = Defaults.threads();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST files (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--out", paramLabel = "DIR",
            description = "folder for lr-find.png and lr-find.csv (default: out/lr-find/MODEL)")
    Path out;

    @Override
    public Integer call() throws IOException {
        ModelFile m = Models.resolve(model, "--model");
        ParseResult parsed = spec.commandLine().getParseResult();
        OptionChecks checks = new OptionChecks(spec);
        RateRange range = checks.obey(() -> new RateRange(start, end, steps));
        int cores = Engines.atMostCores(threads, w -> Errors.warn(spec.commandLine(), w));
        TrainSettings settings = checks.obey(() -> RecipeOptionsOf.settings(m, parsed, FIELDS,
                cores, dataDir));
        Path dir = ShownPath.of(out != null ? out : Path.of("out", "lr-find", m.name()));
        Engines.configure(cores);
        System.out.printf(Locale.ROOT, "lr-find %s: a new copy, %d steps from %s to %s (%s,"
                + " batch %d); no run changes%n", m.name(), range.steps(),
                RangeTestResult.rateText(range.start()), RangeTestResult.rateText(range.end()),
                settings.recipe().optimizer().toString().toLowerCase(Locale.ROOT),
                settings.recipe().batchSize());
        RangeTestResult result;
        try (Progress progress = Progress.of("lr-find", range.steps(), System.out)) {
            result = LrFinder.run(settings, range, System.out::println,
                    (step, rate, smoothed) -> progress.step(settings.recipe().batchSize(),
                            () -> String.format(Locale.ROOT,
                            "rate %s smoothed loss %.4f", RangeTestResult.rateText(rate),
                            smoothed)));
        }
        RangeTestFiles.write(dir, m.name(), result);
        System.out.print(summary(result));
        System.out.printf(Locale.ROOT, "took %.1f s; wrote %s and %s%n", result.seconds(),
                dir.resolve(RangeTestFiles.CHART), RangeTestFiles.CSV);
        return 0;
    }

    /** What the test found: why it stopped, both rules' rates, the one suggested. */
    static String summary(RangeTestResult r) {
        StringBuilder text = new StringBuilder();
        text.append(r.stoppedBy() == null ? "took all " + r.steps() + " steps\n"
                : "stopped early at step " + r.taken() + " of " + r.range().steps() + ": "
                + r.stoppedBy() + "\n");
        Suggestion s = r.suggestion();
        if (!s.any()) {
            return text.append("no rate to suggest: not one step had a finite loss; try a lower"
                    + " --start\n").toString();
        }
        String minimum = String.format(Locale.ROOT, "minimum / 10: %s (lowest smoothed loss"
                + " %.4f at rate %s)", RangeTestResult.rateText(s.minimumOver10()),
                r.smoothed()[s.minimumIndex()], RangeTestResult.rateText(s.minimum()));
        if (s.hasSteepest()) {
            text.append(String.format(Locale.ROOT, "suggested --lr %s: %s (step %d, smoothed"
                    + " loss %.4f)\n", RangeTestResult.rateText(s.steepest()), Suggestion.RULE,
                    s.steepestIndex() + 1, r.smoothed()[s.steepestIndex()]));
            text.append(minimum).append('\n');
        } else {
            text.append("no steepest descent (too few steps before it stopped, or no fall);"
                    + " suggested --lr by the ").append(minimum).append('\n');
        }
        return text.toString();
    }

    /** The recipe's options a range test uses, and the run's, as train has them. */
    static final class Options implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return RecipeOptionsOf.add(spec, FIELDS);
        }
    }
}
