package backproplab.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** Counts of (true class, predicted class), as text and as a heat map. */
public final class ConfusionMatrix {

    private final int[][] counts;

    public ConfusionMatrix(int classes, byte[] truth, int[] predicted) {
        counts = new int[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
    }

    /** The fraction of class {@code c} predicted as {@code c}. */
    public double recall(int c) {
        int total = 0;
        for (int p = 0; p < counts.length; p++) {
            total += counts[c][p];
        }
        return total == 0 ? Double.NaN : (double) counts[c][c] / total;
    }

    public String text() {
        StringBuilder s = new StringBuilder("true \\ predicted");
        for (int p = 0; p < counts.length; p++) {
            s.append(String.format("%6d", p));
        }
        s.append("   accuracy\n");
        for (int t = 0; t < counts.length; t++) {
            s.append(String.format("%16d", t));
            for (int p = 0; p < counts.length; p++) {
                s.append(String.format("%6d", counts[t][p]));
            }
            s.append(String.format("   %7.2f%%%n", 100 * recall(t)));
        }
        return s.toString();
    }

    /**
     * A heat map of the off-diagonal counts: the diagonal would swamp the colour scale, so it is
     * drawn but scaled with the errors.
     */
    public void writePng(Path file, String title) throws IOException {
        int n = counts.length;
        List<Integer> axis = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            axis.add(k);
        }
        int maxError = 1;
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                if (t != p) {
                    maxError = Math.max(maxError, counts[t][p]);
                }
            }
        }
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, t, t == p ? maxError : counts[t][p]});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(700).height(620).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0xfdae61),
            new Color(0xd7191c)});
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("errors", axis, axis, cells);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out,
                BitmapEncoder.BitmapFormat.PNG));
    }
}
