package backproplab.journal;

import backproplab.InvalidInputException;
import backproplab.assignment.Assignment;
import backproplab.coach.Hint;
import backproplab.coach.Hints;
import backproplab.data.MnistFiles;
import backproplab.report.AtomicFiles;
import backproplab.report.ComparisonCharts;
import backproplab.report.TrainingCharts;
import backproplab.training.Misread;
import backproplab.training.ModelEvaluation;
import backproplab.training.RunFolder;
import backproplab.training.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report}: the README a learner hands in, written from their runs into a folder of its
 * own ({@link ReportFolder}) with every picture it shows. Everything the runs, the folder and
 * the test data must be is checked before anything is made, and the folder changes only once
 * the whole report is made.
 */
public final class AssignmentReport {

    /** The argument that names the runs, as errors name it. */
    public static final String RUN = "RUN";

    private AssignmentReport() {}

    /** Writes the report of {@code runs}, checked against S6, into {@code out}. */
    public static Path write(List<Path> runs, Path dataDir, Path out, PrintStream log)
            throws IOException {
        return write(runs, dataDir, out, log, Assignment.S6);
    }

    /**
     * Writes the report of {@code runs} into {@code out}, its checklist of {@code assignment}'s
     * rules at the top; returns its README.
     */
    public static Path write(List<Path> runs, Path dataDir, Path out, PrintStream log,
                             Assignment assignment) throws IOException {
        log.println("report: reading " + runs.size() + (runs.size() == 1 ? " run" : " runs"));
        List<Attempt> attempts = runs.stream().map(dir -> Attempt.read(dir, RUN)).toList();
        Comparison comparison = Comparison.of(attempts);
        List<String> folders = folders(attempts);
        List<RunNotes> notes = new ArrayList<>();
        for (Attempt a : attempts) {
            if (!Files.isRegularFile(a.dir().resolve(RunFolder.BEST))) {
                throw new InvalidInputException(RUN + ": " + a.dir() + " has no "
                        + RunFolder.BEST);
            }
            // Read now: a model or notes that cannot be read refuse the report before its work.
            a.settings().modelFile();
            notes.add(NotesFile.show(a).notes());
        }
        try (ReportFolder folder = ReportFolder.open(out)) {
            List<Path> earlier = new ArrayList<>();
            for (int k = 0; k < attempts.size(); k++) {
                earlier.add(earlierEvaluation(attempts.get(k), folder, folders.get(k)));
            }
            if (earlier.contains(null)) {
                MnistFiles.loadTest(dataDir, log::println);
            }
            ComparisonCharts.write(folder.stagedFolder(""), curves(comparison),
                    RunSummary.TARGET_PERCENT);
            List<AssignmentReadme.Run> shown = new ArrayList<>();
            for (int k = 0; k < attempts.size(); k++) {
                Attempt a = attempts.get(k);
                String name = folders.get(k);
                Path dir = folder.stagedFolder(name);
                if (earlier.get(k) != null) {
                    log.println("report: " + a.name() + ": the evaluation of its best model in "
                            + earlier.get(k));
                    copy(earlier.get(k), dir, ModelEvaluation.FILES);
                } else {
                    log.println("report: " + a.name() + ": evaluating its best model (epoch "
                            + comparison.runs().get(k).bestEpoch() + ") on the test set");
                    ModelEvaluation.run(a.dir().resolve(RunFolder.BEST), dataDir, dir, log);
                }
                List<String> curves = copy(a.dir(), dir, List.of(TrainingCharts.ACCURACY,
                        TrainingCharts.LOSS));
                Path command = a.dir().resolve(RunFolder.COMMAND);
                shown.add(new AssignmentReadme.Run(a, name, notes.get(k), curves,
                        Files.isRegularFile(command) ? Files.readString(command) : null,
                        hints(a, dir)));
            }
            AtomicFiles.writeString(folder.staged(ReportFolder.README),
                    AssignmentReadme.text(comparison, shown, assignment));
            folder.commit();
        }
        Path readme = out.resolve(ReportFolder.README);
        log.println("report: wrote " + readme);
        return readme;
    }

    /**
     * Each run's folder beside the README: its name, in the characters a link takes as they
     * are.
     */
    private static List<String> folders(List<Attempt> attempts) {
        Map<String, Attempt> taken = new HashMap<>();
        List<String> folders = new ArrayList<>();
        for (Attempt a : attempts) {
            String folder = a.name().replaceAll("[^A-Za-z0-9._-]+", "-");
            Attempt other = taken.putIfAbsent(folder, a);
            if (other != null) {
                throw new InvalidInputException(RUN + ": " + other.dir() + " and " + a.dir()
                        + " would share the folder " + folder + " of the report; rename one");
            }
            folders.add(folder);
        }
        return folders;
    }

    /**
     * A folder holding an evaluation of the run's best.ckpt as it is now: the earlier report's,
     * or the run's own from {@code evaluate --run}; null if there is none and it must be made.
     */
    private static Path earlierEvaluation(Attempt a, ReportFolder folder, String name)
            throws IOException {
        Path best = a.dir().resolve(RunFolder.BEST);
        FileTime trained = Files.getLastModifiedTime(best);
        List<Path> candidates = new ArrayList<>();
        Path reported = folder.earlier(name + "/" + ModelEvaluation.CONFUSION_PNG);
        if (reported != null) {
            candidates.add(reported.getParent());
        }
        candidates.add(RunFolder.evaluationDir(best));
        for (Path dir : candidates) {
            boolean whole = true;
            for (String f : ModelEvaluation.FILES) {
                Path file = dir.resolve(f);
                whole &= Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).compareTo(trained) > 0;
            }
            if (whole) {
                return dir;
            }
        }
        return null;
    }

    /**
     * The hints of a run's curves and of its best model's mistakes, which its evaluation in
     * {@code dir} lists.
     */
    private static List<Hint> hints(Attempt a, Path dir) throws IOException {
        List<Hint> hints = new ArrayList<>(Hints.ofCurves(a.history()));
        Path file = dir.resolve(Misread.FILE);
        List<Misread> misread;
        try {
            misread = Misread.read(file);
        } catch (IOException e) {
            // The copy of an earlier evaluation, edited or cut short: the learner can redo it.
            throw new InvalidInputException(RUN + ": " + a.dir() + ": the " + Misread.FILE
                    + " of its evaluation cannot be read (" + e.getMessage().replace(file
                    + ": ", "") + "); run evaluate --run " + a.dir() + " again", e);
        }
        Hints.ofMistakes(misread).ifPresent(hints::add);
        return hints;
    }

    /** Copies those of {@code names} that {@code from} holds; returns them. */
    private static List<String> copy(Path from, Path to, List<String> names) throws IOException {
        List<String> copied = new ArrayList<>();
        for (String name : names) {
            Path file = from.resolve(name);
            if (Files.isRegularFile(file)) {
                Files.copy(file, to.resolve(name));
                copied.add(name);
            }
        }
        return copied;
    }

    private static List<ComparisonCharts.Run> curves(Comparison c) {
        return c.series().stream().map(s -> new ComparisonCharts.Run(s.run(),
                Arrays.stream(s.epoch()).asDoubleStream().toArray(),
                Arrays.stream(s.testAccuracy()).map(a -> 100 * a).toArray(),
                s.testLoss())).toList();
    }
}
