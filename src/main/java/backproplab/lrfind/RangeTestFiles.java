package backproplab.lrfind;

import backproplab.report.AtomicFiles;
import backproplab.report.LineCharts;
import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Scale;
import backproplab.report.LineCharts.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/** A range test's files: its chart and its steps as CSV. */
public final class RangeTestFiles {

    public static final String CHART = "lr-find.png";
    public static final String CSV = "lr-find.csv";

    private RangeTestFiles() {}

    /**
     * Writes {@link #CHART} and {@link #CSV} into {@code dir}, each to a temporary name first;
     * no chart when not one step was kept (a loss not a number from the start).
     */
    public static void write(Path dir, String model, RangeTestResult result) throws IOException {
        AtomicFiles.requireReplaceable(List.of(dir.resolve(CHART), dir.resolve(CSV)));
        AtomicFiles.writeString(dir.resolve(CSV), csv(result));
        if (result.steps() > 0) {
            LineCharts.writePng(dir.resolve(CHART), chart(model, result));
        }
    }

    /** step,rate,loss,smoothed_loss: every step kept, ASCII digits and '.' whatever the locale. */
    static String csv(RangeTestResult r) {
        StringBuilder text = new StringBuilder("step,rate,loss,smoothed_loss\n");
        for (int k = 0; k < r.steps(); k++) {
            text.append(String.format(Locale.ROOT, "%d,%.6e,%.6f,%.6f\n", k + 1, r.rates()[k],
                    r.losses()[k], r.smoothed()[k]));
        }
        return text.toString();
    }

    /** The step whose rate is nearest {@code rate}, by factor: the curve's point at it. */
    static int nearest(double[] rates, double rate) {
        int best = 0;
        for (int k = 1; k < rates.length; k++) {
            if (Math.abs(Math.log(rates[k] / rate)) < Math.abs(Math.log(rates[best] / rate))) {
                best = k;
            }
        }
        return best;
    }

    static XYChart chart(String model, RangeTestResult r) {
        List<Curve> curves = new ArrayList<>(List.of(new Curve("smoothed loss (β = 0.98)",
                r.rates(), r.smoothed())));
        Suggestion s = r.suggestion();
        if (s.hasSteepest()) {
            curves.add(new Curve("suggested " + RangeTestResult.rateText(s.steepest()) + ": "
                    + Suggestion.RULE, new double[] {s.steepest()},
                    new double[] {r.smoothed()[s.steepestIndex()]}));
        }
        if (s.any()) {
            curves.add(new Curve((s.hasSteepest() ? "" : "suggested ") + "minimum / 10: "
                    + RangeTestResult.rateText(s.minimumOver10()),
                    new double[] {s.minimumOver10()},
                    new double[] {r.smoothed()[nearest(r.rates(), s.minimumOver10())]}));
        }
        return LineCharts.logXChart(new Spec("Learning-rate range test of " + model + " ("
                + r.steps() + " steps" + (r.stoppedBy() == null ? "" : ", stopped early") + ")",
                "learning rate", "training loss", Scale.LINEAR), curves, 900, 560);
    }
}
