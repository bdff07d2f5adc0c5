package backproplab.report;

import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Level;
import backproplab.report.LineCharts.Scale;
import backproplab.report.LineCharts.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;

/** The pictures of a training run: accuracy, loss, the notebook's four panels, the schedule. */
public final class TrainingCharts {

    public static final String ACCURACY = "accuracy.png";
    public static final String LOSS = "loss.png";
    public static final String PANELS = "training.png";
    public static final String LEARNING_RATE = "learning-rate.png";

    private TrainingCharts() {}

    /**
     * Per-epoch metrics, accuracies in percent; {@code holdoutAccuracy} is null without a
     * holdout set.
     */
    public record Epochs(double[] epoch, double[] trainLoss, double[] trainAccuracy,
                         double[] testLoss, double[] testAccuracy, double[] holdoutAccuracy,
                         double targetAccuracy) {}

    /** The training loss of each batch (or of each group of batches), at x = epochs done. */
    public record BatchLosses(double[] epoch, double[] loss) {}

    /** Writes {@link #ACCURACY}, {@link #LOSS} and {@link #PANELS} into {@code dir}. */
    public static void write(Path dir, Epochs e, BatchLosses batches) throws IOException {
        List<XYChart> accuracy = accuracyPanels(e);
        LineCharts.writePanels(dir.resolve(ACCURACY), "Accuracy per epoch", accuracy,
                accuracy.size());
        LineCharts.writePng(dir.resolve(LOSS), lossChart(e));
        LineCharts.writePanels(dir.resolve(PANELS), "Training and test, as in the notebook",
                notebookPanels(e, batches), 2);
    }

    static XYChart lossChart(Epochs e) {
        return LineCharts.chart(new Spec("Loss per epoch", "epoch", "loss",
                Scale.LOG), List.of(new Curve("train", e.epoch(), e.trainLoss()),
                new Curve("test", e.epoch(), e.testLoss())));
    }

    static List<XYChart> notebookPanels(Epochs e, BatchLosses batches) {
        int w = 640;
        int h = 420;
        return List.of(
                LineCharts.chart(new Spec("Training loss per batch", "epoch",
                        "loss", Scale.LOG), List.of(new Curve("train",
                        batches.epoch(), batches.loss())), w, h),
                LineCharts.chart(new Spec("Training accuracy", "epoch", "accuracy (%)",
                        Scale.LINEAR), List.of(new Curve("train", e.epoch(),
                        e.trainAccuracy())), w, h),
                LineCharts.chart(new Spec("Test loss", "epoch", "loss", Scale.FROM_ZERO),
                        List.of(new Curve("test", e.epoch(), e.testLoss())), w, h),
                LineCharts.chart(new Spec("Test accuracy", "epoch", "accuracy (%)",
                        Scale.LINEAR), List.of(new Curve("test", e.epoch(), e.testAccuracy())),
                        w, h));
    }

    /**
     * Every epoch, and from 4 epochs on ({@link #zoomFrom}) a second panel: the second half of
     * the run with the y axis zoomed to the range that decides whether the target is met. A
     * shorter run has no half worth zooming into, and the second panel would repeat the first.
     */
    static List<XYChart> accuracyPanels(Epochs e) {
        int n = e.epoch().length;
        List<Level> target = List.of(target(e.targetAccuracy()));
        XYChart all = LineCharts.chart(new Spec("Every epoch", "epoch", "accuracy (%)",
                Scale.LINEAR, false, target), accuracyCurves(e, 0), 700, 500);
        int from = zoomFrom(n);
        if (from < 0) {
            return List.of(all);
        }
        // Its y axis spans the second half's values and the target: not 84-100%.
        XYChart zoom = LineCharts.chart(new Spec(zoomTitle(from, n), "epoch", "accuracy (%)",
                Scale.LINEAR, false, target), accuracyCurves(e, from), 700, 500);
        return List.of(all, zoom);
    }

    /**
     * How many of {@code epochs} epochs a zoomed accuracy panel leaves out: the first half; -1
     * for no zoomed panel, under 4 epochs.
     */
    static int zoomFrom(int epochs) {
        return epochs < 4 ? -1 : epochs / 2;
    }

    /** "Zoomed: epochs 8–15", of a panel that leaves out {@code from} of {@code epochs}. */
    static String zoomTitle(int from, int epochs) {
        return "Zoomed: epochs " + (from + 1) + "–" + epochs;
    }

    /** The target accuracy (%) as the level the accuracy charts draw. */
    static Level target(double percent) {
        return new Level(String.format(Locale.ROOT, "%.1f%% target", percent), percent);
    }

    private static List<Curve> accuracyCurves(Epochs e, int from) {
        int to = e.epoch().length;
        double[] x = Arrays.copyOfRange(e.epoch(), from, to);
        List<Curve> curves = new ArrayList<>(List.of(
                new Curve("train", x, Arrays.copyOfRange(e.trainAccuracy(), from, to)),
                new Curve("test", x, Arrays.copyOfRange(e.testAccuracy(), from, to))));
        if (e.holdoutAccuracy() != null) {
            curves.add(new Curve("holdout", x, Arrays.copyOfRange(e.holdoutAccuracy(), from, to)));
        }
        return curves;
    }

    /** The learning rate of every optimizer step of the whole run, as scheduled. */
    public static byte[] learningRatePng(double[] rates, int stepsPerEpoch) throws IOException {
        return LineCharts.png(learningRateChart(rates, stepsPerEpoch));
    }

    /** Against epochs done, as the per-batch loss: whole epochs read better than step counts. */
    static XYChart learningRateChart(double[] rates, int stepsPerEpoch) {
        double[] epochs = IntStream.rangeClosed(1, rates.length)
                .mapToDouble(step -> (double) step / stepsPerEpoch).toArray();
        return LineCharts.chart(new Spec("Learning rate per step (" + stepsPerEpoch
                + " steps per epoch)", "epoch", "learning rate", Scale.FROM_ZERO),
                List.of(new Curve("learning rate", epochs, rates)));
    }
}
