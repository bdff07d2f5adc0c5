package backproplab.backprop;

import backproplab.report.ChartChecks;
import backproplab.report.LineCharts.Curve;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
