package backproplab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts (loss, accuracy, learning-rate curves) drawn with XChart, written atomically. */
public final class LineCharts {

    private LineCharts() {}

    /** Tableau's ten colours: distinct on white and for most colour-blind readers. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    /** The colour of the {@code index}-th curve, so charts drawn elsewhere match these PNGs. */
    public static Color seriesColour(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** One curve: its legend name and its points. */
    public record Curve(String name, double[] x, double[] y) {}

    /**
     * How the y axis runs: {@code FROM_ZERO} for quantities that cannot be negative and should
     * be seen against zero, {@code LOG} for values that fall over orders of magnitude (drawn
     * linear when they span less than a decade, or reach zero).
     */
    public enum Scale { LINEAR, FROM_ZERO, LOG }

    /** A reference level across the chart (a target, not data): dashed, named in the legend. */
    public record Level(String label, double y) {}

    /**
     * What to draw. {@code yTitle} gets " (log scale)" when the y axis is drawn logarithmic;
     * {@code xFromZero}: the x axis starts at zero; the y axis takes in the {@code levels}.
     */
    public record Spec(String title, String xTitle, String yTitle, Scale scale, boolean xFromZero,
                       List<Level> levels) {
        public Spec(String title, String xTitle, String yTitle, Scale scale) {
            this(title, xTitle, yTitle, scale, false, List.of());
        }
    }

    /** The chart as PNG bytes, drawn now and written later. */
    public static byte[] png(XYChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    }

    public static void writePng(Path file, XYChart chart) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
    }

