package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        server = SmallMnist.lab(root);
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

    /** The grid's picture once one is shown: its object URL. */
    private String gridShown(String other) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> Boolean.TRUE.equals(script(
                "const g = $('aug-grid'); return g.complete && g.naturalWidth > 0"
                        + " && !g.classList.contains('stale') && g.src !== arguments[0]", other)));
        return (String) script("return $('aug-grid').src");
    }

    @Test
    void theGridIsRedrawnWhenTheRotationChangesAndAWrongValueIsSaidBesideIt() {
        open("/runs");
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

    @Test
    void aRangeTestFromTheRunsFormShowsItsChartAndSuggestionAndFillsTheRate() throws Exception {
        open("/runs");
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
