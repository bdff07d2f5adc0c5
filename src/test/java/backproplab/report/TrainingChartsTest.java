package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.TrainingCharts.BatchLosses;
import backproplab.report.TrainingCharts.Epochs;
import backproplab.training.LearningRates.OneCycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The training charts as a reader meets them: every value readable, nothing over the data. */
class TrainingChartsTest {

    /** lean, seed 1, 15 epochs (runs/experiments/lean-seed1): test accuracy crosses the target. */
    static final Epochs LEAN = new Epochs(IntStream.rangeClosed(1, 15).asDoubleStream().toArray(),
            new double[] {0.674790, 0.091865, 0.068890, 0.057878, 0.047393, 0.042387, 0.037620,
                0.034835, 0.031065, 0.027934, 0.024815, 0.022512, 0.020654, 0.017830, 0.017663},
            new double[] {83.8767, 97.4233, 97.9333, 98.2517, 98.5650, 98.6967, 98.8750, 98.8950,
                99.0450, 99.1550, 99.2317, 99.3050, 99.3917, 99.4350, 99.4550},
            new double[] {0.102495, 0.061960, 0.038667, 0.036923, 0.048072, 0.032401, 0.031372,
                0.022240, 0.021108, 0.021176, 0.016273, 0.016831, 0.016650, 0.015630, 0.016308},
            new double[] {97.41, 98.06, 98.70, 98.94, 98.53, 98.99, 99.00, 99.22, 99.27, 99.28,
                99.40, 99.41, 99.38, 99.44, 99.41},
            null, 99.4);

    /** tiny, 2 epochs on 2,000 images: losses under a decade apart, far from the target. */
    static final Epochs SHORT = new Epochs(new double[] {1, 2},
            new double[] {1.894023, 0.654864}, new double[] {41.2, 83.1},
            new double[] {1.465225, 0.481370}, new double[] {43.3, 85.33}, null, 99.4);

    /** tiny, 1 epoch: one point per curve. */
    static final Epochs ONE = new Epochs(new double[] {1}, new double[] {1.757},
            new double[] {48.0}, new double[] {1.426}, new double[] {49.61}, null, 99.4);

    /** The per-batch losses of a run: noisy, falling over two orders of magnitude. */
    private static BatchLosses batches(int epochs, int steps) {
        Random random = new Random(1);
        double[] x = new double[epochs * steps];
        double[] loss = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = (k + 1.0) / steps;
            loss[k] = 2.3 * Math.exp(-3 * x[k] / epochs) * Math.exp(random.nextGaussian());
        }
        return new BatchLosses(x, loss);
    }

    @Test
    void theLossOfAShortRunLiesWithinItsLabels() {
        // Was: labels 0.5 to 1 on a log axis, the epoch-1 losses 1.89 and 1.47 above them all.
        ChartChecks.assertReadable(TrainingCharts.lossChart(SHORT));
    }

    @Test
    void everyChartOfShortAndLongRunsIsReadable() {
        for (Epochs e : List.of(ONE, SHORT, LEAN)) {
            int n = e.epoch().length;
            List<XYChart> charts = new ArrayList<>(List.of(TrainingCharts.lossChart(e)));
            charts.addAll(TrainingCharts.accuracyPanels(e));
            charts.addAll(TrainingCharts.notebookPanels(e, batches(n, n < 15 ? 16 : 469)));
            charts.forEach(ChartChecks::assertReadable);
        }
    }

    @Test
    void theScheduleIsTickedAtRoundStepsThatDoNotCrowd() {
        // Was: ticks at steps 1, 321, 641, …, their labels almost touching.
        for (int epochs : new int[] {2, 15, 20}) {
            OneCycle schedule = new OneCycle(0.1f, epochs * 469);
            double[] rates = IntStream.rangeClosed(1, epochs * 469)
                    .mapToDouble(schedule::getNewValue).toArray();
            XYChart chart = TrainingCharts.learningRateChart(rates, 469);
            ChartChecks.assertReadable(chart);
            // In epochs, like the per-batch loss: the run's end is a label, not 7035 of 8000.
            assertThat(XChartParts.xTicks(chart).stream()
                    .map(t -> Double.parseDouble(t.label())).toList())
                    .startsWith(0.0).endsWith((double) epochs);
        }
    }

    /** Under 4 epochs a "zoom" would draw the whole run again, pixel for pixel. */
    @Test
    void onlyARunOfFourEpochsOrMoreHasAZoomedPanel() {
        assertThat(TrainingCharts.accuracyPanels(ONE)).hasSize(1);
        assertThat(TrainingCharts.accuracyPanels(SHORT)).hasSize(1);
        assertThat(TrainingCharts.accuracyPanels(LEAN)).extracting(XYChart::getTitle)
                .containsExactly("Every epoch", "Zoomed: epochs 8–15");
    }

    @Test
    void theTargetIsNamedInTheLegendNotWrittenOverTheCurves() {
        for (XYChart panel : TrainingCharts.accuracyPanels(LEAN)) {
            assertThat(XChartParts.annotations(panel)).isZero();
            assertThat(panel.getStyler().isLegendVisible()).isTrue();
            assertThat(panel.getSeriesMap().get("99.4% target").isShowInLegend()).isTrue();
        }
    }
}
