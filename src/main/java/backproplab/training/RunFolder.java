package backproplab.training;

import backproplab.InvalidInputException;
import backproplab.report.AtomicFiles;
import backproplab.report.LineCharts;
import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Spec;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The folder of one training run: the command and settings it was started with, its model
 * summary, metrics (CSV, JSON, charts), a checkpoint per epoch and the best model. Every file is
 * written atomically, so an interrupted run always leaves a good last checkpoint.
 *
 * <p>One process at a time writes a run folder: {@link #create} and {@link #resume} take an OS
 * lock on a file in it, held until {@link #close()} (or the process's end, however it ends).
 */
public final class RunFolder implements AutoCloseable {

    public static final String SETTINGS = "settings.json";
    public static final String COMMAND = "command.txt";
    public static final String SUMMARY = "summary.txt";
    public static final String BEST = "best.ckpt";
    public static final String CHECKPOINTS = "checkpoints";
    static final String LOCK = ".lock";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path dir;
    private final FileChannel lock;
    /** The files that make a new folder a run, written by {@link #start()}; null when resuming. */
    private final Map<String, String> startFiles;

    private RunFolder(Path dir, FileChannel lock, Map<String, String> startFiles) {
        this.dir = dir;
        this.lock = lock;
        this.startFiles = startFiles;
    }

    public Path dir() {
        return dir;
    }

    /**
     * A new run. Refuses a folder that holds a run with a checkpoint, so nothing earlier is
     * overwritten; a folder whose run never finished an epoch (a failed start) is reused.
     * Nothing is written until {@link #start()}.
     */
    public static RunFolder create(Path dir, TrainSettings settings, String command,
                                   String summary) throws IOException {
        AtomicFiles.requireWritableDirectory(dir, "--out");
        Map<String, String> startFiles = new LinkedHashMap<>();
        startFiles.put(COMMAND, command + "\n");
        startFiles.put(SUMMARY, summary);
        // Last: its presence is what makes the folder a run.
        startFiles.put(SETTINGS, GSON.toJson(settings) + "\n");
        RunFolder run = new RunFolder(dir, lock(dir, "--out"), startFiles);
        try {
            if (run.lastCheckpoint() != null) {
                throw new InvalidInputException("--out: " + dir + " already holds a run; continue"
                        + " it with --resume " + dir + " or choose another --out");
            }
            run.removeStaleTemporaries();
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** An existing run to continue: locked like a new one. */
    public static RunFolder resume(Path dir) throws IOException {
        requireRun(dir, "--resume");
        RunFolder run = new RunFolder(dir, lock(dir, "--resume"), null);
        try {
            run.removeStaleTemporaries();
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** An existing run, only to be read ({@code evaluate --run}): every file in it is whole. */
    public static RunFolder open(Path dir, String option) {
        requireRun(dir, option);
        return new RunFolder(dir, null, null);
    }

    private static void requireRun(Path dir, String option) {
        if (!Files.isRegularFile(dir.resolve(SETTINGS))) {
            throw new InvalidInputException(option + ": " + dir + " is not a training run folder"
                    + " (no " + SETTINGS + ")");
        }
    }

    private static FileChannel lock(Path dir, String option) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (OverlappingFileLockException e) {
            // This process holds it already: in use all the same.
        }
        channel.close();
        throw new InvalidInputException(option + ": " + dir + " is in use by another"
                + " backprop-lab run; wait for it to end or choose another folder");
    }

    /** The run can start (its data loaded, its model built): the folder becomes a run now. */
    void start() throws IOException {
        if (startFiles != null) {
            for (Map.Entry<String, String> f : startFiles.entrySet()) {
                AtomicFiles.writeString(dir.resolve(f.getKey()), f.getValue());
            }
        }
    }

    /** Temporary files of writes that a killed run never finished. */
    private void removeStaleTemporaries() throws IOException {
        AtomicFiles.removeStaleTemporaries(dir);
        AtomicFiles.removeStaleTemporaries(dir.resolve(CHECKPOINTS));
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }

    /** The run's settings.json, checked like options given on the command line. */
    public TrainSettings settings() {
        Path file = dir.resolve(SETTINGS);
        try {
            TrainSettings settings = GSON.fromJson(Files.readString(file), TrainSettings.class);
            if (settings == null) {
                throw new InvalidInputException("it is empty");
            }
            return settings;
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidInputException bad) {
                    throw new InvalidInputException(file + " is not valid: " + bad.getMessage());
                }
            }
            throw new InvalidInputException(file + (e instanceof JsonParseException
                    ? " is not valid JSON (" + firstLine(e) + ")"
                    : " cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /** The innermost message's first line: Gson adds a line of advice and its own prefixes. */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }

    /** The newest epoch checkpoint, or null for a run that has not finished an epoch. */
    public Path lastCheckpoint() throws IOException {
        Path folder = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.ckpt"))
                    .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
        }
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    /** What the run leaves after each epoch, as listeners of the training loop. */
    List<TrainingListener> recorders() {
        return List.of(
                // The epoch's checkpoint: everything --resume needs.
                end -> Checkpoint.write(dir.resolve(CHECKPOINTS).resolve(String.format(
                        "epoch-%03d.ckpt", end.meta().epoch())), end.meta(), end.block(),
                        end.optimizerState()),
                end -> {
                    if (EpochMetrics.best(end.meta().history()) == end.metrics()) {
                        Checkpoint.write(best(), end.meta(), end.block(), null);
                    }
                },
                end -> writeMetrics(end.meta().history()));
    }

    private void writeMetrics(List<EpochMetrics> history) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,"
                + "test_accuracy,holdout_accuracy,learning_rate,train_seconds,test_seconds\n");
        for (EpochMetrics m : history) {
            csv.append(String.format("%d,%.6f,%.6f,%.6f,%.6f,%s,%.8f,%.3f,%.3f%n", m.epoch(),
                    m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(),
                    m.holdoutAccuracy() == null ? "" : String.format("%.6f", m.holdoutAccuracy()),
                    m.learningRate(), m.trainSeconds(), m.testSeconds()));
        }
        AtomicFiles.writeString(dir.resolve("metrics.csv"), csv.toString());
        AtomicFiles.writeString(dir.resolve("metrics.json"), GSON.toJson(history) + "\n");

        List<Curve> accuracy = new ArrayList<>(List.of(
                curve("train", history, m -> 100 * m.trainAccuracy()),
                curve("test", history, m -> 100 * m.testAccuracy())));
        if (history.get(0).holdoutAccuracy() != null) {
            accuracy.add(curve("holdout", history, m -> 100 * m.holdoutAccuracy()));
        }
        accuracy.add(curve("99.4% target", history, m -> 100 * RunSummary.TARGET));
        LineCharts.writePng(dir.resolve("accuracy.png"),
                new Spec("Accuracy per epoch", "epoch", "accuracy (%)", false), accuracy);
        LineCharts.writePng(dir.resolve("loss.png"),
                new Spec("Loss per epoch", "epoch", "loss (log scale)", true), List.of(
                        curve("train", history, EpochMetrics::trainLoss),
                        curve("test", history, EpochMetrics::testLoss)));
    }

    private static Curve curve(String name, List<EpochMetrics> history,
                               ToDoubleFunction<EpochMetrics> value) {
        double[] x = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] y = history.stream().mapToDouble(value).toArray();
        return new Curve(name, x, y);
    }
}
