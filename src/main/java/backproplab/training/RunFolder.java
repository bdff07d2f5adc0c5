package backproplab.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.tracker.Tracker;
import backproplab.InvalidInputException;
import backproplab.report.AtomicFiles;
import backproplab.report.TrainingCharts;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The folder of one training run: the command and settings it was started with, its model
 * summary, metrics (CSV, JSON, charts), a checkpoint per epoch and the best model. Every file is
 * written atomically, so an interrupted run always leaves a good last checkpoint.
 */
public final class RunFolder {

    public static final String SETTINGS = "settings.json";
    public static final String COMMAND = "command.txt";
    public static final String SUMMARY = "summary.txt";
    public static final String BEST = "best.ckpt";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String BATCH_LOSSES = "batch-loss.csv";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** A new run: refuses a folder that already holds one, so nothing earlier is overwritten. */
    public static RunFolder create(Path dir, TrainSettings settings, String command,
                                   String summary) throws IOException {
        if (Files.exists(dir.resolve(SETTINGS))) {
            throw new InvalidInputException("--out: " + dir + " already holds a run; continue it"
                    + " with --resume " + dir + " or choose another --out");
        }
        try {
            AtomicFiles.requireWritableDirectory(dir);
        } catch (IOException e) {
            throw new InvalidInputException("--out: " + e.getMessage());
        }
        RunFolder run = new RunFolder(dir);
        AtomicFiles.writeString(dir.resolve(COMMAND), command + "\n");
        AtomicFiles.writeString(dir.resolve(SETTINGS), GSON.toJson(settings) + "\n");
        AtomicFiles.writeString(dir.resolve(SUMMARY), summary);
        return run;
    }

    /** An existing run, for {@code --resume} and {@code evaluate --run}. */
    public static RunFolder open(Path dir, String option) {
        if (!Files.isRegularFile(dir.resolve(SETTINGS))) {
            throw new InvalidInputException(option + ": " + dir + " is not a training run folder"
                    + " (no " + SETTINGS + ")");
        }
        return new RunFolder(dir);
    }

    public TrainSettings settings() {
        try {
            return GSON.fromJson(Files.readString(dir.resolve(SETTINGS)), TrainSettings.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(dir.resolve(SETTINGS) + " cannot be read");
        }
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

    /** After each epoch: its checkpoint, the best model if it is the best, metrics and charts. */
    void saveEpoch(Checkpoint.Meta meta, Block block, NDList optimizerState) throws IOException {
        List<EpochMetrics> history = meta.history();
        Checkpoint.write(dir.resolve(CHECKPOINTS).resolve(String.format("epoch-%03d.ckpt",
                meta.epoch())), meta, block, optimizerState);
        EpochMetrics last = history.get(history.size() - 1);
        boolean best = history.stream()
                .allMatch(m -> m.selectionAccuracy() <= last.selectionAccuracy());
        if (best) {
            Checkpoint.write(best(), meta, block, null);
        }
        writeMetrics(history);
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
     * After an epoch's training, before {@link #saveEpoch}: its per-batch losses, kept in
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
}
