package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.LineCharts.Curve;
import backproplab.report.LineCharts.Scale;
import backproplab.report.LineCharts.Spec;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("locale")
class LineChartsTest {

    private static AxisTicks ticks(double min, double max, boolean log) {
        return AxisTicks.of(new double[] {min, max}, log, false, 400, Locale.ROOT, label -> 44);
    }

    @ParameterizedTest
    @CsvSource({"0.0096, 0.0142", "0, 0.0142", "0.0000021, 0.0142", "98.5, 100", "0, 2.3",
        "1, 15", "0.35, 1.08", "0, 0.1", "87.2, 99.6", "0.48, 1.89", "-0.3, 0.7", "5, 5"})
    void linearTicksEncloseTheValuesAndNeverPrintAlikeAndAlwaysLeadWithADigit(double min,
                                                                               double max) {
        AxisTicks t = ticks(min, max, false);
        assertThat(t.low()).isLessThanOrEqualTo(min);
        assertThat(t.high()).isGreaterThanOrEqualTo(max);
        List<String> labels = t.labels(Locale.ROOT);
        assertThat(labels).hasSizeBetween(3, 11).doesNotHaveDuplicates()
                .allMatch(l -> !l.startsWith(".") && !l.startsWith("-."));
        // One notation per axis: all labels carry the same number of decimals.
        assertThat(labels.stream().map(l -> l.contains(".") ? l.length() - l.indexOf('.') : 0)
                .distinct()).hasSize(1);
    }

    @Test
    void aLogAxisRunsFromDecadeToDecadeInOneNotation() {
        assertThat(ticks(2e-6, 0.0142, true).labels(Locale.ROOT))
                .containsExactly("1E-6", "1E-5", "1E-4", "1E-3", "1E-2", "1E-1");
        assertThat(ticks(0.0156, 0.67, true).labels(Locale.ROOT))
                .containsExactly("0.01", "0.1", "1");
    }

    @Test
    void aLogScaleUnderADecadeIsDrawnLinearAndSaysSo() {
        AxisTicks t = ticks(0.48, 1.89, true);
        assertThat(t.log()).isFalse();
        var chart = LineCharts.chart(new Spec("loss", "epoch", "loss", Scale.LOG),
                List.of(new Curve("train", new double[] {1, 2}, new double[] {1.89, 0.48})),
                900, 560);
        assertThat(chart.getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(chart.getYAxisTitle()).isEqualTo("loss");
        var log = LineCharts.chart(new Spec("loss", "epoch", "loss", Scale.LOG),
                List.of(new Curve("train", new double[] {1, 2}, new double[] {1.89, 0.048})),
                900, 560);
        assertThat(log.getYAxisTitle()).isEqualTo("loss (log scale)");
        ChartChecks.assertReadable(log);
    }

    @Test
    void countedValuesGetWholeTicks() {
        // 68 iterations on 900 pixels: every value cannot have a label; 0, 5, …, 70 or so.
        double[] x = IntStream.rangeClosed(1, 68).asDoubleStream().toArray();
        var chart = LineCharts.chart(new Spec("E", "iteration", "E", Scale.FROM_ZERO),
                List.of(new Curve("E", x, x)), 900, 560);
        ChartChecks.assertReadable(chart);
        assertThat(AxisTicks.of(new double[] {1, 2}, false, true, 800, Locale.ROOT, l -> 20)
                .labels(Locale.ROOT)).containsExactly("1", "2");
        assertThat(AxisTicks.of(new double[] {1}, false, true, 800, Locale.ROOT, l -> 20)
                .labels(Locale.ROOT)).containsExactly("0", "1", "2");
    }

    /** A diverged run's last loss is infinite or NaN: the axis is laid out for the rest. */
    @Test
    void valuesThatAreNotFiniteLeaveTheAxisToTheOthers() {
        for (boolean log : new boolean[] {false, true}) {
            AxisTicks ticks = AxisTicks.of(new double[] {0.5, 20, Double.POSITIVE_INFINITY,
                Double.NaN}, log, false, 400, Locale.ROOT, l -> 30);
            assertThat(ticks.low()).as("log %s", log).isLessThanOrEqualTo(0.5);
            assertThat(ticks.high()).as("log %s", log).isGreaterThanOrEqualTo(20).isFinite();
            assertThat(ticks.values()).as("log %s", log).hasSizeLessThan(30);
        }
    }
}
