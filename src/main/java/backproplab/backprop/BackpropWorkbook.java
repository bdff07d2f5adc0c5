package backproplab.backprop;

import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The backprop sweep as a live Excel workbook: a summary sheet, one sheet per learning rate in the
 * original layout, and the derivation. Every derived cell is a formula over the first row and the
 * η cell, so a learner who edits either sees the sheet and its chart recompute.
 */
public final class BackpropWorkbook {

    public static final String SUMMARY_SHEET = "Summary";
    public static final String DERIVATION_SHEET = "Derivation";
    /** η sits in B1 of each learning-rate sheet, labelled in A1. */
    public static final String ETA_CELL = "$B$1";
    /** 0-based index of the header row; the first iteration is the row below it. */
    public static final int HEADER_ROW = 2;
    public static final int FIRST_ROW = HEADER_ROW + 1;

    private BackpropWorkbook() {}

    public static String sheetName(double learningRate) {
        return "η=" + BigDecimal.valueOf(learningRate).stripTrailingZeros().toPlainString();
    }

    public static void write(Path file, BackpropSettings s, Map<Double, List<Iteration>> runs)
            throws IOException {
        try (XSSFWorkbook wb = build(s, runs)) {
            AtomicFiles.write(file, wb::write);
        }
    }

    public static XSSFWorkbook build(BackpropSettings s, Map<Double, List<Iteration>> runs) {
        XSSFWorkbook wb = new XSSFWorkbook();
        Styles styles = new Styles(wb);
        SheetLayout layout = SheetLayout.of(s);
        XSSFSheet summary = wb.createSheet(SUMMARY_SHEET);
        for (Map.Entry<Double, List<Iteration>> run : runs.entrySet()) {
            writeRateSheet(wb.createSheet(sheetName(run.getKey())), styles, s, layout,
                    run.getKey(), run.getValue(), summary);
        }
        writeSummary(summary, styles, layout, runs);
        DerivationSheet.write(wb.createSheet(DERIVATION_SHEET), styles.header);
        // Cached values for viewers that never recalculate; Excel and LibreOffice recalculate anyway.
        XSSFFormulaEvaluator.evaluateAllFormulaCells(wb);
        wb.setForceFormulaRecalculation(true);
        return wb;
    }

    private static void writeRateSheet(XSSFSheet sheet, Styles styles, BackpropSettings s,
                                       SheetLayout layout, double learningRate, List<Iteration> rows,
                                       XSSFSheet summary) {
        XSSFRow top = sheet.createRow(0);
        top.createCell(0).setCellValue("η (learning rate)");
        top.getCell(0).setCellStyle(styles.header);
        XSSFCell eta = top.createCell(1);
        eta.setCellValue(learningRate);
        eta.setCellStyle(styles.input);
        top.createCell(3).setCellValue("Edit η or a yellow cell of the first row:"
                + " every formula below and the chart recompute.");

        XSSFRow header = sheet.createRow(HEADER_ROW);
        for (SheetColumns c : layout.columns()) {
            XSSFCell cell = header.createCell(layout.index(c));
            cell.setCellValue(c.header());
            cell.setCellStyle(styles.header);
        }
        for (int r = 0; r < rows.size(); r++) {
            XSSFRow row = sheet.createRow(FIRST_ROW + r);
            int excelRow = FIRST_ROW + r + 1;
            for (SheetColumns c : layout.columns()) {
                XSSFCell cell = row.createCell(layout.index(c));
                if (r == 0 && c.isInputInFirstRow()) {
                    cell.setCellValue(c.valueOf(s.inputs(), s.targets(), rows.get(0)));
                    cell.setCellStyle(styles.input);
                } else {
                    cell.setCellFormula(layout.formula(c, excelRow, ETA_CELL));
                }
            }
        }
        sheet.createFreezePane(0, FIRST_ROW);
        int last = FIRST_ROW + rows.size() - 1;
        int col = layout.index(SheetColumns.E_TOTAL);
        addLineChart(sheet, layout.columns().size() + 1, HEADER_ROW,
                "E_total, " + sheetName(learningRate), iterationAxis(summary, rows.size()),
                List.of(new Series(sheetName(learningRate),
                        new CellRangeAddress(FIRST_ROW, last, col, col))));
    }

    private static void writeSummary(XSSFSheet sheet, Styles styles, SheetLayout layout,
                                     Map<Double, List<Iteration>> runs) {
        XSSFRow title = sheet.createRow(0);
        title.createCell(0).setCellValue("E_total per iteration for each learning rate"
                + " (linked to the learning-rate sheets)");
        title.getCell(0).setCellStyle(styles.header);
        XSSFRow header = sheet.createRow(HEADER_ROW);
        header.createCell(0).setCellValue("iteration");
        header.getCell(0).setCellStyle(styles.header);
        int iterations = runs.values().iterator().next().size();
        for (int r = 0; r < iterations; r++) {
            sheet.createRow(FIRST_ROW + r).createCell(0).setCellValue(r + 1);
        }
        List<Series> series = new java.util.ArrayList<>();
        int col = 1;
        for (double lr : runs.keySet()) {
            String name = sheetName(lr);
            XSSFCell h = header.createCell(col);
            h.setCellValue(name);
            h.setCellStyle(styles.header);
            for (int r = 0; r < iterations; r++) {
                sheet.getRow(FIRST_ROW + r).createCell(col).setCellFormula(
                        "'" + name + "'!" + layout.letter(SheetColumns.E_TOTAL)
                                + (FIRST_ROW + r + 1));
            }
            series.add(new Series(name,
                    new CellRangeAddress(FIRST_ROW, FIRST_ROW + iterations - 1, col, col)));
            col++;
        }
        sheet.createFreezePane(1, FIRST_ROW);
        for (int c = 0; c < col; c++) {
            sheet.setColumnWidth(c, 14 * 256);
        }
        addLineChart(sheet, col + 1, HEADER_ROW, "E_total against iteration, every learning rate",
                iterationAxis(sheet, iterations), series);
    }

    /** The summary's iteration column serves as the x axis of every chart in the workbook. */
    private static XDDFDataSource<Double> iterationAxis(XSSFSheet summary, int iterations) {
        return XDDFDataSourcesFactory.fromNumericCellRange(summary,
                new CellRangeAddress(FIRST_ROW, FIRST_ROW + iterations - 1, 0, 0));
    }

    private record Series(String title, CellRangeAddress values) {}

    private static void addLineChart(XSSFSheet sheet, int col, int row, String title,
                                     XDDFDataSource<Double> x, List<Series> series) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(
                drawing.createAnchor(0, 0, 0, 0, col, row, col + 10, row + 22));
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis xAxis = chart.createCategoryAxis(AxisPosition.BOTTOM);
        xAxis.setTitle("iteration");
        XDDFValueAxis yAxis = chart.createValueAxis(AxisPosition.LEFT);
        yAxis.setTitle("E_total");
        yAxis.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, xAxis, yAxis);
        for (Series s : series) {
            XDDFLineChartData.Series line = (XDDFLineChartData.Series) data.addSeries(x,
                    XDDFDataSourcesFactory.fromNumericCellRange(sheet, s.values()));
            line.setTitle(s.title(), null);
            line.setSmooth(false);
            line.setMarkerStyle(MarkerStyle.NONE);
        }
        chart.plot(data);
    }

    /** The two looks a learner needs to tell apart: headers, and the cells meant for editing. */
    static final class Styles {
        final CellStyle header;
        final CellStyle input;

        Styles(XSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            input = wb.createCellStyle();
            input.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
            input.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }
    }
}
