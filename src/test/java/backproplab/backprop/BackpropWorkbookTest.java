package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Inputs;
import backproplab.backprop.TinyNetwork.Targets;
import backproplab.backprop.TinyNetwork.Weights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFColorRgbBinary;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFScatterChartData;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFShape;
import org.openxmlformats.schemas.drawingml.x2006.chart.STMarkerStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The workbook's formulas, evaluated by POI's formula engine, must give what the Java code gives.
 */
class BackpropWorkbookTest {

    private static final BackpropSettings S = BackpropSettings.defaults();
    private static final Map<BackpropSettings, byte[]> WRITTEN = new HashMap<>();
    private static final SheetLayout COURSE = SheetLayout.of(S);
    /** Mazur's network at two rates, once with fixed biases and once with trained ones. */
    private static final BackpropSettings MAZUR = withRates(BackpropSettings.mazur(), false);
    private static final BackpropSettings MAZUR_TRAINED = withRates(BackpropSettings.mazur(), true);

    @Test
    void formulasEvaluatedFromScratchGiveTheJavaValues() throws IOException {
        assertWorkbookEqualsJava(S);
    }

    @Test
    void formulasWithFixedBiasesGiveTheJavaValues() throws IOException {
        assertWorkbookEqualsJava(MAZUR);
    }

    @Test
    void formulasWithTrainedBiasesGiveTheJavaValues() throws IOException {
        assertWorkbookEqualsJava(MAZUR_TRAINED);
    }

    @Test
    void biasColumnsAppearOnlyWithBiases() {
        assertThat(COURSE.columns()).doesNotContain(SheetColumns.B1, SheetColumns.D_B2);
        SheetLayout biased = SheetLayout.of(MAZUR);
        assertThat(biased.columns()).hasSize(COURSE.columns().size() + 4);
        // b1 sits beside the weights it joins, and h1 adds it.
        assertThat(biased.index(SheetColumns.B1)).isEqualTo(biased.index(SheetColumns.W4) + 1);
        assertThat(biased.formula(SheetColumns.H1, 5, "$B$1")).endsWith("+"
                + biased.letter(SheetColumns.B1) + "5");
        assertThat(COURSE.formula(SheetColumns.H1, 5, "$B$1")).isEqualTo("F5*D5+G5*E5");
    }

    @Test
    void everyDerivedCellIsAFormula() throws IOException {
        for (BackpropSettings s : List.of(S, MAZUR)) {
            SheetLayout layout = SheetLayout.of(s);
            try (XSSFWorkbook wb = writtenAndReopenedWithoutCachedValues(s)) {
                XSSFSheet sheet = wb.getSheet("η=0.5");
                for (int r = BackpropWorkbook.FIRST_ROW; r < BackpropWorkbook.FIRST_ROW + 68; r++) {
                    for (SheetColumns c : layout.columns()) {
                        boolean typedIn = r == BackpropWorkbook.FIRST_ROW && c.isInputInFirstRow()
                                || c.isCount();
                        assertThat(sheet.getRow(r).getCell(layout.index(c)).getCellType())
                                .as("%s%d", layout.letter(c), r + 1)
                                .isEqualTo(typedIn ? CellType.NUMERIC : CellType.FORMULA);
                    }
                }
                assertThat(sheet.getRow(BackpropWorkbook.HEADER_ROW)
                        .getCell(layout.index(SheetColumns.D_W3)).getStringCellValue())
                        .isEqualTo("∂E/∂w3");
            }
        }
    }

    @Test
    void editingABiasRecomputesTheWholeSheet() throws IOException {
        SheetLayout layout = SheetLayout.of(MAZUR_TRAINED);
        try (XSSFWorkbook wb = writtenAndReopenedWithoutCachedValues(MAZUR_TRAINED)) {
            XSSFSheet sheet = wb.getSheet("η=0.5");
            sheet.getRow(BackpropWorkbook.FIRST_ROW).getCell(layout.index(SheetColumns.B2))
                    .setCellValue(-0.25);
            XSSFFormulaEvaluator evaluator = wb.getCreationHelper().createFormulaEvaluator();
            BackpropSettings m = MAZUR_TRAINED;
            assertSheetEquals(sheet, evaluator, layout, m.inputs(), m.targets(),
                    GradientDescent.run(m.inputs(), m.targets(), m.initialWeights(),
                            new Biases(0.35, -0.25), true, 0.5, 68));
        }
    }

