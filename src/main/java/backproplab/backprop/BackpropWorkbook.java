package backproplab.backprop;

import backproplab.backprop.NativeCharts.Column;
import backproplab.backprop.NativeCharts.Place;
import backproplab.backprop.NativeCharts.Series;
import backproplab.report.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PageMargin;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.util.LocaleUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;

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
    /** Rows kept in memory while a sheet is streamed; earlier ones are already on disk. */
    private static final int ROWS_IN_MEMORY = 200;
    /** Wide enough for -12.000000000 and -1.234568E-05 in the default font. */
    private static final int NUMBER_WIDTH = 14 * 256;
    /** Column A of a rate sheet also holds the η label above the table. */
    private static final int LABEL_WIDTH = 18 * 256;
    /** The margins of a printed rate sheet, in inches: narrow, for the widest band. */
    private static final double SIDE_MARGIN = 0.4;
    private static final double TOP_AND_BOTTOM_MARGIN = 0.5;
    /**
     * The largest print scale, in percent: type of 8 points, and the default 68 iterations on
     * two pages per band, the chart's included.
     */
    private static final int MAX_PRINT_SCALE = 75;
    /**
     * Points of paper per character of column width (at 100%) where Calibri is missing and
     * LibreOffice draws its stand-in DejaVu Sans, the widest of the fonts a reader's spreadsheet
     * may use (Calibri's is about 5.6): a band printed at the scale this allows fits every one.
     */
    private static final double POINTS_PER_CHARACTER = 7.0;
    /** A4's long side in points: a landscape page's width. */
    private static final double A4_LONG_SIDE = 842;

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
        AtomicFiles.write(file, out -> write(out, s, runs));
    }

    /**
     * Streams the workbook to {@code out}: only a window of rows is in memory at a time, so a
     * sheet of thousands of iterations costs megabytes, not gigabytes.
     */
    public static void write(OutputStream out, BackpropSettings s,
                             Map<Double, List<Iteration>> runs) throws IOException {
        SXSSFWorkbook wb = new SXSSFWorkbook(ROWS_IN_MEMORY);
        // The charts' titles are English: POI would tag them with the JVM's default language
        // (lang="ar-EG"), making the workbook differ from one laptop to the next.
        LocaleUtil.setUserLocale(Locale.US);
        try {
            Styles styles = new Styles(wb);
            SheetLayout layout = SheetLayout.of(s);
            Sheet summary = wb.createSheet(SUMMARY_SHEET);
            for (Map.Entry<Double, List<Iteration>> run : runs.entrySet()) {
                String name = sheetName(run.getKey());
                wb.createSheet(name);
                writeRateSheet(wb, name, styles, s, layout, run.getKey(), run.getValue());
            }
            writeSummary(wb, summary, styles, layout, runs);
            DerivationSheet.write(wb.createSheet(DERIVATION_SHEET), styles.title);
            // Excel and LibreOffice recalculate on opening; the cached values are for the rest.
            wb.setForceFormulaRecalculation(true);
            wb.write(out);
        } finally {
            LocaleUtil.resetUserLocale();
            wb.close();
            wb.dispose();
        }
    }

    private static void writeRateSheet(SXSSFWorkbook wb, String name, Styles styles,
                                       BackpropSettings s, SheetLayout layout,
                                       double learningRate, List<Iteration> rows) {
        Sheet sheet = wb.getSheet(name);
        Row top = sheet.createRow(0);
        top.createCell(0).setCellValue("η (learning rate)");
        top.getCell(0).setCellStyle(styles.title);
        Cell eta = top.createCell(1);
        eta.setCellValue(learningRate);
        eta.setCellStyle(styles.input);
        top.createCell(3).setCellValue("Edit η or a yellow cell of the first row:"
                + " every formula below and the chart recompute.");

        Row header = sheet.createRow(HEADER_ROW);
        for (SheetColumns c : layout.columns()) {
            Cell cell = header.createCell(layout.index(c));
            cell.setCellValue(c.header());
            cell.setCellStyle(styles.header);
            sheet.setColumnWidth(layout.index(c), NUMBER_WIDTH);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(FIRST_ROW + r);
            int excelRow = FIRST_ROW + r + 1;
            for (SheetColumns c : layout.columns()) {
                Cell cell = row.createCell(layout.index(c));
                boolean typedIn = r == 0 && c.isInputInFirstRow();
                double value = c.valueOf(s.inputs(), s.targets(), rows.get(r));
                if (!typedIn && !c.isCount()) {
                    cell.setCellFormula(layout.formula(c, excelRow, ETA_CELL));
                }
                // On a formula cell, the cached value for viewers that never recalculate: what
                // TinyNetwork computes, which the tests check the formula gives.
                cell.setCellValue(value);
                cell.setCellStyle(styles.number(c.numberFormat(), typedIn));
            }
        }
        sheet.setColumnWidth(0, LABEL_WIDTH);
        sheet.createFreezePane(1, FIRST_ROW);
        NativeCharts.addLossChart(wb.getXSSFWorkbook().getSheet(name), chartPlace(0),
                "E_total against iteration, " + sheetName(learningRate),
                iterationColumn(name, rows.size()),
                List.of(new Series(sheetName(learningRate), new Column(name,
                        columnRange(layout.index(SheetColumns.E_TOTAL), rows.size()),
                        eTotals(rows)))), false);
        printInBands(sheet, layout, rows.size());
    }

    private static void writeSummary(SXSSFWorkbook wb, Sheet sheet, Styles styles,
                                     SheetLayout layout, Map<Double, List<Iteration>> runs) {
        Row title = sheet.createRow(0);
        title.createCell(0).setCellValue("E_total per iteration for each learning rate"
                + " (linked to the learning-rate sheets)");
        title.getCell(0).setCellStyle(styles.title);
        Row header = sheet.createRow(HEADER_ROW);
        header.createCell(0).setCellValue("iteration");
        header.getCell(0).setCellStyle(styles.header);
        List<Double> rates = List.copyOf(runs.keySet());
        for (int k = 0; k < rates.size(); k++) {
            Cell h = header.createCell(1 + k);
            h.setCellValue(sheetName(rates.get(k)));
            h.setCellStyle(styles.header);
        }
        int iterations = runs.values().iterator().next().size();
        CellStyle count = styles.number(SheetColumns.ITERATION.numberFormat(), false);
        CellStyle error = styles.number(SheetColumns.E_TOTAL.numberFormat(), false);
        String eTotal = layout.letter(SheetColumns.E_TOTAL);
        for (int r = 0; r < iterations; r++) {
            Row row = sheet.createRow(FIRST_ROW + r);
            Cell n = row.createCell(0);
            n.setCellValue(r + 1);
            n.setCellStyle(count);
            for (int k = 0; k < rates.size(); k++) {
                Cell cell = row.createCell(1 + k);
                cell.setCellFormula("'" + sheetName(rates.get(k)) + "'!" + eTotal
                        + (FIRST_ROW + r + 1));
                cell.setCellValue(runs.get(rates.get(k)).get(r).forward().eTotal());
                cell.setCellStyle(error);
            }
        }
        sheet.createFreezePane(1, FIRST_ROW);
        for (int c = 0; c < Math.max(1 + rates.size(), 1 + 2 * CHART_COLUMNS); c++) {
            sheet.setColumnWidth(c, NUMBER_WIDTH);
        }
        List<Series> series = new ArrayList<>();
        for (int k = 0; k < rates.size(); k++) {
            series.add(new Series(sheetName(rates.get(k)), new Column(SUMMARY_SHEET,
                    columnRange(1 + k, iterations), eTotals(runs.get(rates.get(k))))));
        }
        XSSFSheet charts = wb.getXSSFWorkbook().getSheet(SUMMARY_SHEET);
        Column x = iterationColumn(SUMMARY_SHEET, iterations);
        // Log: the rates end orders of magnitude apart, and only a log axis shows them all;
        // linear beside it, for the shape a learner expects of a falling error.
        NativeCharts.addLossChart(charts, chartPlace(0), "E_total, every learning rate (log scale)",
                x, series, true);
        NativeCharts.addLossChart(charts, chartPlace(1), "E_total, every learning rate", x,
                series, false);
        printOnePageWide(sheet, HEADER_ROW);
    }

    /** Column A of every chart-bearing sheet counts the iterations: the charts' x values. */
    private static Column iterationColumn(String sheet, int iterations) {
        double[] n = new double[iterations];
        Arrays.setAll(n, k -> k + 1);
        return new Column(sheet, columnRange(0, iterations), n);
    }

    private static CellRangeAddress columnRange(int column, int iterations) {
        return new CellRangeAddress(FIRST_ROW, FIRST_ROW + iterations - 1, column, column);
    }

    private static double[] eTotals(List<Iteration> rows) {
        return rows.stream().mapToDouble(r -> r.forward().eTotal()).toArray();
    }

    /** The {@code k}-th chart in the band of rows above the header, left to right from column B. */
    private static Place chartPlace(int k) {
        int first = 1 + k * CHART_COLUMNS;
        return new Place(first, CHART_FIRST_ROW, first + CHART_COLUMNS, HEADER_ROW - 1);
    }

    /**
     * Landscape, each of the layout's bands of columns on pages of its own beside the iteration
     * column, the header row repeated, at a scale that fits the widest band. One page wide, the
     * 35 columns printed at 30%, in 3-point type.
     *
     * <p>Each band is a print range of its own rather than a column break: the chart sits above
     * the first band only, so with breaks the other bands' first pages began with the chart's
     * height of empty rows. Their ranges start at the first iteration instead; the repeated
     * header row and the page header (the sheet's name, so its η) say what they are.
     */
    private static void printInBands(Sheet sheet, SheetLayout layout, int iterations) {
        printLandscape(sheet, HEADER_ROW);
        sheet.setMargin(PageMargin.LEFT, SIDE_MARGIN);
        sheet.setMargin(PageMargin.RIGHT, SIDE_MARGIN);
        sheet.setMargin(PageMargin.TOP, TOP_AND_BOTTOM_MARGIN);
        sheet.setMargin(PageMargin.BOTTOM, TOP_AND_BOTTOM_MARGIN);
        sheet.setRepeatingColumns(new CellRangeAddress(-1, -1, 0, 0));
        List<SheetLayout.Band> bands = layout.printedBands();
        int lastRow = FIRST_ROW + iterations - 1;
        List<String> ranges = new ArrayList<>();
        int widest = 0;
        for (SheetLayout.Band band : bands) {
            int firstRow = band == bands.get(0) ? 0 : FIRST_ROW;
            int firstColumn = band == bands.get(0) ? 0 : band.first();
            ranges.add(new CellRangeAddress(firstRow, lastRow, firstColumn, band.last())
                    .formatAsString(null, true));
            widest = Math.max(widest, LABEL_WIDTH + band.width() * NUMBER_WIDTH);
        }
        sheet.getWorkbook().setPrintArea(sheet.getWorkbook().getSheetIndex(sheet),
                String.join(",", ranges));
        double paper = A4_LONG_SIDE - 2 * SIDE_MARGIN * 72;
        double needed = widest / 256.0 * POINTS_PER_CHARACTER;
        sheet.getPrintSetup().setScale((short) Math.min(MAX_PRINT_SCALE,
                Math.floor(100 * paper / needed)));
    }

    /** Landscape, one page wide, the header row repeated on every page. */
    static void printOnePageWide(Sheet sheet, int headerRow) {
        printLandscape(sheet, headerRow);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
    }

    /**
     * On A4 in landscape, the header row repeated on every page, each page headed by the sheet's
     * name and numbered ("&A", "&P" and "&N" are the header codes Excel and LibreOffice share).
     */
    private static void printLandscape(Sheet sheet, int headerRow) {
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.setRepeatingRows(new CellRangeAddress(headerRow, headerRow, -1, -1));
        sheet.getHeader().setCenter("&A");
        sheet.getFooter().setRight("page &P of &N");
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
        private final Workbook wb;
        private final Map<String, CellStyle> numbers = new HashMap<>();

        Styles(Workbook wb) {
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
