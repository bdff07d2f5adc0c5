package backproplab.report;

import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Scale;
import backproplab.report.LineCharts.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Several runs' test curves overlaid: the pictures of attempts compared. */
public final class ComparisonCharts {

    public static final String ACCURACY = "compare-accuracy.png";
    public static final String LOSS = "compare-loss.png";

    private ComparisonCharts() {}

    /** One run's test curves per epoch; accuracy in percent. */
    public record Run(String name, double[] epoch, double[] testAccuracy, double[] testLoss) {}

    /**
     * Writes {@link #ACCURACY} (every epoch, and as a run's own accuracy.png does, the second
     * half of the longest run zoomed, with the target) and {@link #LOSS} into {@code dir}.
     */
    public static void write(Path dir, List<Run> runs, double targetPercent) throws IOException {
        List<XYChart> accuracy = accuracyPanels(runs, targetPercent);
        LineCharts.writePanels(dir.resolve(ACCURACY), "Test accuracy per epoch", accuracy,
                accuracy.size());
        LineCharts.writePng(dir.resolve(LOSS), lossChart(runs));
    }

    static List<XYChart> accuracyPanels(List<Run> runs, double targetPercent) {
        Spec every = new Spec("Every epoch", "epoch", "test accuracy (%)", Scale.LINEAR, false,
                List.of(TrainingCharts.target(targetPercent)));
        List<XYChart> panels = new ArrayList<>(List.of(overlay(every, runs, Run::testAccuracy, 0,
                700, 500)));
        int longest = runs.stream().mapToInt(r -> r.epoch().length).max().orElse(0);
        int from = TrainingCharts.zoomFrom(longest);
        if (from >= 0) {
            panels.add(overlay(new Spec(TrainingCharts.zoomTitle(from, longest), every.xTitle(),
                    every.yTitle(), Scale.LINEAR, false, every.levels()), runs,
                    Run::testAccuracy, from, 700, 500));
        }
        return panels;
    }

    static XYChart lossChart(List<Run> runs) {
        return overlay(new Spec("Test loss per epoch", "epoch", "test loss", Scale.LOG), runs,
                Run::testLoss, 0, 900, 560);
    }

    /**
     * A curve of each run over the epochs after the first {@code skipped}, each run in its own
     * colour in every chart: a run too short to reach the zoomed epochs is left out without
     * shifting the others' colours.
     */
    private static XYChart overlay(Spec spec, List<Run> runs, Function<Run, double[]> values,
                                   int skipped, int width, int height) {
        List<Curve> curves = new ArrayList<>();
        List<Integer> colours = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            Run run = runs.get(k);
            int[] shown = IntStream.range(0, run.epoch().length)
                    .filter(i -> run.epoch()[i] > skipped).toArray();
            if (shown.length > 0) {
                curves.add(new Curve(run.name(), pick(run.epoch(), shown),
                        pick(values.apply(run), shown)));
                colours.add(k);
            }
        }
        XYChart chart = LineCharts.chart(spec, curves, width, height);
        for (int k = 0; k < curves.size(); k++) {
            XYSeries s = chart.getSeriesMap().get(curves.get(k).name());
            s.setLineColor(LineCharts.seriesColour(colours.get(k)));
            s.setMarkerColor(LineCharts.seriesColour(colours.get(k)));
        }
        return chart;
    }

    private static double[] pick(double[] values, int[] indices) {
        return Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }
}
