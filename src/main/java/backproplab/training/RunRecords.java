package backproplab.training;

import ai.djl.training.tracker.Tracker;
import backproplab.report.AtomicFiles;
import backproplab.report.TrainingCharts;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What a training run writes into its {@link RunFolder} as it trains: after each epoch its
 * checkpoint, the best model so far, the metrics (CSV, JSON, charts) and the per-batch losses;
 * when training starts, the learning-rate chart. Every file is written atomically.
 */
public final class RunRecords {

    public static final String METRICS = "metrics.json";
    static final String BATCH_LOSSES = "batch-loss.csv";

    private final RunFolder folder;
    private final Path dir;

    RunRecords(RunFolder folder) {
        this.folder = folder;
        this.dir = folder.dir();
    }

    /** What the run leaves after each epoch, as listeners of the training loop. */
    List<TrainingListener> recorders() {
        return List.of(
                // First, for the charts that writeMetrics draws.
                new BatchLosses(),
                // The epoch's checkpoint: everything --resume needs.
                end -> Checkpoint.write(folder.epochCheckpoint(end.meta().epoch()), end.meta(),
                        end.block(), end.optimizerState()),
                end -> {
                    if (EpochMetrics.best(end.meta().history()) == end.metrics()) {
                        Checkpoint.write(folder.best(), end.meta(), end.block(), null);
                    }
                },
                end -> writeMetrics(end.meta().history()));
    }

    /**
     * The epochs a run has finished, as its {@link #METRICS} lists them; none yet is an empty
     * history.
     *
     * @throws com.google.gson.JsonParseException if the file is damaged or cut short
     */
    public static List<EpochMetrics> history(Path dir) throws IOException {
        Path file = dir.resolve(METRICS);
        if (!Files.exists(file)) {
            return List.of();
        }
        EpochMetrics[] read = RunFolder.GSON.fromJson(Files.readString(file),
                EpochMetrics[].class);
        if (read == null || Arrays.stream(read).anyMatch(m -> m == null)) {
            throw new JsonParseException("no list of epochs");
        }
        return List.of(read);
    }

    private void writeMetrics(List<EpochMetrics> history) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,"
                + "test_accuracy,holdout_accuracy,learning_rate,train_seconds,test_seconds\n");
        for (EpochMetrics m : history) {
            csv.append(String.format(Locale.ROOT,
                    "%d,%.6f,%.6f,%.6f,%.6f,%s,%.8f,%.3f,%.3f%n", m.epoch(),
                    m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(),
                    m.holdoutAccuracy() == null ? "" : String.format(Locale.ROOT,
                            "%.6f", m.holdoutAccuracy()),
                    m.learningRate(), m.trainSeconds(), m.testSeconds()));
        }
        AtomicFiles.writeString(dir.resolve("metrics.csv"), csv.toString());
        AtomicFiles.writeString(dir.resolve(METRICS), RunFolder.GSON.toJson(history) + "\n");

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
                RunSummary.TARGET_PERCENT);
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
            csv.append(String.format(Locale.ROOT, "%d,%.5f,%.6f%n", epoch,
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

    /**
     * The chart of every step's learning rate, drawn before the run folder starts (the first
     * chart a process draws pays for Java2D's start, about half a second), written by
     * {@link #writeLearningRates(byte[])}.
     */
    static byte[] learningRateChart(Tracker schedule, int epochs, int stepsPerEpoch)
            throws IOException {
        double[] rates = new double[epochs * stepsPerEpoch];
        for (int k = 0; k < rates.length; k++) {
            // DJL counts updates from 1.
            rates[k] = schedule.getNewValue(k + 1);
        }
        return TrainingCharts.learningRatePng(rates, stepsPerEpoch);
    }

    void writeLearningRates(byte[] chart) throws IOException {
        AtomicFiles.write(dir.resolve(TrainingCharts.LEARNING_RATE), out -> out.write(chart));
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
