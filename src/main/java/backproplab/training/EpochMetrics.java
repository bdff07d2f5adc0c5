package backproplab.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of metrics.csv: how an epoch went. Accuracies are fractions in [0, 1];
 * {@code holdoutAccuracy} is null unless the run keeps a holdout set.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss,
                           double testAccuracy, Double holdoutAccuracy, double learningRate,
                           double trainSeconds, double testSeconds) {

    /** Width of the epoch column, and the indent of a wrapped row's continuation. */
    private static final int EPOCH_COLUMN = 7;

    /** The accuracy that picks the best epoch: the holdout's if there is one, else the test's. */
    public double selectionAccuracy() {
        return holdoutAccuracy != null ? holdoutAccuracy : testAccuracy;
    }

    /**
     * The titles above the rows of {@link #line}: a table at most 77 characters wide, broken
     * between columns on a terminal narrower than that.
     */
    public static String header(boolean holdout, int width) {
        return Terminal.wrap(cells(holdout, "epoch", "train loss", "train acc", "test loss",
                "test acc", "holdout acc", "lr", "time"), width, " ".repeat(EPOCH_COLUMN));
    }

    /** This epoch as a row of the table under {@link #header}. */
    public String line(int epochs, int width) {
        return Terminal.wrap(cells(holdoutAccuracy != null, epoch + "/" + epochs,
                String.format(Locale.ROOT, "%.4f", trainLoss), percent(trainAccuracy),
                String.format(Locale.ROOT, "%.4f", testLoss), percent(testAccuracy),
                holdoutAccuracy == null ? "" : percent(holdoutAccuracy),
                String.format(Locale.ROOT, "%.2e", learningRate),
                String.format(Locale.ROOT, "%.1f s", trainSeconds + testSeconds)), width,
                " ".repeat(EPOCH_COLUMN));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** The columns: one rule for the header and the rows, so they always line up. */
    private static List<String> cells(boolean holdout, String epoch, String trainLoss,
                                      String trainAccuracy, String testLoss, String testAccuracy,
                                      String holdoutAccuracy, String learningRate, String time) {
        List<String> cells = new ArrayList<>(List.of(String.format("%-" + EPOCH_COLUMN + "s",
                epoch), String.format("%11s", trainLoss), String.format("%10s", trainAccuracy),
                String.format("%10s", testLoss), String.format("%9s", testAccuracy)));
        if (holdout) {
            cells.add(String.format("%12s", holdoutAccuracy));
        }
        cells.add(String.format("%10s", learningRate));
        cells.add(String.format("%8s", time));
        return cells;
    }
}
