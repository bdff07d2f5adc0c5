package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.RenderedWorkbook.Word;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rate sheet as a teacher prints it with LibreOffice, for the course's network and for Mazur's
 * (whose biases make the bands wider): each band of columns on pages of its own, in type a class
 * can read.
 */
class WorkbookPrintTest {

    /**
     * Height of a number's box on paper, in points: 3.2 when the 35 columns were printed one page
     * wide; 7.5 for 11-point type at 70%.
     */
    private static final double MIN_NUMBER_HEIGHT = 6;
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]\\.[0-9]+(E[+-][0-9]+)?");
    /**
     * How far below the page's top edge, in points, the table's header row may begin on every
     * page but the first (which has the chart above it): the margin, the page header and a
     * line's gap. When the chart's rows were printed empty above the later bands, it began at
     * about 260.
     */
    private static final double MAX_HEADER_TOP = 100;
    private static final double RATE = 0.5;

    @TempDir
    static Path dir;

    private static RenderedWorkbook course;
    private static RenderedWorkbook mazur;

    @BeforeAll
    static void print() throws Exception {
        course = RenderedWorkbook.of(atOneRate(BackpropSettings.defaults()),
                Files.createDirectory(dir.resolve("course")));
        mazur = RenderedWorkbook.of(atOneRate(BackpropSettings.mazur()),
                Files.createDirectory(dir.resolve("mazur")));
    }

    @Test
    void eachBandOfTheCoursesSheetPrintsOnPagesOfItsOwn() {
        assertBands(course, List.of(
                List.of("t1", "t2", "i1", "i2", "w1", "w2", "w3", "w4"),
                List.of("h1", "a_h1", "h2", "a_h2", "w5", "w6", "w7", "w8"),
                List.of("o1", "a_o1", "o2", "a_o2", "E1", "E2", "E_total"),
                List.of("∂E/∂w1", "∂E/∂w2", "∂E/∂w3", "∂E/∂w4", "∂E/∂w5", "∂E/∂w6",
                        "∂E/∂w7", "∂E/∂w8")));
    }

    @Test
    void eachBandOfMazursSheetPrintsOnPagesOfItsOwn() {
        assertBands(mazur, List.of(
                List.of("t1", "t2", "i1", "i2", "w1", "w2", "w3", "w4", "b1"),
                List.of("h1", "a_h1", "h2", "a_h2", "w5", "w6", "w7", "w8", "b2"),
                List.of("o1", "a_o1", "o2", "a_o2", "E1", "E2", "E_total"),
                List.of("∂E/∂w1", "∂E/∂w2", "∂E/∂w3", "∂E/∂w4", "∂E/∂w5", "∂E/∂w6",
                        "∂E/∂w7", "∂E/∂w8", "∂E/∂b1", "∂E/∂b2")));
    }

    /**
     * The header row of every page of the rate sheet: the iteration column's, then exactly one
     * band's; and the numbers below it readable.
     */
    private static void assertBands(RenderedWorkbook printed, List<List<String>> bands) {
        List<List<Word>> sheet = printed.pagesWith("iteration").stream()
                .filter(page -> bands.stream().flatMap(List::stream).anyMatch(
                        header -> headers(page).contains(header))).toList();
        // 68 iterations: two pages a band (was one page for all).
        assertThat(sheet.size()).as("pages of the rate sheet").isEqualTo(2 * bands.size());
        for (List<Word> page : sheet) {
            List<String> headers = headers(page);
            List<String> band = bands.stream().filter(b -> headers.contains(b.get(0)))
                    .findFirst().orElseThrow();
            assertThat(headers).as("headers of the page of %s", band.get(0))
                    .containsExactlyElementsOf(concat("iteration", band));

            List<Double> heights = page.stream().filter(w -> NUMBER.matcher(w.text()).matches())
                    .map(Word::height).toList();
            assertThat(heights).as("numbers on the page of %s", band.get(0)).isNotEmpty()
                    .allMatch(h -> h >= MIN_NUMBER_HEIGHT);

            assertThat(page).as("the page header of the page of %s", band.get(0))
                    .anyMatch(w -> w.text().equals(BackpropWorkbook.sheetName(RATE)));
            if (page != sheet.get(0)) {
                assertThat(headerStart(page).yMin()).as("top of the header row on the page of %s",
                        band.get(0)).isLessThan(MAX_HEADER_TOP);
            }
        }
    }

    /**
     * The words of the table's header row on {@code page}: the line of its leftmost "iteration"
     * (the chart's x axis is titled "iteration" too, further right).
     */
    private static List<String> headers(List<Word> page) {
        Word iteration = headerStart(page);
        return page.stream().filter(w -> Math.abs(w.yMin() - iteration.yMin()) < 0.5)
                .sorted(Comparator.comparingDouble(Word::xMin)).map(Word::text).toList();
    }

    private static Word headerStart(List<Word> page) {
        return page.stream().filter(w -> w.text().equals("iteration"))
                .min(Comparator.comparingDouble(Word::xMin)).orElseThrow();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static BackpropSettings atOneRate(BackpropSettings s) {
        return new BackpropSettings(s.inputs(), s.targets(), s.initialWeights(), s.biases(),
                false, List.of(RATE), 68);
    }
}
