package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.ComparisonCharts.Run;
import backproplab.report.TrainingCharts.Epochs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Runs overlaid: each in one colour throughout, every value readable, the target drawn. */
class ComparisonChartsTest {

    @TempDir
    Path tmp;

    private static Run run(String name, Epochs e) {
        return new Run(name, e.epoch(), e.testAccuracy(), e.testLoss());
    }

    /** lean's 15 epochs, the first 10 of them, and tiny's 2: lengths that end the zoom apart. */
    private static final List<Run> RUNS = List.of(
            run("lean-15", TrainingChartsTest.LEAN),
            new Run("lean-10", Arrays.copyOf(TrainingChartsTest.LEAN.epoch(), 10),
                    Arrays.stream(TrainingChartsTest.LEAN.testAccuracy()).limit(10)
                            .map(a -> a - 0.2).toArray(),
                    Arrays.stream(TrainingChartsTest.LEAN.testLoss()).limit(10)
                            .map(l -> 1.3 * l).toArray()),
            run("tiny-2", TrainingChartsTest.SHORT));

    @Test
    void everyRunKeepsItsColourAndTheZoomShowsTheLongestRunsSecondHalf() {
        List<XYChart> panels = ComparisonCharts.accuracyPanels(RUNS, 99.4);
        assertThat(panels).hasSize(2);
        XYChart every = panels.get(0);
        XYChart zoom = panels.get(1);
        assertThat(zoom.getTitle()).isEqualTo("Zoomed: epochs 8–15");
        assertThat(every.getSeriesMap()).containsOnlyKeys("lean-15", "lean-10", "tiny-2",
                "99.4% target");
        // tiny-2 ends before the zoomed epochs: left out, and lean-10 keeps its colour.
        assertThat(zoom.getSeriesMap()).containsOnlyKeys("lean-15", "lean-10", "99.4% target");
        for (XYChart chart : List.of(every, zoom, ComparisonCharts.lossChart(RUNS))) {
            for (int k = 0; k < RUNS.size(); k++) {
                XYSeries s = chart.getSeriesMap().get(RUNS.get(k).name());
                if (s != null) {
                    assertThat(s.getLineColor()).as(chart.getTitle() + " " + s.getName())
                            .isEqualTo(LineCharts.seriesColour(k));
                }
            }
            ChartChecks.assertReadable(chart);
        }
        assertThat(zoom.getSeriesMap().get("lean-10").getXData()).containsExactly(8, 9, 10);
        assertThat(zoom.getSeriesMap().get("lean-15").getYData()).containsExactly(
                Arrays.copyOfRange(TrainingChartsTest.LEAN.testAccuracy(), 7, 15));
    }

    @Test
    void shortRunsHaveNoZoomAndTheFilesAreWritten() throws IOException {
        List<Run> short2 = List.of(run("a", TrainingChartsTest.SHORT),
                run("b", TrainingChartsTest.ONE));
        assertThat(ComparisonCharts.accuracyPanels(short2, 99.4)).hasSize(1);
        ComparisonCharts.accuracyPanels(short2, 99.4).forEach(ChartChecks::assertReadable);
        ChartChecks.assertReadable(ComparisonCharts.lossChart(short2));

        ComparisonCharts.write(tmp, RUNS, 99.4);
        assertThat(ImageIO.read(tmp.resolve(ComparisonCharts.ACCURACY).toFile()).getWidth())
                .isEqualTo(2 * 700);
        assertThat(ImageIO.read(tmp.resolve(ComparisonCharts.LOSS).toFile())).isNotNull();
    }
}
