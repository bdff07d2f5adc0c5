package backproplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.report.LineCharts;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary's log-scale chart when E_total reaches 0: at η=10 the course's network meets its
 * targets to the last bit within 100 iterations (at η=2, from iteration 531 on).
 */
class WorkbookLogChartTest {

    @TempDir
    Path dir;

    @Test
    void theLogChartDrawsACurveThatReachesZero() throws Exception {
        BackpropSettings d = BackpropSettings.defaults();
        BackpropSettings s = new BackpropSettings(d.inputs(), d.targets(), d.initialWeights(),
                d.biases(), false, List.of(10.0), 100);
        assertThat(GradientDescent.sweep(s).get(10.0).get(99).forward().eTotal()).isZero();
        RenderedWorkbook printed = RenderedWorkbook.of(s, dir);
        int page = printed.pages().indexOf(printed.pagesWith("(linked").get(0));
        BufferedImage summary = printed.picture(page, 100);
        // The log chart is the left one of the two, the linear one (which drew) the right.
        BufferedImage logChart = summary.getSubimage(0, 0, summary.getWidth() / 2,
                summary.getHeight());
        // Was 0: LibreOffice took the logarithm of 0 and drew nothing.
        assertThat(WorkbookRenderTest.pixelsOf(logChart, LineCharts.seriesColour(0)))
                .isGreaterThan(200);
    }
}