    @Test
    void editingEtaAndAWeightRecomputesTheWholeSheet() throws IOException {
        try (XSSFWorkbook wb = writtenAndReopenedWithoutCachedValues(S)) {
            XSSFSheet sheet = wb.getSheet("η=0.5");
            sheet.getRow(0).getCell(1).setCellValue(0.3);
            sheet.getRow(BackpropWorkbook.FIRST_ROW).getCell(COURSE.index(SheetColumns.W6))
                    .setCellValue(-0.7);
            sheet.getRow(BackpropWorkbook.FIRST_ROW).getCell(COURSE.index(SheetColumns.I2))
                    .setCellValue(0.9);
            XSSFFormulaEvaluator evaluator = wb.getCreationHelper().createFormulaEvaluator();
            Weights edited = new Weights(0.15, 0.2, 0.25, 0.3, 0.4, -0.7, 0.5, 0.55);
            Inputs in = new Inputs(0.05, 0.9);
            assertSheetEquals(sheet, evaluator, COURSE, in, S.targets(),
                    GradientDescent.run(in, S.targets(), edited, 0.3, 68));
            // The summary links to the sheet, so it follows the edit too.
            XSSFSheet summary = wb.getSheet(BackpropWorkbook.SUMMARY_SHEET);
            XSSFCell last = summary.getRow(BackpropWorkbook.FIRST_ROW + 67).getCell(3);
            double expected = GradientDescent.run(in, S.targets(), edited, 0.3, 68).get(67)
                    .forward().eTotal();
            assertThat(evaluator.evaluate(last).getNumberValue())
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12 * expected));
        }
    }

    @Test
    void cachedValuesAreStoredForViewersThatDoNotRecalculate() throws IOException {
        try (XSSFWorkbook wb = written(S)) {
            XSSFCell eTotal = wb.getSheet("η=2").getRow(BackpropWorkbook.FIRST_ROW + 67)
                    .getCell(COURSE.index(SheetColumns.E_TOTAL));
            assertThat(eTotal.getCachedFormulaResultType()).isEqualTo(CellType.NUMERIC);
            assertThat(eTotal.getNumericCellValue()).isCloseTo(2.09236233563e-06,
                    org.assertj.core.api.Assertions.within(1e-15));
        }
    }

    @Test
    void eachSheetHasItsChartAndTheSummaryOneForAllRates() throws IOException {
        try (XSSFWorkbook wb = written(S)) {
            assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo(BackpropWorkbook.SUMMARY_SHEET);
            assertThat(wb.getNumberOfSheets()).isEqualTo(1 + 6 + 1);
            for (double lr : S.learningRates()) {
                List<XSSFChart> charts = wb.getSheet(BackpropWorkbook.sheetName(lr))
                        .getDrawingPatriarch().getCharts();
                assertThat(charts).hasSize(1);
                assertThat(charts.get(0).getChartSeries().get(0).getSeriesCount()).isEqualTo(1);
            }
            List<XSSFChart> summary = wb.getSheet(BackpropWorkbook.SUMMARY_SHEET)
                    .getDrawingPatriarch().getCharts();
            // One log chart and one linear chart.
            assertThat(summary).hasSize(2);
            for (XSSFChart chart : summary) {
                assertThat(chart.getChartSeries().get(0).getSeriesCount()).isEqualTo(6);
            }
            assertThat(wb.getSheet(BackpropWorkbook.DERIVATION_SHEET).getLastRowNum())
                    .isGreaterThan(10);
        }
    }

    @Test
    void everySeriesDrawsAColouredLineWithoutMarkers() throws IOException {
        try (XSSFWorkbook wb = written(S)) {
            int charts = 0;
            for (int s = 0; s < wb.getNumberOfSheets(); s++) {
                XSSFSheet sheet = wb.getSheetAt(s);
                if (sheet.getDrawingPatriarch() == null) {
                    continue;
                }
                for (XSSFChart chart : sheet.getDrawingPatriarch().getCharts()) {
                    charts++;
                    XDDFChartData data = chart.getChartSeries().get(0);
                    Set<String> colours = new HashSet<>();
                    for (int k = 0; k < data.getSeriesCount(); k++) {
                        XDDFScatterChartData.Series series =
                                (XDDFScatterChartData.Series) data.getSeries(k);
                        XDDFLineProperties line = series.getShapeProperties().getLineProperties();
                        assertThat(line).as("line of series %d on %s", k, sheet.getSheetName())
                                .isNotNull();
                        assertThat(line.getWidth()).isGreaterThanOrEqualTo(1.0);
                        XDDFColor colour = ((XDDFSolidFillProperties) line.getFillProperties())
                                .getColor();
                        assertThat(colour).isInstanceOf(XDDFColorRgbBinary.class);
                        colours.add(HexFormat.of().formatHex(
                                ((XDDFColorRgbBinary) colour).getValue()));
                        assertThat(series.getCTScatterSer().getMarker().getSymbol().getVal())
                                .isEqualTo(STMarkerStyle.NONE);
                    }
                    assertThat(colours).as("one colour per series").hasSize(data.getSeriesCount());
                }
            }
            assertThat(charts).isEqualTo(2 + 6);
        }
    }

    @Test
    void eachSheetOpensOnItsChartAndTheSummaryHasALogAxis() throws IOException {
        try (XSSFWorkbook wb = written(S)) {
            for (int k = 0; k < 1 + 6; k++) {
                XSSFSheet sheet = wb.getSheetAt(k);
                for (XSSFShape chart : sheet.getDrawingPatriarch().getShapes()) {
                    XSSFClientAnchor at = (XSSFClientAnchor) chart.getAnchor();
                    // In the frozen band above the header, within the first screen's columns.
                    assertThat(at.getRow2()).isLessThan(BackpropWorkbook.HEADER_ROW);
                    assertThat((int) at.getCol2()).isLessThanOrEqualTo(16);
                }
                assertThat(sheet.getPaneInformation().getHorizontalSplitPosition())
                        .isEqualTo((short) BackpropWorkbook.FIRST_ROW);
            }
            List<XSSFChart> summary = wb.getSheet(BackpropWorkbook.SUMMARY_SHEET)
                    .getDrawingPatriarch().getCharts();
            assertThat(summary.get(0).getCTChart().getPlotArea().getValAxArray())
                    .anyMatch(axis -> axis.getScaling().isSetLogBase()
                            && axis.getScaling().getLogBase().getVal() == 10);
        }
    }

    @Test
    void eachColumnHasOneNumberFormat() throws IOException {
        SheetLayout layout = SheetLayout.of(MAZUR);
        try (XSSFWorkbook wb = written(MAZUR)) {
            XSSFSheet sheet = wb.getSheet("η=2");
            for (SheetColumns c : layout.columns()) {
                Set<String> formats = new HashSet<>();
                for (int r = BackpropWorkbook.FIRST_ROW; r <= sheet.getLastRowNum(); r++) {
                    formats.add(sheet.getRow(r).getCell(layout.index(c)).getCellStyle()
                            .getDataFormatString());
                }
                assertThat(formats).as(c.header()).containsExactly(c.numberFormat());
            }
            assertThat(SheetColumns.E_TOTAL.numberFormat()).contains("E+");
        }
    }

    /**
     * Relative error below 1e-12, measured against the column's largest magnitude: POI computes EXP
     * as pow(e, x), a few ulps away from Math.exp, and a weight that passes through zero (w5 at
     * η=2 does) would turn those ulps into a large error relative to its own tiny value.
     */
    private static void assertWorkbookEqualsJava(BackpropSettings s) throws IOException {
        try (XSSFWorkbook wb = writtenAndReopenedWithoutCachedValues(s)) {
            XSSFFormulaEvaluator evaluator = wb.getCreationHelper().createFormulaEvaluator();
            for (Map.Entry<Double, List<Iteration>> run : GradientDescent.sweep(s).entrySet()) {
                XSSFSheet sheet = wb.getSheet(BackpropWorkbook.sheetName(run.getKey()));
                assertSheetEquals(sheet, evaluator, SheetLayout.of(s), s.inputs(), s.targets(),
                        run.getValue());
            }
        }
    }

    private static void assertSheetEquals(XSSFSheet sheet, XSSFFormulaEvaluator evaluator,
                                          SheetLayout layout, Inputs in, Targets t,
                                          List<Iteration> rows) {
        for (SheetColumns c : layout.columns()) {
            double scale = rows.stream().mapToDouble(r -> Math.abs(c.valueOf(in, t, r))).max()
                    .orElseThrow();
            for (Iteration row : rows) {
                XSSFRow excel = sheet.getRow(BackpropWorkbook.FIRST_ROW + row.number() - 1);
                double expected = c.valueOf(in, t, row);
                double actual = evaluator.evaluate(excel.getCell(layout.index(c)))
                        .getNumberValue();
                assertThat(Math.abs(actual - expected) / scale)
                        .as("%s (%s) at iteration %d", c.header(), layout.letter(c), row.number())
                        .isLessThan(1e-12);
            }
        }
    }

    private static BackpropSettings withRates(BackpropSettings s, boolean trainBiases) {
        return new BackpropSettings(s.inputs(), s.targets(), s.initialWeights(), s.biases(),
                trainBiases, List.of(0.5, 2.0), 68);
    }

    private static XSSFWorkbook writtenAndReopenedWithoutCachedValues(BackpropSettings s)
            throws IOException {
        XSSFWorkbook wb = written(s);
        wb.forEach(sheet -> sheet.forEach(row -> row.forEach(cell -> {
            if (cell.getCellType() == CellType.FORMULA) {
                ((XSSFCell) cell).getCTCell().unsetV();
            }
        })));
        return wb;
    }

    /** The workbook of {@code s} as written to a file, read back; built once per settings. */
    private static XSSFWorkbook written(BackpropSettings s) throws IOException {
        byte[] file = WRITTEN.get(s);
        if (file == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BackpropWorkbook.write(bytes, s, GradientDescent.sweep(s));
            file = bytes.toByteArray();
            WRITTEN.put(s, file);
        }
        return new XSSFWorkbook(new ByteArrayInputStream(file));
    }
}
