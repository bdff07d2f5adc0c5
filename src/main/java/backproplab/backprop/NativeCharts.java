package backproplab.backprop;

import backproplab.report.LineCharts;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.ScatterStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFScatterChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * The workbook's own charts of E_total against iteration: live, so they follow an edit of η or of
 * the first row, and drawn by LibreOffice as well as by Excel.
 */
final class NativeCharts {

    /** Line width in points: thin enough for six curves, thick enough to read. */
    static final double LINE_WIDTH = 2.0;

    private NativeCharts() {}

    /**
     * Where a chart sits: its top-left and bottom-right cells (0-based, bottom-right exclusive).
     */
    record Place(int firstColumn, int firstRow, int lastColumn, int lastRow) {}

    /**
     * Cells of one column, and the values they hold. The chart refers to the cells, so it follows
     * an edit; it caches the values, so it needs no cell to be read back (a streamed sheet's rows
     * are already on disk) and shows them in viewers that do not recalculate.
     */
    record Column(String sheet, CellRangeAddress cells, double[] values) {

        XDDFNumericalDataSource<Double> source() {
            return XDDFDataSourcesFactory.fromArray(
                    Arrays.stream(values).boxed().toArray(Double[]::new),
                    cells.formatAsString(sheet, true));
        }
    }

    /** One curve: its legend name and the column of E_total it draws. */
    record Series(String title, Column values) {}

    /**
     * An x-y line chart (scatter with lines, so the x axis is numeric and copes with thousands of
     * iterations). {@code logY} for E_total across rates that differ by orders of magnitude.
     */
    static XSSFChart addLossChart(XSSFSheet sheet, Place place, String title, Column x,
                                  List<Series> series, boolean logY) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0,
                place.firstColumn(), place.firstRow(), place.lastColumn(), place.lastRow()));
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        if (series.size() > 1) {
            chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        }
        XDDFValueAxis xAxis = chart.createValueAxis(AxisPosition.BOTTOM);
        xAxis.setTitle("iteration");
        xAxis.setMinimum(1);
        xAxis.setMaximum(Math.max(2, x.values().length));
        xAxis.setMajorUnit(iterationStep(x.values().length));
        XDDFValueAxis yAxis = chart.createValueAxis(AxisPosition.LEFT);
        yAxis.setTitle(logY ? "E_total (log scale)" : "E_total");
        // The x axis sits at the bottom of the plot, also on a log axis that never reaches zero.
        yAxis.setCrosses(AxisCrosses.MIN);
        xAxis.setCrosses(AxisCrosses.MIN);
        if (logY) {
            yAxis.setLogBase(10);
            yAxis.setNumberFormat("0E+00");
            // Left to itself LibreOffice takes the logarithm of an E_total that reached 0 (at
            // η=2 from iteration 531 on) and draws no curve at all; below this minimum a curve
            // only leaves the chart.
            yAxis.setMinimum(decadeBelow(series));
        } else {
            // The spreadsheet's own format gives each tick the digits that tell it from its
            // neighbours (0.296, 0.297), whatever range an edit gives E_total; two significant
            // digits printed a change in the third as 3.0E-01, 3.0E-01, 3.0E-01.
            yAxis.setNumberFormat("General");
        }
        XDDFScatterChartData data = (XDDFScatterChartData) chart.createData(ChartTypes.SCATTER,
                xAxis, yAxis);
        data.setStyle(ScatterStyle.LINE_MARKER);
        data.setVaryColors(false);
        XDDFNumericalDataSource<Double> xValues = x.source();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            XDDFScatterChartData.Series line = (XDDFScatterChartData.Series) data.addSeries(
                    xValues, s.values().source());
            line.setTitle(s.title(), null);
            line.setSmooth(false);
            line.setMarkerStyle(MarkerStyle.NONE);
            // LibreOffice draws no line for a series without line properties.
            line.setLineProperties(solidLine(LineCharts.seriesColour(k)));
        }
        chart.plot(data);
        return chart;
    }

    /** The power of ten at or below the smallest positive value of any series. */
    private static double decadeBelow(List<Series> series) {
        double smallest = series.stream().flatMapToDouble(s -> Arrays.stream(s.values().values()))
                .filter(v -> v > 0 && Double.isFinite(v)).min().orElse(1);
        return Math.pow(10, Math.floor(Math.log10(smallest)));
    }

    /**
     * Iterations between two x ticks: 1, 2 or 5 × 10ⁿ, at most ten steps across the run. Left to
     * itself LibreOffice ticks a run of two iterations at 1, 1.5 and 2, which the iteration
     * column's format prints 1, 2, 2.
     */
    static int iterationStep(int iterations) {
        for (int power = 1; ; power *= 10) {
            for (int k : new int[] {1, 2, 5}) {
                if (iterations - 1 <= 10L * k * power) {
                    return k * power;
                }
            }
        }
    }

    static XDDFLineProperties solidLine(Color colour) {
        // from(byte[]) writes srgbClr; from(int, int, int) would write scrgbClr, whose channels
        // are percentages in thousandths, so 31, 119, 180 would come out black.
        XDDFLineProperties line = new XDDFLineProperties(new XDDFSolidFillProperties(
                XDDFColor.from(new byte[] {(byte) colour.getRed(), (byte) colour.getGreen(),
                    (byte) colour.getBlue()})));
        line.setWidth(LINE_WIDTH);
        return line;
    }
}
