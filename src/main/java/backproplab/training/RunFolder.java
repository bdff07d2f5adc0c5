package backproplab.training;

import ai.djl.training.tracker.Tracker;
import backproplab.InvalidInputException;
import backproplab.report.AtomicFiles;
import backproplab.report.TrainingCharts;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    public static final String BATCH_LOSSES = "batch-loss.csv";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path dir;
    private final FileChannel lock;
    /** The files that make a new folder a run, written by {@link #start()}; null when resuming. */
    private final Map<String, String> startFiles;
    /** This run made the folder: if the run never starts, closing removes it again. */
    private final boolean made;
    private boolean started;

    private RunFolder(Path dir, FileChannel lock, Map<String, String> startFiles, boolean made) {
        this.dir = dir;
        this.lock = lock;
        this.startFiles = startFiles;
        this.made = made;
    }

    public Path dir() {
        return dir;
    }

    /**
     * MODEL-DATE-TIME ("lean-20261121-101500"): the name of a new run's folder when none is given,
     * so runs sort by when they started.
     */
    public static String newName(String model) {
        return model + "-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /**
     * A new run. Refuses a folder that holds a run with a checkpoint, so nothing earlier is
     * overwritten; a folder whose run never finished an epoch (a failed start) is reused.
     * Nothing is written until {@link #start()}.
     */
    public static RunFolder create(Path dir, TrainSettings settings, String command,
                                   String summary) throws IOException {
        boolean made = !Files.exists(dir);
        AtomicFiles.requireWritableDirectory(dir, "--out");
        Map<String, String> startFiles = new LinkedHashMap<>();
        startFiles.put(COMMAND, command + "\n");
        startFiles.put(SUMMARY, summary);
        // Last: its presence is what makes the folder a run.
        startFiles.put(SETTINGS, GSON.toJson(settings) + "\n");
        RunFolder run = new RunFolder(dir, lock(dir, "--out"), startFiles, made);
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
        AtomicFiles.requireWritableDirectory(dir, "--resume");
        RunFolder run = new RunFolder(dir, lock(dir, "--resume"), null, false);
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
        return new RunFolder(dir, null, null, false);
    }

    private static void requireRun(Path dir, String option) {
        if (!Files.exists(dir)) {
            throw new InvalidInputException(option + ": " + dir + " does not exist");
        }
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
            started = true;
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
        boolean refused = startFiles != null && !started;
        if (refused) {
            // A new run refused before it began (a bad --holdout, a stop while loading) leaves
            // nothing behind: not its lock file (removed while still held), nor a folder it made.
            Files.deleteIfExists(dir.resolve(LOCK));
        }
        if (lock != null) {
            lock.close();
        }
        if (refused && made) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                // Something else was put in it meanwhile: not ours to remove.
            }
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

    /**
     * Where {@code evaluate} writes for {@code checkpoint} unless told: the run's
     * {@code evaluation/} for its best model, and {@code evaluation/epoch-NNN/} for an epoch's
     * checkpoint, so that evaluating one epoch does not replace what another's evaluation wrote.
     */
    public static Path evaluationDir(Path checkpoint) {
        Path parent = checkpoint.toAbsolutePath().getParent();
        Path run = parent.getFileName() != null && parent.getFileName().toString()
                .equals(CHECKPOINTS) ? parent.getParent() : parent;
        String name = checkpoint.getFileName().toString();
        Path evaluation = run.resolve("evaluation");
        return name.equals(BEST) ? evaluation
                : evaluation.resolve(name.replaceFirst("\\.ckpt$", ""));
    }

    /** What the run leaves after each epoch, as listeners of the training loop. */
    List<TrainingListener> recorders() {
        return List.of(
                // First, for the charts that writeMetrics draws.
                new BatchLosses(),
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

        writeCharts(history);
    }

    /** The charts of the epochs so far, with the per-batch losses of {@link #BATCH_LOSSES}. */
    private void writeCharts(List<EpochMetrics> history) throws IOException {
        boolean holdout = history.get(0).holdoutAccuracy() != null;
        TrainingCharts.Epochs epochs = new TrainingCharts.Epochs(
                values(history, EpochMetrics::epoch), values(history, EpochMetrics::trainLoss),
                values(history, m -> 100 * m.trainAccuracy()),
                values(history, EpochMetrics::testLoss),
                values(history, m -> 100 * m.testAccuracy()),
                holdout ? values(history, m -> 100 * m.holdoutAccuracy()) : null,
                100 * RunSummary.TARGET);
        List<String> rows = batchLossRows(history.size() + 1);
        double[] x = new double[rows.size()];
        double[] loss = new double[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            String[] f = rows.get(k).split(",");
            x[k] = Double.parseDouble(f[1]);
            loss[k] = Double.parseDouble(f[2]);
        }
        TrainingCharts.write(dir, epochs, new TrainingCharts.BatchLosses(x, loss));
    }

    /**
     * After an epoch's training, before its metrics: its per-batch losses, kept in
     * {@link #BATCH_LOSSES} for the per-batch chart (rows of a later, interrupted epoch that a
     * resume repeats are replaced).
     */
    void saveBatchLosses(int epoch, float[] losses) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,epochs_done,loss\n");
        batchLossRows(epoch).forEach(row -> csv.append(row).append('\n'));
        for (int k = 0; k < losses.length; k++) {
            csv.append(String.format("%d,%.5f,%.6f%n", epoch,
                    epoch - 1 + (k + 1.0) / losses.length, losses[k]));
        }
        AtomicFiles.writeString(dir.resolve(BATCH_LOSSES), csv.toString());
    }

    /** The rows of {@link #BATCH_LOSSES} of the epochs before {@code epoch}. */
    private List<String> batchLossRows(int epoch) throws IOException {
        Path file = dir.resolve(BATCH_LOSSES);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().skip(1)
                .filter(row -> Integer.parseInt(row.substring(0, row.indexOf(','))) < epoch)
                .toList();
    }

    /** The schedule's rate at each of the run's steps, drawn once when training starts. */
    void writeLearningRates(Tracker schedule, int epochs, int stepsPerEpoch) throws IOException {
        double[] rates = new double[epochs * stepsPerEpoch];
        for (int k = 0; k < rates.length; k++) {
            // DJL counts updates from 1.
            rates[k] = schedule.getNewValue(k + 1);
        }
        TrainingCharts.writeLearningRate(dir.resolve(TrainingCharts.LEARNING_RATE), rates,
                stepsPerEpoch);
    }

    private static double[] values(List<EpochMetrics> history,
                                   ToDoubleFunction<EpochMetrics> value) {
        return history.stream().mapToDouble(value).toArray();
    }

    /** Collects each step's loss in memory; the epoch's end writes them, once, to the folder. */
    private final class BatchLosses implements TrainingListener {
        private float[] losses = new float[512];
        private int count;
        private int epoch;

        @Override
        public void stepEnded(int epoch, float loss) {
            if (epoch != this.epoch) {
                // A new epoch, or one repeated after a stop: start its list afresh.
                this.epoch = epoch;
                count = 0;
            }
            if (count == losses.length) {
                losses = Arrays.copyOf(losses, 2 * count);
            }
            losses[count++] = loss;
        }

        @Override
        public void epochEnded(EpochEnd end) throws IOException {
            saveBatchLosses(end.meta().epoch(), Arrays.copyOf(losses, count));
            epoch = 0;
        }
    }
}
