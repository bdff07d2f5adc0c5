package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import backproplab.model.Models;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.TrainSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The run page's hints in Chromium: a run whose curves over-fit and lose 99.4% shows both, with
 * their figures, and the digits its best model confuses; a healthy run shows none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunHintsPageTest {

    private Path root;
    private LabServer server;
    private LabBrowser lab;
    private ChromeDriver browser;

    /** Epochs of (train loss, train accuracy, test accuracy). */
    private static List<EpochMetrics> epochs(double[][] rows) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            h.add(new EpochMetrics(k + 1, rows[k][0], rows[k][1], 0.03, rows[k][2], null, 0.01,
                    10, 1));
        }
        return h;
    }

    private static TrainSettings tiny(int epochs) {
        return new TrainSettings("tiny", Models.builtIn("tiny").recipe().withEpochs(epochs), 1,
                1, "data/mnist", 0, 0);
    }

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-hints-page-");
        Path runs = Files.createDirectories(root.resolve("runs"));
        // Over-fitting (train 99.8% vs test 99.1% over the last 3 epochs) and 99.4% touched at
        // epoch 2 only; its best.ckpt a real model, so its confused digits are a real model's.
        Path over = RunFolders.write(runs.resolve("tiny-overfit"), tiny(5), epochs(new double[][] {
                {0.2, 0.97, 0.985}, {0.05, 0.99, 0.9942}, {0.01, 0.997, 0.992},
                {0.005, 0.998, 0.991}, {0.003, 0.999, 0.990}}));
        Files.copy(TinyRun.best(), over.resolve(RunFolder.BEST));
        // Loss falling fast, training a little under test, still climbing: nothing to say.
        RunFolders.write(runs.resolve("tiny-healthy"), tiny(4), epochs(new double[][] {
                {0.3, 0.93, 0.981}, {0.08, 0.976, 0.987}, {0.06, 0.982, 0.989},
                {0.05, 0.985, 0.990}}));
        server = LabServer.start("127.0.0.1", 0, runs, Path.of("data", "mnist"),
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        lab = LabBrowser.start(root);
        browser = lab.driver();
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, root);
    }

    private void show(String run) {
        browser.get("http://127.0.0.1:" + server.port() + "/runs/" + run);
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(b -> {
                    // "epoch 1: 49.61% right", or why there is no best.ckpt; not "evaluating".
                    String note = b.findElement(By.id("verdict-note")).getText();
                    return note.contains("right") || note.contains("has no best.ckpt");
                });
    }

    private List<WebElement> hints() {
        return browser.findElements(By.cssSelector("#hints > li"));
    }

    @Test
    void aRunMadeToOverFitShowsItsHintsWithTheirFigures() throws Exception {
        show("tiny-overfit");
        assertThat(browser.findElement(By.id("hints-card")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("no-hints")).isDisplayed()).isFalse();
        WebElement over = browser.findElement(By.cssSelector("#hints li[data-rule=over-fitting]"));
        // (0.997 + 0.998 + 0.999) / 3 and (0.992 + 0.991 + 0.990) / 3.
        assertThat(over.getText()).contains("train 99.80% vs test 99.10% over the last 3 epochs:"
                + " 0.70 points apart", "Dropout");
        WebElement held = browser.findElement(By.cssSelector(
                "#hints li[data-rule=target-not-held]"));
        assertThat(held.getText()).contains("99.42% at epoch 2, but 99.00% at epoch 5");

        // The confused pairs, derived here from the matrix the page shows.
        @SuppressWarnings("unchecked")
        List<List<Long>> matrix = (List<List<Long>>) browser.executeScript("return [...document"
                + ".querySelectorAll('#confusion tr')].slice(1).map(r => [...r.querySelectorAll"
                + "('td')].map(td => Number(td.textContent)))");
        long mistakes = 0;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                mistakes += t == p ? 0 : matrix.get(t).get(p);
            }
        }
        long top = -1;
        String topPair = null;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                long n = matrix.get(t).get(p);
                if (t != p && n >= Math.max(5, 3.0 * mistakes / 90) && n > top) {
                    top = n;
                    topPair = t + " read as " + p + ": " + n;
                }
            }
        }
        List<WebElement> pairs = browser.findElements(By.cssSelector(
                "#hints li[data-rule=confused-pairs]"));
        if (topPair == null) {
            assertThat(pairs).isEmpty();
        } else {
            assertThat(pairs).hasSize(1);
            assertThat(pairs.get(0).getText()).contains(topPair, " of the " + mistakes
                    + " mistakes");
            assertThat(pairs.get(0).findElements(By.cssSelector("img.digit"))).isNotEmpty();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> (Boolean) browser
                    .executeScript("return [...document.querySelectorAll('#hints img.digit')]"
                            + ".every(img => img.complete && img.naturalWidth === 28)"));
        }
        // The run is shown again on each of its updates; the same hints stay the same elements
        // (their digits are not fetched again, a selection in them is kept).
        browser.executeScript("show(shown)");
        assertThat(over.getText()).contains("over the last 3 epochs");
        assertThat(hints()).hasSize(2 + pairs.size());
        for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
            try {
                lab.size(size[0], size[1]);
                assertThat(lab.sidewaysOverflow()).as("at " + size[0]).isZero();
                browser.executeScript("document.getElementById('hints-card').scrollIntoView()");
                lab.screenshot(size[0] == 1280 ? "lab-hints" : "lab-hints-390");
            } finally {
                lab.size(1280, 800);
            }
        }
    }

    @Test
    void aHealthyRunShowsTheCardWithNoHint() {
        show("tiny-healthy");
        assertThat(browser.findElement(By.id("hints-card")).isDisplayed()).isTrue();
        assertThat(hints()).isEmpty();
        assertThat(browser.findElement(By.id("no-hints")).getText()).startsWith("No hint:");
    }
}
