package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.LineCharts;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbook as a learner meets it: LibreOffice renders it to PDF, poppler turns the pages into
 * pictures, and every chart must show its lines there, in its series' colour. The workbook is
 * rendered once and shared by the tests.
 */
class WorkbookRenderTest {

    /**
     * Pixels of one curve at 100 dpi that make a drawn line. A rate sheet's chart prints at 75%:
     * its curve measured 1,301 to 1,411 pixels. The summary's charts print one page wide: each
     * rate's two curves measured 950 to 1,130. A chart without lines has none of them.
     */
    private static final int MIN_LINE_PIXELS_RATE_SHEET = 600;
    private static final int MIN_LINE_PIXELS_SUMMARY = 400;

    @TempDir
    static Path dir;

    private static final List<Page> PAGES = new ArrayList<>();

    /** One rendered page: its text, as pdftotext reads it, and its picture. */
    record Page(String text, BufferedImage image) {}

    @BeforeAll
    static void renderWithLibreOffice() throws Exception {
        Path pdf = RenderedWorkbook.printed(BackpropSettings.defaults(), dir);
        run("pdftoppm", "-png", "-r", "100", pdf.toString(), dir.resolve("page").toString());
        run("pdftotext", "-layout", pdf.toString(), dir.resolve("pages.txt").toString());
        String[] texts = Files.readString(dir.resolve("pages.txt"), StandardCharsets.UTF_8)
                .split("\f");
        try (var pngs = Files.list(dir)) {
            List<Path> pages = pngs.filter(p -> p.getFileName().toString().startsWith("page")
                    && p.toString().endsWith(".png"))
                    .sorted().toList();
            for (int k = 0; k < pages.size(); k++) {
                PAGES.add(new Page(texts[k], ImageIO.read(pages.get(k).toFile())));
            }
        }
    }

    @Test
    void eachLearningRateSheetsChartDrawsItsLine() {
        for (double lr : BackpropSettings.DEFAULT_RATES) {
            Page page = pageWith("E_total against iteration, " + BackpropWorkbook.sheetName(lr));
            assertThat(pixelsOf(page.image(), LineCharts.seriesColour(0)))
                    .as("line pixels in the chart of %s", BackpropWorkbook.sheetName(lr))
                    .isGreaterThan(MIN_LINE_PIXELS_RATE_SHEET);
        }
    }

    @Test
    void theSummaryChartsDrawEveryLearningRatesLine() {
        Page page = pageWith("every learning rate (log scale)");
        List<Double> rates = BackpropSettings.DEFAULT_RATES;
        for (int k = 0; k < rates.size(); k++) {
            // Two charts, log and linear, each draw every rate.
            assertThat(pixelsOf(page.image(), LineCharts.seriesColour(k)))
                    .as("line pixels of %s on the summary",
                            BackpropWorkbook.sheetName(rates.get(k)))
                    .isGreaterThan(MIN_LINE_PIXELS_SUMMARY);
        }
    }

    @Test
    void everySheetPrintsInLandscape() {
        // Summary: 2 pages (the charts and 68 rows); each rate sheet 8 (4 bands of columns, 2
        // pages each: WorkbookPrintTest); the derivation 1.
        assertThat(PAGES).hasSize(2 + 6 * 8 + 1);
        for (Page page : PAGES) {
            assertThat(page.image().getWidth()).isGreaterThan(page.image().getHeight());
        }
        // Nothing cut at the right edge: the summary and the derivation print one page wide.
        assertThat(pageWith("every learning rate (log scale)").text()).contains("η=2");
        assertThat(pageWith("quantity").text()).contains("chain rule", "result");
    }

    private static Page pageWith(String text) {
        return PAGES.stream().filter(p -> p.text().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no rendered page shows \"" + text + "\""));
    }

    /**
     * Pixels of {@code colour}, also where anti-aliasing has blended it with the white paper: the
     * pixel's distance from white must point the way the colour does (grey text and grid lines
     * point elsewhere), at least half as far.
     */
    static int pixelsOf(BufferedImage image, Color colour) {
        double[] c = {255 - colour.getRed(), 255 - colour.getGreen(), 255 - colour.getBlue()};
        double cc = c[0] * c[0] + c[1] * c[1] + c[2] * c[2];
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double[] p = {255 - (rgb >> 16 & 0xff), 255 - (rgb >> 8 & 0xff),
                    255 - (rgb & 0xff)};
                double along = (p[0] * c[0] + p[1] * c[1] + p[2] * c[2]) / cc;
                double off = 0;
                for (int k = 0; k < 3; k++) {
                    off += (p[k] - along * c[k]) * (p[k] - along * c[k]);
                }
                double length = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
                if (along >= 0.5 && along <= 1.2 && Math.sqrt(off) <= 0.08 * length + 6) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        RenderedWorkbook.run(dir, command);
    }
}