    /** Charts side by side, {@code columns} to a row, under one title, as one PNG. */
    public static void writePanels(Path file, String title, List<XYChart> panels, int columns)
            throws IOException {
        List<BufferedImage> images = panels.stream().map(BitmapEncoder::getBufferedImage).toList();
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        int rows = (images.size() + columns - 1) / columns;
        int top = 40;
        BufferedImage sheet = new BufferedImage(columns * w, top + rows * h,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.white(sheet);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        Canvas.centre(g, title, sheet.getWidth() / 2, 27);
        for (int k = 0; k < images.size(); k++) {
            g.drawImage(images.get(k), (k % columns) * w, top + (k / columns) * h, null);
        }
        g.dispose();
        Canvas.writePng(file, sheet);
    }

    /** A chart of its own page: wide enough for 15 epochs' or 68 iterations' labels. */
    public static XYChart chart(Spec spec, List<Curve> curves) {
        return chart(spec, curves, 900, 560);
    }

    /** A chart of {@code curves} and the spec's levels; a legend when they are more than one. */
    public static XYChart chart(Spec spec, List<Curve> curves, int width, int height) {
        return chart(spec, curves, width, height, false);
    }

    /**
     * As {@link #chart(Spec, List, int, int)}, with a log x axis (from decade to decade) for x
     * values that grow by a constant factor, as a range test's learning rates.
     */
    public static XYChart logXChart(Spec spec, List<Curve> curves, int width, int height) {
        return chart(spec, curves, width, height, true);
    }

    private static XYChart chart(Spec spec, List<Curve> curves, int width, int height,
                                 boolean logX) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        XYStyler style = chart.getStyler();
        // XChart formats its tick labels in the JVM's default locale: Arabic digits or decimal
        // commas on a student's laptop, where the course writes 0.5.
        style.setLocale(Locale.ROOT);
        style.setLegendPosition(LegendPosition.OutsideS);
        style.setLegendLayout(LegendLayout.Horizontal);
        style.setLegendVisible(curves.size() + spec.levels().size() > 1);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridLinesColor(new Color(225, 225, 225));
        style.setSeriesColors(PALETTE);
        for (Curve c : curves) {
            XYSeries s = chart.addSeries(c.name(), c.x(), c.y());
            s.setMarker(c.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        double[] xs = DoubleStream.concat(
                curves.stream().flatMapToDouble(c -> Arrays.stream(c.x())),
                spec.xFromZero() ? DoubleStream.of(0) : DoubleStream.empty()).toArray();
        double[] ys = DoubleStream.concat(DoubleStream.concat(
                curves.stream().flatMapToDouble(c -> Arrays.stream(c.y())),
                spec.levels().stream().mapToDouble(Level::y)),
                spec.scale() == Scale.FROM_ZERO ? DoubleStream.of(0) : DoubleStream.empty())
                .toArray();
        AxisTicks x = placeTicks(chart, xs, ys, logX, spec.scale() == Scale.LOG);
        for (Level level : spec.levels()) {
            // Named in the legend rather than on the plot, where its label would cover a curve.
            XYSeries s = chart.addSeries(level.label(), new double[] {x.low(), x.high()},
                    new double[] {level.y(), level.y()});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(0x555555));
            s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {8f, 6f}, 0f));
        }
        chart.setYAxisTitle(style.isYAxisLogarithmic() ? spec.yTitle() + " (log scale)"
                : spec.yTitle());
        return chart;
    }

    /**
     * Puts the ticks where {@link AxisTicks} says, on axes as long as XChart lays them out at
     * this size, and returns the x axis's.
     */
    private static AxisTicks placeTicks(XYChart chart, double[] xs, double[] ys, boolean logX,
                                        boolean log) {
        XYStyler style = chart.getStyler();
        // Whole epochs or iterations: no tick between two of them.
        boolean counted = !logX && Arrays.stream(xs).allMatch(v -> v == Math.rint(v));
        double[] length = plotLengths(chart, xs, ys);
        FontRenderContext context = new FontRenderContext(null, true, false);
        // An x label needs its own width again as space before the next; y labels, stacked,
        // the spacing XChart's theme gives them.
        AxisTicks x = AxisTicks.of(xs, logX, counted, length[0], style.getLocale(),
                label -> 2 * new TextLayout(label, style.getAxisTickLabelsFont(), context)
                        .getBounds().getWidth());
        AxisTicks y = AxisTicks.of(ys, log, false, length[1], style.getLocale(),
                label -> style.getYAxisTickMarkSpacingHint());
        // Decimal patterns, not formatting functions: with a function XChart puts y ticks only
        // at the data of two-point curves and draws log axes linearly.
        style.setXAxisDecimalPattern(x.pattern());
        style.setYAxisDecimalPattern(y.pattern());
        style.setXAxisLogarithmic(x.log());
        style.setXAxisLogarithmicDecadeOnly(x.log());
        style.setYAxisLogarithmic(y.log());
        style.setYAxisLogarithmicDecadeOnly(y.log());
        Ends xEnds = ends(x, xs, length[0]);
        style.setXAxisMin(xEnds.min());
        style.setXAxisMax(xEnds.max());
        if (xEnds.hint() > 0) {
            style.setXAxisTickMarkSpacingHint(xEnds.hint());
        }
        Ends yEnds = ends(y, ys, length[1]);
        style.setYAxisMin(yEnds.min());
        style.setYAxisMax(yEnds.max());
        if (yEnds.hint() > 0) {
            style.setYAxisTickMarkSpacingHint(yEnds.hint());
        }
        return x;
    }

    /** Where XChart's axis ends, and its tick spacing hint in pixels (0: XChart's own). */
    private record Ends(double min, double max, int hint) {}

    /**
     * How to make XChart draw {@code ticks} on an axis of {@code values} {@code length} pixels
     * long. Its log axis labels each decade within its ends. Its linear axis ticks values that
     * are, with its ends, equally spaced (epochs, iterations, steps) at every k-th of them from
     * the start, the smallest k whose labels fit: right when our ticks are those values, else
     * (1, 321, 641, …) ends beyond the outer ticks by a hair below and two above break the
     * equal spacing (equal hairs would keep it around a single value: "-0", 1, 2). Otherwise
     * it picks a step of 1, 2 or 5 × 10ⁿ near the spacing hint, and the pixels of our step make
     * it pick ours.
     */
    private static Ends ends(AxisTicks ticks, double[] values, double length) {
        List<Double> distinct = Arrays.stream(values).sorted().distinct().boxed().toList();
        if (ticks.log() || ticks.values().equals(distinct)) {
            return new Ends(ticks.low(), ticks.high(), 0);
        }
        double span = ticks.high() - ticks.low();
        double hair = span * 1e-3;
        return new Ends(ticks.low() - hair, ticks.high() + 2 * hair,
                Math.max(1, (int) Math.round(length * ticks.step() / span)));
    }

    /**
     * The pixels from the smallest to the largest value of each axis, {x, y}, as XChart lays
     * the chart out: drawn once on a scratch image, with the values' own range.
     */
    private static double[] plotLengths(XYChart chart, double[] xs, double[] ys) {
        XYStyler style = chart.getStyler();
        double x0 = min(xs);
        double x1 = Math.max(max(xs), x0 + 1);
        double y0 = min(ys);
        double y1 = Math.max(max(ys), y0 + Math.max(1e-9, Math.abs(y0)));
        style.setXAxisMin(x0);
        style.setXAxisMax(x1);
        style.setYAxisMin(y0);
        style.setYAxisMax(y1);
        BufferedImage scratch = new BufferedImage(chart.getWidth(), chart.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.dispose();
        return new double[] {
            Math.abs(chart.getScreenXFromChart(x1) - chart.getScreenXFromChart(x0)),
            Math.abs(chart.getScreenYFromChart(y1) - chart.getScreenYFromChart(y0))};
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1);
    }
}
