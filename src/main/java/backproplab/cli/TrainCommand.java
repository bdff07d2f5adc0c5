package backproplab.cli;

import backproplab.InvalidInputException;
import backproplab.assignment.Assignment;
import backproplab.assignment.Checklist;
import backproplab.model.Architecture;
import backproplab.model.ModelSummary;
import backproplab.model.ModelFile;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import backproplab.training.Engines;
import backproplab.training.RunField;
import backproplab.training.RunFolder;
import backproplab.training.RunSummary;
import backproplab.training.StopRequest;
import backproplab.console.ShownPath;
import backproplab.console.Terminal;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainCommand.RecipeOptions.class,
        header = "Train a CNN on MNIST, with progress, metrics, charts and checkpoints.",
        description = "Trains --model with its default recipe; any recipe option given overrides"
            + " that part of it. Everything goes to a run folder: command.txt, settings.json,"
            + " summary.txt, the model file it trains as model.txt, metrics.csv, metrics.json,"
            + " accuracy.png, loss.png, training.png (the notebook's four panels),"
            + " learning-rate.png, batch-loss.csv, timing.csv (where the time went), a"
            + " checkpoint per epoch in checkpoints/ and best.ckpt. The test set serves as"
            + " validation, as in the original notebook, unless --holdout keeps training images"
            + " aside for that.",
        footer = {"", "Examples:", "  backprop-lab train --model s6",
            "  backprop-lab train --model s6 --epochs 1 --limit 5000",
            "  backprop-lab train --resume runs/s6-20261121-101500"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = ModelNames.LABEL,
            description = "model to train: ${COMPLETION-CANDIDATES}; or " + ModelNames.FILES
                    + " (default: ${DEFAULT-VALUE}; see: backprop-lab models --verbose; a model"
                    + " file's recipe is its -- lines over the notebook's)",
            completionCandidates = ModelNames.class)
    String model = Models.DEFAULT.name();

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: ${DEFAULT-VALUE}, the cores of this machine)")
    int threads = Defaults.threads();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST files (default: the shipped data/mnist)")
    Path dataDir = Defaults.dataDir();

    @Option(names = "--out", paramLabel = "DIR",
            description = "run folder (default: runs/MODEL-DATE-TIME)")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "continue the run folder RUN from its last checkpoint, with its own"
                + " settings; other options are ignored, with a warning (default: start a new"
                + " run)")
    Path resume;

    @Option(names = "--assignment", paramLabel = "FILE", description = "the rules the closing"
            + " checklist judges the run by: a rules file, or s6 (default: s6; see: backprop-lab"
            + " check --help)")
    String assignment;

    @Override
    public Integer call() throws Exception {
        // Read before training, so a rules file that is not one is said in a second, not after.
        Assignment rules = Assignment.resolve(assignment, "--assignment");
        TrainSettings given = resume == null ? settings() : null;
        StopRequest stop = new StopRequest();
        try (AutoCloseable signals = stop.onSignals();
             RunFolder folder = given == null ? resumed() : create(given)) {
            TrainSettings settings = given != null ? given : folder.settings();
            Engines.configure(atMostCores(settings.threads()));
            Architecture arch = settings.architecture();
            long start = System.nanoTime();
            TrainingRun.Outcome outcome = new TrainingRun(settings, folder, System.out, stop).run();
            if (outcome.stoppedBy() != null) {
                spec.commandLine().getErr().println(stopped(outcome, folder));
                return stop.exitCode();
            }
            System.out.println(RunSummary.line(outcome.history(), arch.parameters(),
                    (System.nanoTime() - start) / 1e9));
            Checklist checklist = Checklist.ofRun(rules, settings, outcome.history());
            System.out.println(checklist.headline());
            checklist.lines(Terminal.width()).forEach(System.out::println);
            return 0;
        }
    }

    private RunFolder create(TrainSettings settings) throws IOException {
        Path dir = ShownPath.of(out != null ? out : Path.of("runs",
                RunFolder.newName(settings.model())));
        return RunFolder.create(dir, settings, "backprop-lab " + String.join(" ",
                        spec.commandLine().getParseResult().originalArgs()),
                ModelSummary.table(settings.architecture()));
    }

    /**
     * The run to go on with. The options given beside --resume change nothing: one warning names
     * them, or, if the run is finished, its one-line refusal does (--epochs does not lengthen it).
     */
    private RunFolder resumed() throws IOException {
        List<String> ignored = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName)
                .filter(name -> !name.equals("--resume") && !name.equals("--assignment"))
                .distinct().toList();
        RunFolder folder;
        try {
            folder = RunFolder.resume(ShownPath.of(resume));
        } catch (RunFolder.FinishedException e) {
            throw new InvalidInputException("--resume: " + e.dir() + " has trained "
                    + (e.epochs() == 1 ? "the one epoch" : "all " + e.epochs() + " epochs")
                    + " of its recipe" + (ignored.isEmpty()
                    ? "" : " (resume keeps the run's settings: " + names(ignored, NAMES_ROOM)
                    + " ignored)") + "; evaluate it with: " + Defaults.launcher()
                    + " evaluate --run " + Defaults.quoted(e.dir().toString()));
        }
        if (!ignored.isEmpty()) {
            String warning = "--resume ignores " + names(ignored, NAMES_ROOM);
            String why = "; a run keeps its settings";
            // The why only if it fits: the names are what the user must see.
            Errors.warn(spec.commandLine(), warning.length() + why.length() <= WARNING_ROOM
                    ? warning + why : warning);
        }
        return folder;
    }

    /** Room for a warning's text in 80 columns, after "backprop-lab train: warning: ". */
    private static final int WARNING_ROOM = Terminal.DEFAULT_COLUMNS
            - "backprop-lab train: warning: ".length();
    /** Room for the names of ignored options, in the warning after "--resume ignores ". */
    private static final int NAMES_ROOM = WARNING_ROOM - "--resume ignores ".length();

    /** "--epochs, --lr and 3 more": as many names as fit in {@code room} characters. */
    private static String names(List<String> names, int room) {
        for (int shown = names.size(); ; shown--) {
            String text = String.join(", ", names.subList(0, shown)) + (shown == names.size()
                    ? "" : " and " + (names.size() - shown) + " more");
            if (shown <= 1 || text.length() <= room) {
                return text;
            }
        }
    }

    /**
     * What is said after a stop: what is kept, and the command that goes on from it. One line in
     * a log; on a terminal, words wrapped to its width and the command on a line of its own, so
     * it can be copied whole.
     */
    private String stopped(TrainingRun.Outcome outcome, RunFolder folder) {
        String how = spec.qualifiedName() + ": stopped by " + outcome.stoppedBy();
        String text;
        String command = null;
        if (!Files.exists(folder.dir().resolve(RunFolder.SETTINGS))) {
            text = how + " before training began; nothing was written, run the same command again";
        } else {
            command = Defaults.launcher() + " train --resume "
                    + Defaults.quoted(folder.dir().toString());
            text = outcome.history().isEmpty()
                    ? how + " in epoch 1: no epoch had finished, so there is no checkpoint; start"
                            + " it again with:"
                    : how + ": the checkpoint of epoch " + outcome.history().get(
                            outcome.history().size() - 1).epoch() + " is kept; go on with:";
        }
        if (!Terminal.isTerminal()) {
            return command == null ? text : text + " " + command;
        }
        String words = Terminal.wrap(List.of(text.split("(?<= )")), Terminal.columns(), "");
        return command == null ? words : words + "\n  " + command;
    }

    /** The options, mapped onto the model's recipe: the records check them. */
    private TrainSettings settings() {
        ModelFile m = Models.resolve(model, "--model");
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<RecipeField<?>, String> given = new LinkedHashMap<>();
        for (RecipeField<?> field : RecipeField.ALL) {
            Object value = parsed.matchedOptionValue(field.option(), null);
            if (value != null) {
                given.put(field, value.toString());
            }
        }
        return new OptionChecks(spec).obey(() -> new TrainSettings(m,
                RecipeField.apply(m.recipe(), given), run(parsed, RunField.SEED),
                atMostCores(threads), dataDir.toString(), (int) run(parsed, RunField.LIMIT),
                (int) run(parsed, RunField.HOLDOUT)));
    }

    /** The run's field as given, else its default. */
    private static long run(ParseResult parsed, RunField field) {
        return field.parse(parsed.matchedOptionValue(field.option(), null));
    }

    private int atMostCores(int threads) {
        return Engines.atMostCores(threads, warning -> Errors.warn(spec.commandLine(), warning));
    }

    /**
     * Adds an option per field of the recipe's table, after --model in the help, then one per
     * field of the run's: the values come as text, which the tables read as the lab's form (and a
     * model file's recipe) are read.
     */
    static final class RecipeOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<OptionSpec> after = spec.options().stream()
                    .filter(o -> !o.longestName().equals("--model")).toList();
            after.forEach(spec::remove);
            for (RecipeField<?> field : RecipeField.ALL) {
                OptionSpec.Builder option = OptionSpec.builder(field.option())
                        .description(RecipeHelp.description(field));
                spec.addOption(field.isFlag() ? option.negatable(true).type(Boolean.class).build()
                        : option.paramLabel(field.paramLabel()).type(String.class).build());
            }
            for (RunField field : RunField.ALL) {
                spec.addOption(OptionSpec.builder(field.option()).description(field.description())
                        .paramLabel(field.paramLabel()).type(String.class).build());
            }
            after.forEach(spec::addOption);
            return spec;
        }
    }
}
