package backproplab.training;

import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run's time goes, written to {@value #FILE} after every epoch: the start (epoch 0),
 * then each epoch's phases, in wall-clock seconds as the main thread sees them. The main thread
 * runs replica 0, so its forward and backward passes are the step's; the other replicas work
 * beside them, and "replica wait" is what the main thread then waits for them. Images are read
 * on a helper thread while libtorch loads and its convolutions are checked, so "data" overlaps
 * the two phases after it. A resumed run's file holds the resuming process's times.
 */
final class Timings {

    static final String FILE = "timing.csv";

    enum Phase {
        /** From the JVM's start to the training run: the JVM, the options, the settings. */
        PROCESS_START("process start"),
        /** Reading and checking the images (on a helper thread). */
        DATA("data"),
        /** Loading the native library, and checking what oneDNN read of the caches. */
        LIBTORCH("libtorch"),
        /** Every convolution call of the run, in float32 against float64 ({@code KernelGuard}). */
        KERNEL_CHECK("kernel check"),
        /** The model, its optimizer, the replicas and the test set made ready to run. */
        SETUP("setup"),
        /** Waiting for the next augmented batch, made on a helper thread. */
        DATA_WAIT("data wait"),
        /** Replica 0's forward passes, the loss included. */
        FORWARD("forward"),
        /** Replica 0's backward passes. */
        BACKWARD("backward"),
        /** Then waiting for the other replicas. */
        REPLICA_WAIT("replica wait"),
        /** The gradients' finiteness check and the optimizer's step. */
        UPDATE("update"),
        /** The test set (and a holdout) after the epoch. */
        EVALUATION("evaluation"),
        /** The epoch's checkpoints, metrics and charts. */
        RECORDS("records");

        private final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final Map<Integer, EnumMap<Phase, Long>> nanos = new TreeMap<>();

    /**
     * Adds {@code elapsed} nanoseconds to {@code phase} of {@code epoch} (0: the start); the
     * images' helper thread adds beside the main thread.
     */
    synchronized void add(int epoch, Phase phase, long elapsed) {
        nanos.computeIfAbsent(epoch, e -> new EnumMap<>(Phase.class)).merge(phase, elapsed,
                Long::sum);
    }

    /** The time from the JVM's start until now, as the start's first phase. */
    void processStarted() {
        long sinceStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        add(0, Phase.PROCESS_START, Math.max(0, sinceStart) * 1_000_000L);
    }

    synchronized String csv() {
        StringBuilder csv = new StringBuilder("epoch,phase,seconds\n");
        nanos.forEach((epoch, phases) -> phases.forEach((phase, n) -> csv.append(
                String.format(Locale.ROOT, "%d,%s,%.3f%n", epoch, phase.label, n / 1e9))));
        return csv.toString();
    }

    void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), csv());
    }
}
