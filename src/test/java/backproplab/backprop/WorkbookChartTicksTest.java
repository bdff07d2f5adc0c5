package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.RenderedWorkbook.Ticks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tick labels of the workbook's charts as LibreOffice prints them, on a run as short as a
 * learner checking Matt Mazur's first steps makes: two iterations, over which E_total changes in
 * its third digit.
 */
class WorkbookChartTicksTest {

    @TempDir
    static Path dir;

    private static RenderedWorkbook printed;

    @BeforeAll
    static void print() throws Exception {
        BackpropSettings m = BackpropSettings.mazur();
        printed = RenderedWorkbook.of(new BackpropSettings(m.inputs(), m.targets(),
                m.initialWeights(), m.biases(), false, List.of(0.1, 0.5), 2), dir);
    }

    @Test
    void noTwoYTicksReadAlike() {
        // Was: 3.0E-01, 3.0E-01, 3.0E-01 at η=0.1: two significant digits for a change in the
        // third.
        for (Ticks ticks : linearCharts()) {
            assertThat(ticks.y()).hasSizeGreaterThan(1).doesNotHaveDuplicates();
        }
    }

    @Test
    void noTwoXTicksReadAlike() {
        // Was: 1, 2, 2: a tick at iteration 1.5, in the iteration column's format.
        for (Ticks ticks : linearCharts()) {
            assertThat(ticks.x()).hasSizeGreaterThan(1).doesNotHaveDuplicates();
        }
    }

    @Test
    void xTicksStepByWholeIterationsAtMostTenTimes() {
        assertThat(NativeCharts.iterationStep(2)).isEqualTo(1);
        assertThat(NativeCharts.iterationStep(11)).isEqualTo(1);
        assertThat(NativeCharts.iterationStep(12)).isEqualTo(2);
        assertThat(NativeCharts.iterationStep(68)).isEqualTo(10);
        assertThat(NativeCharts.iterationStep(1000)).isEqualTo(100);
        assertThat(NativeCharts.iterationStep(Integer.MAX_VALUE)).isEqualTo(500_000_000);
    }

    /** Each rate sheet's chart and the summary's linear one. */
    private static List<Ticks> linearCharts() {
        return List.of(
                RenderedWorkbook.ticks(rateSheet("η=0.1"), "E_total against iteration, η=0.1"),
                RenderedWorkbook.ticks(rateSheet("η=0.5"), "E_total against iteration, η=0.5"),
                RenderedWorkbook.ticks(printed.pagesWith("(linked").get(0),
                        "E_total, every learning rate"));
    }

    /** The first page of a rate's sheet: it shows η's label and the rate. */
    private static List<RenderedWorkbook.Word> rateSheet(String rate) {
        return printed.pages().stream().filter(p -> p.stream().anyMatch(
                w -> w.text().equals("(learning")) && p.stream().anyMatch(
                w -> w.text().equals(rate))).findFirst().orElseThrow();
    }
}
