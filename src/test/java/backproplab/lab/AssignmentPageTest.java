package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import backproplab.lab.http.AccessToken;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabOptions;
import backproplab.model.Models;
import backproplab.testing.SmallMnist;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * S6's checklist in Chromium: on the page of a run that meets every rule and of one that touched
 * 99.4% once, as columns of the compare table, and on the design page before training.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentPageTest {

    private static final String HELD = "tiny-held";
    private static final String TOUCHED = "tiny-touched";
    private static final int EPOCHS = 20;

    private Path root;
    private Path runs;
    private LabServer server;
    private LabBrowser lab;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-assignment-");
        Path data = SmallMnist.write(root.resolve("mnist"), 600, 100);
        runs = Files.createDirectories(root.resolve("runs"));
        double[] held = new double[EPOCHS];
        double[] touched = new double[EPOCHS];
        for (int e = 0; e < EPOCHS; e++) {
            held[e] = e < 11 ? 0.985 + 0.0008 * e : 0.9941 + 0.0001 * (e % 4);
            touched[e] = e < 11 ? 0.985 + 0.0008 * e : 0.9932 + 0.0001 * (e % 4);
        }
        touched[14] = 0.9946;
        run(HELD, held);
        run(TOUCHED, touched);
        server = LabServer.start("127.0.0.1", 0, runs, data,
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8), new LabOptions(
                        AccessToken.NONE, false, LabLimits.DEFAULT));
        lab = LabBrowser.start(root);
        browser = lab.driver();
    }

    /** A run of tiny (4,596 parameters, BatchNorm, Dropout(0.05), a global average pool). */
    private void run(String name, double[] accuracies) throws Exception {
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 0; e < accuracies.length; e++) {
            history.add(new EpochMetrics(e + 1, 0.3 / (e + 1), 0.99, 0.03, accuracies[e], null,
                    0.01, 4, 1));
        }
        Path dir = RunFolders.write(runs.resolve(name), new TrainSettings("tiny",
                Models.TINY.recipe().withEpochs(EPOCHS), 1, 1, "data/mnist", 0, 0), history);
        Files.copy(TinyRun.best(), dir.resolve(RunFolder.BEST));
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, root);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> hook(String name) {
        return (Map<String, Object>) browser.executeScript("return Lab.hooks." + name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> field(Map<String, Object> hook, String key) {
        return ((List<Map<String, Object>>) hook.get("rules")).stream()
                .map(r -> (String) r.get(key)).toList();
    }

    @Test
    void aRunThatMeetsEveryRuleShowsItsChecklist() throws Exception {
        browser.get(url("/runs/" + HELD));
        waiting().until(b -> hook("checklist") != null);
        Map<String, Object> shown = hook("checklist");
        assertThat(shown.get("headline")).isEqualTo("s6: all 6 rules met");
        assertThat(field(shown, "status")).containsOnly("met").hasSize(6);
        WebElement card = browser.findElement(By.id("checklist-card"));
        assertThat(card.isDisplayed()).isTrue();
        // Epochs 18-20 of the held run: 99.42%, 99.43%, 99.44% (0.9941 + 0.0001 * (e % 4)).
        assertThat(card.getText()).contains("The assignment: s6", "fewer than 20,000 parameters",
                "4,596 parameters", "at most 20 epochs", "20 trained",
                "lowest of epochs 18-20: 99.42%", "2 x Dropout(0.05)", "AdaptiveAvgPool2d");
        assertThat(card.findElements(By.cssSelector("li.met"))).hasSize(6);
        for (int width : new int[] {1280, 390}) {
            lab.size(width, 800);
            browser.executeScript("document.getElementById('checklist-card')"
                    + ".scrollIntoView({block: 'center'})");
            assertThat(lab.sidewaysOverflow()).as("at %d px", width).isZero();
            lab.screenshot(width == 1280 ? "lab-assignment-run" : "lab-assignment-run-390");
        }
        lab.size(1280, 800);
    }

    @Test
    void aRunThatTouchedTheTargetOnceBreaksTheAccuracyRule() {
        browser.get(url("/runs/" + TOUCHED));
        waiting().until(b -> hook("checklist") != null);
        Map<String, Object> shown = hook("checklist");
        assertThat(shown.get("headline")).isEqualTo("s6: 5 of 6 rules met");
        assertThat(field(shown, "status")).containsExactly("met", "met", "broken", "met", "met",
                "met");
        // Epochs 18-20: 0.9932 + 0.0001 * (e % 4) for e = 17..19: 99.33%, 99.34%, 99.35%.
        assertThat(field(shown, "figure").get(2)).isEqualTo("lowest of epochs 18-20: 99.33%;"
                + " 99.46% at epoch 15, not held");
        assertThat(browser.findElement(By.cssSelector("#checklist li.broken")).getText())
                .contains("test accuracy at least 99.4% in each of the last 3 epochs");
    }

    @Test
    void theCompareTableHasAColumnPerRule() throws Exception {
        browser.get(url("/compare?runs=" + HELD + "," + TOUCHED));
        waiting().until(b -> browser.executeScript("return Lab.hooks.compareChecklists")
                != null);
        List<String> heads = browser.findElements(By.cssSelector("#figures th")).stream()
                .map(WebElement::getText).toList();
        assertThat(heads).contains("fewer than 20,000 parameters", "at most 20 epochs",
                "has BatchNorm2d", "has GAP or Linear");
        int column = heads.indexOf("test accuracy at least 99.4% in each of the last 3 epochs");
        assertThat(column).isPositive();
        List<WebElement> rows = browser.findElements(By.cssSelector("#figures tbody tr"));
        assertThat(rows.get(0).findElements(By.tagName("td")).get(column).getText())
                .isEqualTo("✓ lowest of epochs 18-20: 99.42%");
        assertThat(rows.get(1).findElements(By.tagName("td")).get(column).getText())
                .startsWith("✗ lowest of epochs 18-20: 99.33%");
        assertThat(lab.sidewaysOverflow()).isZero();
        lab.screenshot("lab-assignment-compare");
        try {
            // A phone: a run at a time, each rule and its figure wrapped, nothing scrolled.
            lab.size(390, 844);
            browser.navigate().refresh();
            waiting().until(b -> browser.executeScript("return Lab.hooks.compareChecklists")
                    != null);
            assertThat(lab.sidewaysOverflow()).isZero();
            assertThat((Boolean) browser.executeScript("const t = document.querySelector("
                    + "'.table-box'); return t.scrollWidth <= t.clientWidth;")).isTrue();
            browser.executeScript("document.querySelector('#figures td.rule')"
                    + ".scrollIntoView({block: 'start'})");
            lab.screenshot("lab-assignment-compare-390");
        } finally {
            lab.size(1280, 800);
        }
    }

    @Test
    void theDesignPageShowsWhatTheFileAlreadyDecides() throws Exception {
        browser.get(url("/design?run=" + HELD));
        waiting().until(b -> hook("designChecklist") != null);
        Map<String, Object> shown = hook("designChecklist");
        assertThat(shown.get("headline")).isEqualTo("s6: 5 of 6 rules met, 1 to come");
        assertThat(field(shown, "status")).containsExactly("met", "met", "pending", "met", "met",
                "met");
        assertThat(field(shown, "figure").get(1)).isEqualTo("20 planned");
        assertThat(browser.findElement(By.id("checklist-card")).getText())
                .contains("The assignment: s6, before training", "not trained yet");
        for (int width : new int[] {1280, 390}) {
            lab.size(width, 800);
            browser.executeScript("document.getElementById('checklist-card')"
                    + ".scrollIntoView({block: 'center'})");
            lab.screenshot(width == 1280 ? "lab-assignment-design"
                    : "lab-assignment-design-390");
        }
        lab.size(1280, 800);
    }
}
