package backproplab.report;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.XChartParts.Tick;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** What a reader of a chart needs from its axes, checked on the labels XChart draws. */
public final class ChartChecks {

    private ChartChecks() {}

    /**
     * Every point of every series lies between the lowest and the highest label of each axis,
     * so none can only be guessed at; and the labels are those of round steps that do not crowd.
     */
    public static void assertReadable(XYChart chart) {
        List<Tick> x = XChartParts.xTicks(chart);
        List<Tick> y = XChartParts.yTicks(chart);
        for (XYSeries s : chart.getSeriesMap().values()) {
            assertWithin(chart.getTitle() + ", x of " + s.getName(), s.getXData(), x);
            assertWithin(chart.getTitle() + ", y of " + s.getName(), s.getYData(), y);
        }
        assertRoundSteps(chart.getTitle() + ", x", x, chart.getStyler().isXAxisLogarithmic());
        assertRoundSteps(chart.getTitle() + ", y", y, chart.getStyler().isYAxisLogarithmic());
        assertApart(chart, x, y);
    }

    private static void assertWithin(String what, double[] values, List<Tick> ticks) {
        assertThat(ticks).extracting(Tick::label).as(what + ": labels")
                .noneMatch(l -> l.matches("-0[.,]?0*"));
        double[] labelled = ticks.stream().mapToDouble(t -> value(t.label())).sorted().toArray();
        assertThat(labelled).as(what + ": labels").hasSizeGreaterThanOrEqualTo(2);
        double low = labelled[0];
        double high = labelled[labelled.length - 1];
        // A millionth of the axis, far below a pixel: a rate of 0.1f is 0.10000000149.
        double slack = (high - low) * 1e-6;
        assertThat(Arrays.stream(values).min().orElseThrow()).as(what + ": lowest value, labels "
                + ticks.stream().map(Tick::label).toList()).isGreaterThanOrEqualTo(low - slack);
        assertThat(Arrays.stream(values).max().orElseThrow()).as(what + ": highest value, labels "
                + ticks.stream().map(Tick::label).toList()).isLessThanOrEqualTo(high + slack);
    }

    /** Equal steps of 1, 2 or 5 × 10ⁿ (a factor of ten on a log axis). */
    private static void assertRoundSteps(String what, List<Tick> ticks, boolean log) {
        double[] v = ticks.stream().mapToDouble(t -> value(t.label())).sorted().toArray();
        String labels = ticks.stream().map(Tick::label).toList().toString();
        double step = log ? v[1] / v[0] : v[1] - v[0];
        for (int i = 2; i < v.length; i++) {
            assertThat(log ? v[i] / v[i - 1] : v[i] - v[i - 1]).as(what + ": steps of " + labels)
                    .isCloseTo(step, Offset.offset(step * 1e-6));
        }
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        assertThat(log ? List.of(10.0) : List.of(1.0, 2.0, 5.0)).as(what + ": steps of " + labels)
                .anySatisfy(m -> assertThat(log ? step : mantissa)
                        .isCloseTo(m, Offset.offset(1e-6 * m)));
    }

    /**
     * Neighbouring x labels at least half the widest one's width apart, y labels at least their
     * height.
     */
    private static void assertApart(XYChart chart, List<Tick> x, List<Tick> y) {
        FontRenderContext context = new FontRenderContext(null, true, false);
        Function<Tick, Rectangle2D> box = t -> new TextLayout(t.label(),
                chart.getStyler().getAxisTickLabelsFont(), context).getBounds();
        double widest = x.stream().map(box).mapToDouble(Rectangle2D::getWidth).max().orElse(0);
        for (int i = 1; i < x.size(); i++) {
            double gap = Math.abs(x.get(i).pixel() - x.get(i - 1).pixel())
                    - (box.apply(x.get(i)).getWidth() + box.apply(x.get(i - 1)).getWidth()) / 2;
            assertThat(gap).as("%s: space between x labels %s and %s", chart.getTitle(),
                    x.get(i - 1).label(), x.get(i).label()).isGreaterThanOrEqualTo(widest / 2);
        }
        for (int i = 1; i < y.size(); i++) {
            double height = box.apply(y.get(i)).getHeight();
            assertThat(Math.abs(y.get(i).pixel() - y.get(i - 1).pixel()) - height)
                    .as("%s: space between y labels %s and %s", chart.getTitle(),
                            y.get(i - 1).label(), y.get(i).label()).isGreaterThanOrEqualTo(height);
        }
    }

    private static double value(String label) {
        return Double.parseDouble(label.replace(',', '.'));
    }
}
