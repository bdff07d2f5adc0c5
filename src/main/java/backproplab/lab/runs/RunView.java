package backproplab.lab.runs;

import backproplab.InvalidInputException;
import backproplab.coach.Hints;
import backproplab.model.Recipe;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.RunRecords;
import backproplab.training.RunSummary;
import backproplab.training.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One run folder read as data for the runs and run pages: its settings.json, metrics.json and
 * summary.txt. A folder that is half-written or spoilt becomes a {@link RunStatus#BROKEN} view
 * that says why, never an error of the page.
 *
 * @param bestAccuracy   test accuracy of the best epoch (chosen as best.ckpt is), null before one
 * @param firstAtTarget  the first epoch at or above the target test accuracy, null if none
 * @param target         that target in percent ({@link RunSummary#TARGET_PERCENT}), for the pages
 * @param problem        why the folder is broken, else null: one short sentence naming the file
 * @param detail         the reader's own words for it (a parser's line and column), for a tooltip
 * @param history        every finished epoch (empty in the runs list, which needs none)
 * @param table          the epochs as the CLI's table prints them, cell by cell
 * @param hints          what its curves suggest ({@link Hints#ofCurves}; none in the runs list)
 */
record RunView(String name, String model, Long parameters, String status, String started,
               Integer epochs, int done, Double bestAccuracy, Double lastAccuracy,
               Integer firstAtTarget, double target, String problem, String detail,
               TrainSettings settings,
               List<EpochMetrics> history, EpochTable table, String summary, String command,
               List<Hints.Shown> hints) {

    /**
     * The CLI's epoch table as its cells, the same texts {@code train} prints: the page lays it
     * out as a table of its own, which fits a narrow card where 70 columns of text would not.
     */
    record EpochTable(List<String> titles, List<List<String>> rows) {
        static final EpochTable NONE = new EpochTable(List.of(), List.of());
    }

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** The folder's view; {@code running}: this JVM trains into it (its lock is not probed). */
    static RunView read(Path dir, boolean running) {
        return read(dir, running, null, null);
    }

    /**
     * The same; {@code known} and {@code since}: the settings and start of the run this JVM is
     * starting in {@code dir}, shown before its settings.json is written (once its data loaded).
     */
    static RunView read(Path dir, boolean running, TrainSettings known, Instant since) {
        String name = dir.getFileName().toString();
        boolean live = running;
        String started = null;
        TrainSettings settings;
        try {
            started = DATE.format(modified(dir.resolve(RunFolder.SETTINGS)).toInstant());
            settings = RunFolder.open(dir, "run").settings();
        } catch (IOException | InvalidInputException e) {
            if (running && known != null && !Files.exists(dir.resolve(RunFolder.SETTINGS))) {
                settings = known;
                started = since == null ? null : DATE.format(since);
            } else {
                live = live || RunStatus.lockedByAnother(dir);
                // A run that has not loaded its data yet has no settings.json: starting, not
                // broken.
                return new RunView(name, null, null, (live ? RunStatus.RUNNING
                        : RunStatus.BROKEN).label(), started, null, 0, null, null, null,
                        RunSummary.TARGET_PERCENT, live ? null : settingsProblem(dir, e),
                        live ? null : detail(e), null, List.of(), EpochTable.NONE, null, null,
                        List.of());
            }
        }
        Recipe recipe = settings.recipe();
        long parameters = settings.architecture().parameters();
        List<EpochMetrics> history;
        try {
            history = RunRecords.history(dir);
        } catch (IOException | RuntimeException e) {
            return new RunView(name, settings.model(), parameters, RunStatus.BROKEN.label(),
                    started, recipe.epochs(), 0, null, null, null, RunSummary.TARGET_PERCENT,
                    RunRecords.METRICS + (e instanceof IOException ? " cannot be read"
                            : " cannot be read: it is damaged or cut short"), detail(e),
                    settings, List.of(), EpochTable.NONE, null, null, List.of());
        }
        boolean complete = history.size() >= recipe.epochs();
        // Only an unfinished run can be in progress: finished ones are never probed.
        live = live || (!complete && RunStatus.lockedByAnother(dir));
        RunStatus status = live ? RunStatus.RUNNING
                : complete ? RunStatus.FINISHED : RunStatus.INTERRUPTED;
        EpochMetrics best = history.isEmpty() ? null : EpochMetrics.best(history);
        EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
        int first = RunSummary.firstEpochAtTarget(history);
        return new RunView(name, settings.model(), parameters, status.label(), started,
                recipe.epochs(), history.size(), best == null ? null : best.testAccuracy(),
                last == null ? null : last.testAccuracy(), first < 0 ? null : first,
                RunSummary.TARGET_PERCENT, null, null, settings, history,
                epochTable(history, recipe.epochs(), settings.holdout() > 0),
                text(dir.resolve(RunFolder.SUMMARY)), text(dir.resolve(RunFolder.COMMAND)),
                Hints.shown(Hints.ofCurves(history)));
    }

    /** The same, without what only the run page needs. */
    RunView brief() {
        return new RunView(name, model, parameters, status, started, epochs, done, bestAccuracy,
                lastAccuracy, firstAtTarget, target, problem, detail, null, List.of(),
                EpochTable.NONE, null, null, List.of());
    }

    boolean running() {
        return RunStatus.RUNNING.label().equals(status);
    }

    /** How many epochs metrics.json lists: 0 if none yet or unreadable. Reads only that file. */
    static int finishedEpochs(Path dir) {
        try {
            return RunRecords.history(dir).size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static FileTime modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What is wrong with settings.json, for a learner: the file and the rule it breaks, without
     * the folder's path (the page names the run) or the parser's position (in {@link #detail}).
     */
    private static String settingsProblem(Path dir, Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no " + RunFolder.SETTINGS + ": not a training run, or one that never started";
        }
        String message = firstLine(e).replace(dir.resolve(RunFolder.SETTINGS).toString(),
                RunFolder.SETTINGS).replace(dir.resolve(RunFolder.MODEL).toString(),
                RunFolder.MODEL);
        if (message.startsWith(RunFolder.MODEL + ":")) {
            return message;
        }
        if (message.contains(" is not valid JSON")) {
            return RunFolder.SETTINGS + " is not valid JSON: it is damaged or cut short";
        }
        if (message.startsWith(RunFolder.SETTINGS + " is not valid: ")) {
            return message;
        }
        return RunFolder.SETTINGS + " cannot be read";
    }

    /** The reader's own message, first line: what a tooltip shows for the curious. */
    private static String detail(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return null;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e);
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** The epoch table as {@code train} prints it: its titles, then a row per epoch. */
    private static EpochTable epochTable(List<EpochMetrics> history, int epochs,
                                         boolean holdout) {
        return history.isEmpty() ? EpochTable.NONE : new EpochTable(
                EpochMetrics.titles(holdout), history.stream().map(m -> m.cells(epochs)).toList());
    }
}
