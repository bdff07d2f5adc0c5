package backproplab.lab.runs;

import backproplab.InvalidInputException;
import backproplab.data.MnistFiles;
import backproplab.data.TrainBatches;
import backproplab.kernels.KernelFaultException;
import backproplab.kernels.Libtorch;
import backproplab.kernels.LibtorchUnavailableException;
import backproplab.lab.http.GsonMapper;
import backproplab.lab.http.InvalidFieldException;
import backproplab.lab.workspace.TrainForm;
import backproplab.model.ModelSummary;
import backproplab.training.Engines;
import backproplab.training.RunFolder;
import backproplab.training.StopRequest;
import backproplab.training.TrainSettings;
import backproplab.training.TrainingListener;
import backproplab.training.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Training from the page: the same {@link TrainingRun} as {@code train}, on one background thread
 * of the server, into an ordinary run folder that the CLI can evaluate and resume. One run at a
 * time: the machine's cores are all the run's.
 */
final class LabTraining implements AutoCloseable {

    /** Progress within an epoch goes out at most this often. */
    private static final long PROGRESS_NANOS = 250_000_000L;

    private final Path runs;
    private final RunEvents events;
    private final PrintStream log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lab-training");
        t.setDaemon(true);
        return t;
    });
    private Active active;

    /**
     * The run in progress: its folder, how to stop it, and its settings and start, which the
     * pages show before the folder's settings.json is written (once the data is loaded).
     */
    record Active(Path dir, StopRequest stop, TrainSettings settings, Instant started) {}

    LabTraining(Path runs, RunEvents events, PrintStream log) {
        this.runs = runs;
        this.events = events;
        this.log = log;
    }

    /** The folder being trained into, or null. */
    synchronized Path activeDir() {
        return active == null ? null : active.dir();
    }

    /** The run in progress, or null. */
    synchronized Active active() {
        return active;
    }

    /** Starts a new run of {@code settings}; returns its folder's name. */
    synchronized String start(TrainSettings settings, Map<String, String> fields)
            throws IOException {
        refuseSecond();
        // Where libtorch cannot run, Start answers why, and no empty run folder is left.
        Libtorch.load();
        Files.createDirectories(runs);
        Path dir = newFolder(settings.model());
        RunFolder folder = RunFolder.create(dir, settings, TrainForm.command(fields,
                dir.toString()), ModelSummary.table(settings.architecture()));
        return launch(folder, settings);
    }

    /** Continues the run in {@code dir} from its last checkpoint, with its own settings. */
    synchronized String resume(Path dir) throws IOException {
        refuseSecond();
        Libtorch.load();
        RunFolder folder = RunFolder.resume(dir);
        try {
            return launch(folder, folder.settings());
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Asks the run in {@code dir} to stop at its next step; the last epoch's checkpoint is kept.
     * False if this server is not training it (another process may be).
     */
    synchronized boolean stop(Path dir) {
        if (active == null || !active.dir().equals(dir)) {
            return false;
        }
        active.stop().request("the Stop button", 0);
        return true;
    }

    private void refuseSecond() {
        if (active != null) {
            String name = active.dir().getFileName().toString();
            throw new TrainingBusyException(name, "a run is already training (" + name
                    + "); one at a time on this machine: stop it or wait for it");
        }
    }

    private String launch(RunFolder folder, TrainSettings settings) {
        StopRequest stop = new StopRequest();
        active = new Active(folder.dir(), stop, settings, Instant.now());
        String name = folder.dir().getFileName().toString();
        worker.execute(() -> train(folder, settings, stop, name));
        events.publish("training", json("run", name, "state", "started"));
        events.refresh();
        return name;
    }

    private void train(RunFolder folder, TrainSettings settings, StopRequest stop, String name) {
        String error = null;
        String field = null;
        try (folder) {
            Engines.noGradientsOnThisThread();
            TrainingRun.Outcome outcome = new TrainingRun(settings, folder, log, stop)
                    .listener(new Publisher(name, settings, events)).run();
            log.println("lab: " + name + (outcome.stoppedBy() == null ? " finished"
                    : " stopped by " + outcome.stoppedBy()));
        } catch (InvalidInputException e) {
            InvalidInputException tied = TrainForm.asFieldError(e);
            error = tied.getMessage();
            field = tied instanceof InvalidFieldException f ? f.field() : null;
        } catch (LibtorchUnavailableException | KernelFaultException e) {
            error = e.getMessage();
        } catch (IOException | RuntimeException e) {
            error = "training failed: " + e;
        } finally {
            synchronized (this) {
                active = null;
            }
        }
        if (error != null) {
            log.println("lab: " + name + ": " + error);
        }
        events.publish("training", json("run", name, "state", error == null ? "ended" : "failed",
                "error", error, "field", field));
        events.refresh();
    }

    /** runs/{@link RunFolder#newName}, as {@code train} names it, with a suffix if that exists. */
    private Path newFolder(String model) {
        String base = RunFolder.newName(model);
        Path dir = runs.resolve(base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = runs.resolve(base + "-" + n);
        }
        return dir;
    }

    static String json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return GsonMapper.GSON.toJson(map);
    }

    @Override
    public void close() throws InterruptedException {
        Path dir = activeDir();
        if (dir != null) {
            stop(dir);
        }
        worker.shutdown();
        // A stop takes effect at the next step; then the checkpoint of the last epoch is whole.
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Refused: a run is in progress already, {@link #run()}. */
    static final class TrainingBusyException extends RuntimeException {
        private final String run;

        TrainingBusyException(String run, String message) {
            super(message);
            this.run = run;
        }

        /** The run in progress: the page's message about it holds while it trains. */
        String run() {
            return run;
        }
    }

    /**
     * Tells the pages how far the epoch is, a few times a second: the step itself only counts and
     * reads the clock.
     */
    private static final class Publisher implements TrainingListener {
        private final String run;
        private final int epochs;
        private final int stepsPerEpoch;
        private final RunEvents events;
        private long last = System.nanoTime();
        private int epoch;
        private int step;
        private double lossSum;

        Publisher(String run, TrainSettings settings, RunEvents events) {
            this.run = run;
            this.epochs = settings.recipe().epochs();
            this.stepsPerEpoch = TrainBatches.batchesPerEpoch(trainImages(settings),
                    settings.recipe().batchSize());
            this.events = events;
        }

        @Override
        public void stepEnded(int epoch, float loss) {
            if (epoch != this.epoch) {
                this.epoch = epoch;
                step = 0;
                lossSum = 0;
            }
            step++;
            lossSum += loss;
            long now = System.nanoTime();
            if (now - last >= PROGRESS_NANOS || step == stepsPerEpoch) {
                last = now;
                events.publish("progress", json("run", run, "epoch", epoch, "epochs", epochs,
                        "step", step, "steps", stepsPerEpoch, "loss", lossSum / step));
            }
        }

        @Override
        public void epochEnded(EpochEnd end) {
            events.refresh();
        }

        /**
         * The data folder's training images, cut as --limit and --holdout cut them. Counted from
         * the file's header, before the training loads it: a folder of other than MNIST's
         * 60,000 would otherwise show a bar that never fills, or overflows.
         */
        private static int trainImages(TrainSettings s) {
            int available = MnistFiles.trainingImages(Path.of(s.dataDir()));
            return (s.limit() > 0 ? Math.min(s.limit(), available) : available) - s.holdout();
        }
    }
}
