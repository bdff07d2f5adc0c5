package backproplab.training;

import backproplab.InvalidInputException;
import backproplab.report.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder of one training run: the command and settings it was started with, its model
 * summary, and what {@link RunRecords} writes as it trains: metrics (CSV, JSON, charts), a
 * checkpoint per epoch and the best model. Every file is written atomically, so an interrupted
 * run always leaves a good last checkpoint.
 *
 * <p>One process at a time writes a run folder: {@link #create} and {@link #resume} take an OS
 * lock on a file in it, held until {@link #close()} (or the process's end, however it ends).
 */
public final class RunFolder implements AutoCloseable {

    public static final String SETTINGS = "settings.json";
    public static final String COMMAND = "command.txt";
    public static final String SUMMARY = "summary.txt";
    /** The model file the run trains, as it was written: the run outlives the file. */
    public static final String MODEL = "model.txt";
    public static final String BEST = "best.ckpt";
    public static final String CHECKPOINTS = "checkpoints";
    static final String LOCK = ".lock";
    /** How a run folder's JSON files are written and read (settings.json, metrics.json). */
    /** The settings' field kept in {@link #MODEL}, not in settings.json. */
    private static final String MODEL_TEXT = "modelText";
    static final Gson GSON = JsonNumbers.nonFinite(new GsonBuilder()).setPrettyPrinting().create();

    private final Path dir;
    private final FileChannel lock;
    /** The files that make a new folder a run, written by {@link #start()}; null when resuming. */
    private final Map<String, String> startFiles;
    /** This run made the folder: if the run never starts, closing removes it again. */
    private final boolean made;
    private boolean started;
    /** settings.json once read: its model is parsed once per folder opened. */
    private TrainSettings settings;

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
        return model + "-" + LocalDateTime.now(ZoneId.systemDefault()).format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
    }

    /**
     * A new run. Refuses a folder that holds a run with a checkpoint, so nothing earlier is
     * overwritten; a folder whose run never finished an epoch (a failed start) is reused; any
     * other folder must be empty, so a run's files are never mixed with others (backprop's
     * workbook, the runs folder itself). Nothing is written until {@link #start()}.
     */
    public static RunFolder create(Path dir, TrainSettings settings, String command,
                                   String summary) throws IOException {
        boolean made = !Files.exists(dir);
        AtomicFiles.requireWritableDirectory(dir, "--out");
        // Checked before the lock file is made: a refused folder is left exactly as it was.
        if (!Files.exists(dir.resolve(SETTINGS)) && holdsOtherFiles(dir)) {
            throw new InvalidInputException("--out: " + dir + " is not empty; choose a new"
                    + " folder");
        }
        Map<String, String> startFiles = new LinkedHashMap<>();
        startFiles.put(COMMAND, command + "\n");
        startFiles.put(SUMMARY, summary);
        startFiles.put(MODEL, settings.modelText());
        // Last: its presence is what makes the folder a run. The model is in model.txt alone.
        JsonObject json = GSON.toJsonTree(settings).getAsJsonObject();
        json.remove(MODEL_TEXT);
        startFiles.put(SETTINGS, GSON.toJson(json) + "\n");
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

    /**
     * Whether a folder holds anything but a lock file: that of a run killed before its start
     * wrote anything, which a new run may take over.
     */
    private static boolean holdsOtherFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> !f.getFileName().toString().equals(LOCK));
        }
    }

    /** A run that has trained every epoch of its recipe: there is nothing to resume. */
    public static final class FinishedException extends InvalidInputException {
        private final Path dir;
        private final int epochs;

        FinishedException(Path dir, int epochs) {
            super("--resume: " + dir + " has already trained the " + epochs + " epochs of its"
                    + " recipe; nothing to resume");
            this.dir = dir;
            this.epochs = epochs;
        }

        public Path dir() {
            return dir;
        }

        public int epochs() {
            return epochs;
        }
    }

    /**
     * An existing run to continue: locked like a new one. A finished run is refused here, before
     * its data is loaded, so that the caller can say so before anything else.
     */
    public static RunFolder resume(Path dir) throws IOException {
        requireRun(dir, "--resume");
        AtomicFiles.requireWritableDirectory(dir, "--resume");
        RunFolder run = new RunFolder(dir, lock(dir, "--resume"), null, false);
        try {
            run.removeStaleTemporaries();
            Path last = run.lastCheckpoint();
            int epochs = last == null ? 0 : run.settings().recipe().epochs();
            if (last != null && Checkpoint.readMeta(last).epoch() >= epochs) {
                throw new FinishedException(dir, epochs);
            }
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
        if (settings == null) {
            settings = readSettings();
        }
        return settings;
    }

    private TrainSettings readSettings() {
        Path file = dir.resolve(SETTINGS);
        try {
            JsonElement read = JsonParser.parseString(Files.readString(file));
            if (read.isJsonNull()) {
                throw new InvalidInputException("it is empty");
            }
            if (!read.isJsonObject()) {
                throw new JsonParseException("not an object of settings");
            }
            JsonObject json = read.getAsJsonObject();
            Path model = dir.resolve(MODEL);
            if (Files.exists(model)) {
                json.addProperty(MODEL_TEXT, Files.readString(model));
            }
            return GSON.fromJson(json, TrainSettings.class);
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidInputException bad) {
                    // The model's text is read from its own file: a problem at a line of it
                    // ("model.txt:14:26: ...") is that file's, not the settings'.
                    throw new InvalidInputException(bad.getMessage().startsWith(MODEL + ":")
                            ? dir.resolve(MODEL) + bad.getMessage().substring(MODEL.length())
                            : file + " is not valid: " + bad.getMessage());
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

    /** Where the checkpoint of {@code epoch} is kept. */
    Path epochCheckpoint(int epoch) {
        return dir.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT,
                "epoch-%03d.ckpt", epoch));
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
     * Why {@link #best()} is missing, for the line that says so: a run with epoch checkpoints
     * has finished an epoch, and its best model was moved or deleted since.
     */
    public String whyNoBest() {
        Path last;
        try {
            last = lastCheckpoint();
        } catch (IOException e) {
            last = null;
        }
        return last == null ? "no epoch has finished yet" : "moved or deleted; its epochs'"
                + " checkpoints are there, e.g. --checkpoint " + last;
    }

    /**
     * Where {@code evaluate} writes for {@code checkpoint} unless told: the run's
     * {@code evaluation/} for its best model, and {@code evaluation/epoch-NNN/} for an epoch's
     * checkpoint, so that evaluating one epoch does not replace what another's evaluation wrote.
     */
    public static Path evaluationDir(Path checkpoint) {
        return outputDir(checkpoint, "evaluation");
    }

    /** The same rule for another command's output ({@code export}: {@code pytorch/}). */
    public static Path outputDir(Path checkpoint, String folder) {
        Path parent = checkpoint.toAbsolutePath().getParent();
        Path run = parent.getFileName() != null && parent.getFileName().toString()
                .equals(CHECKPOINTS) ? parent.getParent() : parent;
        String name = checkpoint.getFileName().toString();
        Path output = run.resolve(folder);
        return name.equals(BEST) ? output : output.resolve(name.replaceFirst("\\.ckpt$", ""));
    }
}
