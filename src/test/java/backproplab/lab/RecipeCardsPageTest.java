package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The recipe's cards in Chromium: the augmentation grid redrawn as the form's rotation changes,
 * a refusal beside it, and a range test run from the runs form, its chart and suggestion shown
 * and usable; on the design page too, on the file as typed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipeCardsPageTest {

    private Path root;
    private LabServer server;
    private LabBrowser lab;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-recipe-cards-");
        Path run = Files.createDirectories(root.resolve("runs").resolve("tiny-1-epoch"));
        try (Stream<Path> files = Files.walk(TinyRun.folder())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = run.resolve(TinyRun.folder().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        server = SmallLab.start(root);
        lab = LabBrowser.start(root);
        browser = lab.driver();
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, root);
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + server.port() + path);
    }

    private Object script(String js, Object... args) {
        return browser.executeScript(js, args);
    }

    /** Opens the page at {@code path} and the card behind {@code button}. */
    private void openCard(String path, String button) {
        open(path);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> !b.findElements(
                By.id(button)).isEmpty());
        browser.findElement(By.id(button)).click();
    }

    /** The grid's picture once one is shown: its object URL. */
    private String gridShown(String other) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> Boolean.TRUE.equals(script(
                "const g = $('aug-grid'); return g.complete && g.naturalWidth > 0"
                        + " && !g.classList.contains('stale') && g.src !== arguments[0]", other)));
        return (String) script("return $('aug-grid').src");
    }

    @Test
    void theGridIsRedrawnWhenTheRotationChangesAndAWrongValueIsSaidBesideIt() {
        openCard("/runs", "show-augment");
        String first = gridShown("");
        // One of each label, then eight epochs: nine columns of ten rows.
        assertThat((Long) script("return $('aug-grid').naturalHeight")).isGreaterThan(900);
        browser.findElement(By.id("f-rotation")).sendKeys("15");
        String second = gridShown(first);
        assertThat(second).isNotEqualTo(first);
        browser.findElement(By.id("f-rotation")).clear();
        browser.findElement(By.id("f-rotation")).sendKeys("500");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> script(
                "return $('aug-message').textContent").toString().startsWith("rotation:"));
        browser.findElement(By.id("f-rotation")).clear();
        browser.findElement(By.id("aug-labels")).sendKeys("4,9");
        gridShown(second);
        assertThat(script("return $('aug-message').textContent")).isEqualTo("");
    }

    /**
     * A run's three most confused pairs, both ways counted, from its verdicts as the run page
     * gets them; a pair's button shows those two digits.
     */
    @Test
    void theDigitsARunConfusesMostCanBePicked() throws Exception {
        openCard("/runs", "show-augment");
        String first = gridShown("");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> (Long) script(
                "return $('aug-run').options.length") > 1);
        script("$('aug-run').value = 'tiny-1-epoch';"
                + " $('aug-run').dispatchEvent(new Event('change'));");
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(b -> (Long) script(
                "return $('aug-pairs').querySelectorAll('button').length") > 0);
        int[][] m = new Gson().fromJson(new Gson().toJsonTree(LabHttp.json(LabHttp.send(server,
                "GET", "/api/runs/tiny-1-epoch/verdicts", null, null), 200).get("matrix")),
                int[][].class);
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                if (m[a][b] + m[b][a] > 0) {
                    pairs.add(new int[] {a, b, m[a][b] + m[b][a]});
                }
            }
        }
        pairs.sort((x, y) -> x[2] != y[2] ? y[2] - x[2] : x[0] != y[0] ? x[0] - y[0]
                : x[1] - y[1]);
        List<String> expected = pairs.stream().limit(3).map(p -> p[0] + "," + p[1]).toList();
        assertThat(script("return [...$('aug-pairs').querySelectorAll('button')]"
                + ".map(b => b.dataset.pair)")).isEqualTo(expected);
        browser.findElement(By.cssSelector("#aug-pairs button")).click();
        assertThat(script("return $('aug-labels').value")).isEqualTo(expected.get(0));
        gridShown(first);
        // Rows take turns through the pair: ten rows, two labels.
        assertThat((Long) script("return $('aug-grid').naturalHeight")).isGreaterThan(900);
    }

    @Test
    void aRangeTestFromTheRunsFormShowsItsChartAndSuggestionAndFillsTheRate() throws Exception {
        openCard("/runs", "show-lr-find");
        browser.findElement(By.id("lrf-steps")).sendKeys("40");
        browser.findElement(By.id("lrf-start")).sendKeys("1e-4");
        browser.findElement(By.id("lrf-run")).click();
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(b -> !Boolean.TRUE.equals(
                script("return $('lrf-run').disabled")) && script(
                "return $('lrf-message').textContent").toString().contains(" s"));
        String said = script("return $('lrf-message').textContent").toString();
        assertThat(said).startsWith("lean: suggested lr ").contains("minimum / 10: ");
        long points = (Long) script("return Chart.getChart('lrf-chart').data.datasets[0]"
                + ".data.length");
        assertThat(points).isBetween(20L, 40L);
        assertThat(script("return Chart.getChart('lrf-chart').options.scales.x.type"))
                .isEqualTo("logarithmic");
        assertThat(script("return Chart.getChart('lrf-chart').data.datasets.length"))
                .isEqualTo(3L);
        String rate = said.replaceFirst("^lean: suggested lr ([^ ]+) .*", "$1");
        browser.findElement(By.id("lrf-use")).click();
        assertThat(script("return $('f-lr').value")).isEqualTo(rate);
        for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
            lab.size(size[0], size[1]);
            script("$('lr-find-card').scrollIntoView()");
            Thread.sleep(300);
            assertThat(lab.sidewaysOverflow()).as("sideways at " + size[0]).isZero();
            lab.screenshot(size[0] == 1280 ? "lab-lr-find" : "lab-lr-find-390");
        }
        lab.size(1280, 800);
    }

    @Test
    void theDesignPageShowsTheGridOfItsFileAsTyped() throws Exception {
        open("/design?model=s6");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> script(
                "return $('text').value").toString().contains("Conv2d"));
        assertThat(script("return $('augment-card').hidden")).isEqualTo(true);
        browser.findElement(By.id("show-augment")).click();
        gridShown("");
        assertThat(script("return $('aug-grid').naturalWidth")).isNotNull();
        for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
            lab.size(size[0], size[1]);
            script("$('augment-card').scrollIntoView()");
            Thread.sleep(300);
            assertThat(lab.sidewaysOverflow()).as("sideways at " + size[0]).isZero();
            lab.screenshot(size[0] == 1280 ? "lab-augment" : "lab-augment-390");
        }
        lab.size(1280, 800);
    }
}
