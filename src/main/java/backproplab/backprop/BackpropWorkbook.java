package backproplab.backprop;

import backproplab.backprop.NativeCharts.Place;
import backproplab.backprop.NativeCharts.Series;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The backprop sweep as a live Excel workbook: a summary sheet, one sheet per learning rate in the
 * original layout, and the derivation. Every derived cell is a formula over the first row and the
 * η cell, so a learner who edits either sees the sheet and its chart recompute.
 *
 * <p>Each sheet opens on its chart: the chart fills the rows between the η row and the table's
 * header, and those rows stay frozen, so the chart and the header stay in view while the rows
 * scroll beneath them.
 */
public final class BackpropWorkbook {

    public static final String SUMMARY_SHEET = "Summary";
    public static final String DERIVATION_SHEET = "Derivation";
    /** η sits in B1 of each learning-rate sheet, labelled in A1. */
    public static final String ETA_CELL = "$B$1";
    /** The charts take rows 2..20 (1-based), between the η row and the header. */
    static final int CHART_FIRST_ROW = 1;
    /** 0-based index of the header row; the first iteration is the row below it. */
    public static final int HEADER_ROW = 20;
    public static final int FIRST_ROW = HEADER_ROW + 1;
    /** Charts are this many columns wide: about 700 pixels at the data columns' width. */
    static final int CHART_COLUMNS = 7;
    /** Wide enough for -12.000000000 and -1.234568E-05 in the default font. */
    private static final int NUMBER_WIDTH = 14 * 256;

    private BackpropWorkbook() {}

    /**
     * "η=0.5": the rate as typed, or in scientific notation when a tiny or huge rate would pass
     * Excel's 31-character limit on sheet names; both forms read back to the same double, so two
     * different rates never share a name.
     */
    public static String sheetName(double learningRate) {
        return "η=" + rateLabel(learningRate);
    }

