package backproplab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
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
     * be seen against zero, {@code LOG} for values that fall over orders of magnitude.
     */
    public enum Scale { LINEAR, FROM_ZERO, LOG }

    /** A reference level across the chart (a target, not data): dashed, named in the legend. */
    public record Level(String label, double y) {}

    /** What to draw. */
    public record Spec(String title, String xTitle, String yTitle, Scale scale,
                       List<Level> levels) {
        public Spec(String title, String xTitle, String yTitle, Scale scale) {
            this(title, xTitle, yTitle, scale, List.of());
        }
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

    /** A chart of {@code curves} and the spec's levels; a legend when they are more than one. */
    public static XYChart chart(Spec spec, List<Curve> curves, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        var style = chart.getStyler();
        style.setLegendPosition(LegendPosition.OutsideS);
        style.setLegendLayout(LegendLayout.Horizontal);
        style.setLegendVisible(curves.size() + spec.levels().size() > 1);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridLinesColor(new Color(225, 225, 225));
        style.setSeriesColors(PALETTE);
        // Decimal patterns, not formatting functions: with a function XChart puts y ticks only
        // at the data of two-point curves and draws log axes linearly.
        double[] xs = curves.stream().flatMapToDouble(c -> Arrays.stream(c.x())).toArray();
        double[] ys = curves.stream().flatMapToDouble(c -> Arrays.stream(c.y())).toArray();
        // Whole epochs or iterations: XChart ticks equally spaced x values at the values.
        boolean counted = Arrays.stream(xs).allMatch(v -> v == Math.rint(v));
        style.setXAxisDecimalPattern(counted ? "0" : linearPattern(min(xs), max(xs)));
        // A log axis cannot show zero (E_total can reach exactly 0.0): fall back to linear then.
        if (spec.scale() == Scale.LOG && min(ys) > 0) {
            style.setYAxisLogarithmic(true);
            // Labels at 1..9 of each decade while there are few, else at each decade.
            style.setYAxisLogarithmicDecadeOnly(Math.log10(max(ys) / min(ys)) > 2);
            style.setYAxisDecimalPattern(logPattern(min(ys)));
        } else if (spec.scale() == Scale.FROM_ZERO) {
            style.setYAxisMin(0.0);
            style.setYAxisDecimalPattern(linearPattern(0, max(ys)));
        } else {
            // Explicit bounds, or XChart puts the ticks of a two-point curve at its two values.
            double margin = (max(ys) - min(ys)) / 20;
            if (margin > 0) {
                style.setYAxisMin(min(ys) - margin);
                style.setYAxisMax(max(ys) + margin);
            }
            style.setYAxisDecimalPattern(linearPattern(min(ys), max(ys)));
        }
        for (Curve c : curves) {
            XYSeries s = chart.addSeries(c.name(), c.x(), c.y());
            s.setMarker(c.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        for (Level level : spec.levels()) {
            // Named in the legend rather than on the plot, where its label would cover a curve.
            XYSeries s = chart.addSeries(level.label(), new double[] {min(xs), max(xs)},
                    new double[] {level.y(), level.y()});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(0x555555));
            s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {8f, 6f}, 0f));
        }
        return chart;
    }

    /**
     * One number format for a linear axis from {@code min} to {@code max}: as many decimals as a
     * tenth of the range needs, so neighbouring ticks never print alike and never mix notations
     * (and "0.014", not ".014").
     */
    static String linearPattern(double min, double max) {
        double step = (max - min) / 10;
        int decimals = step <= 0 || !Double.isFinite(step) ? 2
                : Math.max(0, Math.min(8, (int) Math.ceil(-Math.log10(step))));
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }

    /**
     * A log axis: plain decimals while the smallest value is at least 0.001 ("0.01", "0.1",
     * "1"), otherwise powers of ten everywhere ("1E-4"), so one axis never mixes the two.
     */
    static String logPattern(double min) {
        return min >= 1e-3 ? "0.###" : "0E0";
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1);
    }
}
