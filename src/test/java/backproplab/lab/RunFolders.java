package backproplab.lab;

import backproplab.model.ModelSummary;
import backproplab.model.Models;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.RunRecords;
import backproplab.training.TrainSettings;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Run folders written without training, for the tests that only read them. */
public final class RunFolders {

    private RunFolders() {}

    /**
     * A run folder of tiny with {@code epochs} planned and these test accuracies so far; the
     * training loss falls by a fifth an epoch from 0.2 (a decade below it by epoch 12), the test
     * loss stays at 0.05.
     */
    public static Path write(Path dir, int epochs, double... testAccuracies) throws IOException {
        return write(dir, "tiny", epochs, testAccuracies);
    }

    /** The same for any model. */
    static Path write(Path dir, String model, int epochs, double... testAccuracies)
            throws IOException {
        TrainSettings s = new TrainSettings(model, Models.builtIn(model).recipe()
                .withEpochs(epochs), 1, 1, "data/mnist", 0, 0);
        List<EpochMetrics> history = new ArrayList<>();
        for (int i = 0; i < testAccuracies.length; i++) {
            history.add(new EpochMetrics(i + 1, 0.2 * Math.pow(0.8, i), 0.95, 0.05,
                    testAccuracies[i], null, 0.01,
                    1, 1));
        }
        return write(dir, s, history);
    }

    /** A run folder of these settings that has finished these epochs. */
    public static Path write(Path dir, TrainSettings s, List<EpochMetrics> history)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunFolder.SETTINGS),
                new GsonBuilder().setPrettyPrinting().create().toJson(s));
        Files.writeString(dir.resolve(RunRecords.METRICS), new Gson().toJson(history));
        // As train writes them: the model's table, and a command long enough to wrap in the page.
        Files.writeString(dir.resolve(RunFolder.SUMMARY), ModelSummary.table(s.architecture()));
        Files.writeString(dir.resolve(RunFolder.COMMAND), "backprop-lab train --model "
                + s.model() + " --epochs " + s.recipe().epochs() + " --batch-size 128 --lr 0.2"
                + " --momentum 0.9 --weight-decay 5e-05 --label-smoothing 0.0 --out " + dir
                + "\n");
        return dir;
    }

    /** Every epoch of the run in {@code dir} ending at this learning rate instead of 0.01. */
    static void learningRate(Path dir, double rate) throws IOException {
        Path file = dir.resolve(RunRecords.METRICS);
        List<EpochMetrics> history = new ArrayList<>();
        for (EpochMetrics m : new Gson().fromJson(Files.readString(file), EpochMetrics[].class)) {
            history.add(new EpochMetrics(m.epoch(), m.trainLoss(), m.trainAccuracy(),
                    m.testLoss(), m.testAccuracy(), m.holdoutAccuracy(), rate, m.trainSeconds(),
                    m.testSeconds()));
        }
        Files.writeString(file, new Gson().toJson(history));
    }
}
