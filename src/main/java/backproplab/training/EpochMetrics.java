package backproplab.training;

import backproplab.console.Terminal;
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
     * The best epoch of a run: the highest {@link #selectionAccuracy()}, the later one of a tie.
     * best.ckpt and the closing line both follow it.
     */
    public static EpochMetrics best(List<EpochMetrics> history) {
        EpochMetrics best = null;
        for (EpochMetrics m : history) {
            if (best == null || m.selectionAccuracy() >= best.selectionAccuracy()) {
                best = m;
            }
        }
        return best;
    }

    /**
     * The titles above the rows of {@link #line}: a table at most 79 characters wide, broken
     * between columns on a terminal narrower than that.
     */
    public static String header(boolean holdout, int width) {
        return Terminal.wrap(padded(holdout, titles(holdout)), width, " ".repeat(EPOCH_COLUMN));
    }

    /** This epoch as a row of the table under {@link #header}. */
    public String line(int epochs, int width) {
        return Terminal.wrap(padded(holdoutAccuracy != null, cells(epochs)), width,
                " ".repeat(EPOCH_COLUMN));
    }

    /** The table's column titles, unpadded: for a page that lays the table out itself. */
    public static List<String> titles(boolean holdout) {
        return columns(holdout, "epoch", "train loss", "train acc", "test loss", "test acc",
                "holdout", "lr", "time");
    }

    /** This epoch's values under {@link #titles}, unpadded, as {@link #line} prints them. */
    public List<String> cells(int epochs) {
        return columns(holdoutAccuracy != null, epoch + "/" + epochs,
                String.format(Locale.ROOT, "%.4f", trainLoss), percent(trainAccuracy),
                String.format(Locale.ROOT, "%.4f", testLoss), percent(testAccuracy),
                holdoutAccuracy == null ? "" : percent(holdoutAccuracy),
                String.format(Locale.ROOT, "%.2e", learningRate),
                String.format(Locale.ROOT, "%.1f s", trainSeconds + testSeconds));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** The columns in their order; the holdout's only when the run keeps one. */
    private static List<String> columns(boolean holdout, String epoch, String trainLoss,
                                        String trainAccuracy, String testLoss,
                                        String testAccuracy, String holdoutAccuracy,
                                        String learningRate, String time) {
        List<String> cells = new ArrayList<>(List.of(epoch, trainLoss, trainAccuracy, testLoss,
                testAccuracy));
        if (holdout) {
            cells.add(holdoutAccuracy);
        }
        cells.add(learningRate);
        cells.add(time);
        return cells;
    }

    /**
     * Each column at its width (the epoch's left-aligned, the rest right-aligned): one rule for
     * the header and the rows, so they always line up.
     */
    private static List<String> padded(boolean holdout, List<String> cells) {
        int[] widths = holdout ? new int[] {12, 11, 11, 10, 9, 10, 9}
                : new int[] {12, 11, 11, 10, 10, 9};
        List<String> out = new ArrayList<>(List.of(String.format(Locale.ROOT,
                "%-" + EPOCH_COLUMN + "s",
                cells.get(0))));
        for (int k = 1; k < cells.size(); k++) {
            out.add(column(cells.get(k), widths[k - 1]));
        }
        return out;
    }

    /** Right-aligned in {@code width}; a value too wide for it still keeps a space before it. */
    private static String column(String value, int width) {
        return value.length() < width ? " ".repeat(width - value.length()) + value : " " + value;
    }
}
