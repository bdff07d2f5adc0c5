package backproplab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts (loss and accuracy curves) drawn with XChart and written atomically. */
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

    /** What to draw; {@code logY} for values that fall over orders of magnitude. */
    public record Spec(String title, String xTitle, String yTitle, boolean logY) {}

    public static void writePng(Path file, Spec spec, List<Curve> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setLegendVisible(curves.size() > 1);
        // A log axis cannot show zero (E_total can reach exactly 0.0): fall back to linear then.
        chart.getStyler().setYAxisLogarithmic(spec.logY() && curves.stream()
                .allMatch(c -> java.util.Arrays.stream(c.y()).allMatch(v -> v > 0)));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setXAxisDecimalPattern("#");
        for (Curve c : curves) {
            XYSeries s = chart.addSeries(c.name(), c.x(), c.y());
            s.setMarker(c.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
    }
}