    /** 0.5, 2, 1E-30: short, and distinct for distinct rates (sheet and file names use it). */
    public static String rateLabel(double learningRate) {
        BigDecimal rate = BigDecimal.valueOf(learningRate).stripTrailingZeros();
        String plain = rate.toPlainString();
        return plain.length() <= 12 ? plain : rate.toString();
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
                    run.getKey(), run.getValue());
        }
        writeSummary(summary, styles, layout, runs);
        DerivationSheet.write(wb.createSheet(DERIVATION_SHEET), styles.title);
        // Excel and LibreOffice recalculate on opening; the cached values are for other viewers.
        wb.setForceFormulaRecalculation(true);
        return wb;
    }

    private static void writeRateSheet(XSSFSheet sheet, Styles styles, BackpropSettings s,
                                       SheetLayout layout, double learningRate,
                                       List<Iteration> rows) {
        XSSFRow top = sheet.createRow(0);
        top.createCell(0).setCellValue("η (learning rate)");
        top.getCell(0).setCellStyle(styles.title);
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
            sheet.setColumnWidth(layout.index(c), NUMBER_WIDTH);
        }
        for (int r = 0; r < rows.size(); r++) {
            XSSFRow row = sheet.createRow(FIRST_ROW + r);
            int excelRow = FIRST_ROW + r + 1;
            for (SheetColumns c : layout.columns()) {
                XSSFCell cell = row.createCell(layout.index(c));
                boolean typedIn = r == 0 && c.isInputInFirstRow();
                if (typedIn || c.isCount()) {
                    cell.setCellValue(c.valueOf(s.inputs(), s.targets(), rows.get(r)));
                } else {
                    cell.setCellFormula(layout.formula(c, excelRow, ETA_CELL));
                    cacheValue(cell, c.valueOf(s.inputs(), s.targets(), rows.get(r)));
                }
                cell.setCellStyle(styles.number(c.numberFormat(), typedIn));
            }
        }
        // Column A also holds the η label above the table.
        sheet.setColumnWidth(0, 18 * 256);
        sheet.createFreezePane(1, FIRST_ROW);
        int last = FIRST_ROW + rows.size() - 1;
        int col = layout.index(SheetColumns.E_TOTAL);
        int iteration = layout.index(SheetColumns.ITERATION);
        NativeCharts.addLossChart(sheet, chartPlace(0), "E_total against iteration, "
                        + sheetName(learningRate), sheet,
                new CellRangeAddress(FIRST_ROW, last, iteration, iteration),
                List.of(new Series(sheetName(learningRate),
                        new CellRangeAddress(FIRST_ROW, last, col, col))), false);
        printOnePageWide(sheet, HEADER_ROW);
    }

    private static void writeSummary(XSSFSheet sheet, Styles styles, SheetLayout layout,
                                     Map<Double, List<Iteration>> runs) {
        XSSFRow title = sheet.createRow(0);
        title.createCell(0).setCellValue("E_total per iteration for each learning rate"
                + " (linked to the learning-rate sheets)");
        title.getCell(0).setCellStyle(styles.title);
        XSSFRow header = sheet.createRow(HEADER_ROW);
        header.createCell(0).setCellValue("iteration");
        header.getCell(0).setCellStyle(styles.header);
        int iterations = runs.values().iterator().next().size();
        CellStyle count = styles.number(SheetColumns.ITERATION.numberFormat(), false);
        CellStyle error = styles.number(SheetColumns.E_TOTAL.numberFormat(), false);
        for (int r = 0; r < iterations; r++) {
            XSSFCell n = sheet.createRow(FIRST_ROW + r).createCell(0);
            n.setCellValue(r + 1);
            n.setCellStyle(count);
        }
        List<Series> series = new ArrayList<>();
        int col = 1;
        for (double lr : runs.keySet()) {
            String name = sheetName(lr);
            XSSFCell h = header.createCell(col);
            h.setCellValue(name);
            h.setCellStyle(styles.header);
            for (int r = 0; r < iterations; r++) {
                XSSFCell cell = sheet.getRow(FIRST_ROW + r).createCell(col);
                cell.setCellFormula("'" + name + "'!" + layout.letter(SheetColumns.E_TOTAL)
                        + (FIRST_ROW + r + 1));
                cacheValue(cell, runs.get(lr).get(r).forward().eTotal());
                cell.setCellStyle(error);
            }
            series.add(new Series(name,
                    new CellRangeAddress(FIRST_ROW, FIRST_ROW + iterations - 1, col, col)));
            col++;
        }
        sheet.createFreezePane(1, FIRST_ROW);
        for (int c = 0; c < Math.max(col, 1 + 2 * CHART_COLUMNS); c++) {
            sheet.setColumnWidth(c, NUMBER_WIDTH);
        }
        CellRangeAddress x = new CellRangeAddress(FIRST_ROW, FIRST_ROW + iterations - 1, 0, 0);
        // Log: the rates end orders of magnitude apart, and only a log axis shows them all;
        // linear beside it, for the shape a learner expects of a falling error.
        NativeCharts.addLossChart(sheet, chartPlace(0), "E_total, every learning rate (log scale)",
                sheet, x, series, true);
        NativeCharts.addLossChart(sheet, chartPlace(1), "E_total, every learning rate", sheet, x,
                series, false);
        printOnePageWide(sheet, HEADER_ROW);
    }

    /**
     * Stores what the formula gives, as computed by {@link TinyNetwork}, as the cell's cached value
     * for viewers that never recalculate. POI's own evaluation of every formula would need GBs for
     * a few thousand iterations; the tests evaluate the formulas and check they agree.
     */
    private static void cacheValue(XSSFCell formulaCell, double value) {
        formulaCell.setCellValue(value);
    }

    /** The {@code k}-th chart in the band of rows above the header, left to right from column B. */
    private static Place chartPlace(int k) {
        int first = 1 + k * CHART_COLUMNS;
        return new Place(first, CHART_FIRST_ROW, first + CHART_COLUMNS, HEADER_ROW - 1);
    }

    /** Landscape, one page wide, the header row repeated on every page. */
    static void printOnePageWide(XSSFSheet sheet, int headerRow) {
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        sheet.setRepeatingRows(new CellRangeAddress(headerRow, headerRow, -1, -1));
    }

    /**
     * The looks a learner needs to tell apart: titles, headers, cells meant for editing, and
     * numbers.
     */
    static final class Styles {
        /** Bold and left-aligned, so a long title runs on to the right instead of both ways. */
        final CellStyle title;
        final CellStyle header;
        final CellStyle input;
        private final XSSFWorkbook wb;
        private final Map<String, CellStyle> numbers = new HashMap<>();

        Styles(XSSFWorkbook wb) {
            this.wb = wb;
            Font bold = wb.createFont();
            bold.setBold(true);
            title = wb.createCellStyle();
            title.setFont(bold);
            header = wb.createCellStyle();
            header.setFont(bold);
            // Centred over right-aligned numbers, a header reads as its column's.
            header.setAlignment(HorizontalAlignment.CENTER);
            input = wb.createCellStyle();
            yellow(input);
        }

        /** A number in {@code format}, yellow when it is meant to be edited. */
        CellStyle number(String format, boolean editable) {
            return numbers.computeIfAbsent(format + editable, key -> {
                CellStyle style = wb.createCellStyle();
                style.setDataFormat(wb.createDataFormat().getFormat(format));
                if (editable) {
                    yellow(style);
                }
                return style;
            });
        }

        private static void yellow(CellStyle style) {
            style.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }
    }
}
