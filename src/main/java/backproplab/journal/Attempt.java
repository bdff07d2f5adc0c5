package backproplab.journal;

import backproplab.InvalidInputException;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.RunRecords;
import backproplab.training.TrainSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One attempt of the learner's loop: a run folder read back, its settings and the epochs it has
 * finished. Every error starts with the option (or argument) that named the folder.
 *
 * @param name the folder's name: what the lab and the report call the run
 */
public record Attempt(String name, Path dir, TrainSettings settings,
                      List<EpochMetrics> history, String option) {

    public Attempt {
        history = List.copyOf(history);
    }

    /**
     * The run in {@code dir}, which {@code option} named.
     *
     * @throws InvalidInputException starting with {@code option}: no such folder, not a run, or
     *                               a damaged settings.json or metrics.json
     */
    public static Attempt read(Path dir, String option) {
        RunFolder folder = RunFolder.open(dir, option);
        TrainSettings settings;
        try {
            settings = folder.settings();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(option + ": " + e.getMessage(), e);
        }
        List<EpochMetrics> history;
        try {
            history = RunRecords.history(dir);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(option + ": " + dir.resolve(RunRecords.METRICS)
                    + " cannot be read" + (e instanceof IOException ? ""
                    : ": it is damaged or cut short"), e);
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new Attempt(name == null ? dir.toString() : name.toString(), dir, settings,
                history, option);
    }

    /**
     * Its figures.
     *
     * @throws InvalidInputException starting with the option, if no epoch has finished yet
     */
    public RunFigures figures() {
        if (history.isEmpty()) {
            throw new InvalidInputException(option + ": " + dir + " has not finished an epoch"
                    + " yet");
        }
        return RunFigures.of(name, settings, history);
    }
}
