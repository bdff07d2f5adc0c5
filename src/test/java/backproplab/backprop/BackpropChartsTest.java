package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.ChartChecks;
import backproplab.report.LineCharts.Curve;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The PNG charts of {@code backprop-lab backprop} as a reader meets them. */
class BackpropChartsTest {

    private static List<Curve> curves(BackpropSettings s) {
        return GradientDescent.sweep(s).entrySet().stream().map(run -> BackpropJob.lossCurve(
                BackpropWorkbook.sheetName(run.getKey()), run.getValue())).toList();
    }

    @Test
    void everyChartOfTheDefaultSweepIsReadable() {
        // Was: iteration 68 past the last x label (67), and E_total at η = 2 down to 2.1e-6,
        // below the lowest y label (1E-5).
        List<Curve> curves = curves(BackpropSettings.defaults());
        ChartChecks.assertReadable(BackpropJob.allRatesChart(curves));
        curves.forEach(c -> ChartChecks.assertReadable(BackpropJob.rateChart(c)));
    }

    @Test
    void withOneRateTheAllRatesChartNamesIt() {
        // Was: "every learning rate", and no legend: η appeared nowhere.
        BackpropSettings d = BackpropSettings.defaults();
        BackpropSettings one = new BackpropSettings(d.inputs(), d.targets(), d.initialWeights(),
                d.biases(), false, List.of(1.0), 5);
        XYChart chart = BackpropJob.allRatesChart(curves(one));
        assertThat(chart.getTitle()).isEqualTo("E_total against iteration, η=1");
        ChartChecks.assertReadable(chart);
        assertThat(BackpropJob.allRatesChart(curves(d)).getStyler().isLegendVisible()).isTrue();
    }
}
