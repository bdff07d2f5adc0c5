package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import backproplab.lab.http.AccessToken;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabOptions;
import backproplab.model.Models;
import backproplab.model.Recipe;
import backproplab.testing.SmallMnist;
import backproplab.training.EpochMetrics;
import backproplab.training.RunFolder;
import backproplab.training.TrainSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The learner's loop in Chromium: two attempts ticked on the runs page and compared, notes
 * written on a run's page that a restarted lab still has, and the report written from the
 * comparison.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComparePageTest {

    /** Two attempts of tiny that differ in their learning rate only, the second one better. */
    private static final String FIRST = "tiny-lr-default";
    private static final String SECOND = "tiny-lr-0.05";
    private static final int EPOCHS = 6;

    private Path root;
    private Path runs;
    private Path data;
    private LabServer server;
    private LabBrowser lab;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-compare-page-");
        data = SmallMnist.write(root.resolve("mnist"), 600, 100);
        runs = Files.createDirectories(root.resolve("runs"));
        Path first = attempt(FIRST, Models.TINY.recipe().withEpochs(EPOCHS), 0.985);
        // Started an hour before the second, as the runs page reads a run's start.
        Files.setLastModifiedTime(first.resolve(RunFolder.SETTINGS), FileTime.from(
                Instant.now().minus(Duration.ofHours(1))));
        attempt(SECOND, Models.TINY.recipe().toBuilder().epochs(EPOCHS).learningRate(0.05f)
                .build(), 0.989);
        server = start(false);
        lab = LabBrowser.start(root);
        browser = lab.driver();
    }

    /** A run folder of tiny: its accuracy climbs from {@code from}, with a model to evaluate. */
    private Path attempt(String name, Recipe recipe, double from) throws Exception {
        List<EpochMetrics> history = new ArrayList<>();
        for (int e = 1; e <= EPOCHS; e++) {
            history.add(new EpochMetrics(e, 0.3 / e, 0.9 + e / 100.0, 0.1 / e,
                    from + e * 0.001, null, 0.05 / e, 4, 1));
        }
        Path dir = RunFolders.write(runs.resolve(name), new TrainSettings("tiny", recipe, 1, 1,
                "data/mnist", 0, 0), history);
        Files.copy(TinyRun.best(), dir.resolve(RunFolder.BEST));
        return dir;
    }

    private LabServer start(boolean readOnly) {
        return LabServer.start("127.0.0.1", 0, runs, data,
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8), new LabOptions(
                        AccessToken.NONE, readOnly, LabLimits.DEFAULT));
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, root);
    }

    private String url(LabServer at, String path) {
        return "http://127.0.0.1:" + at.port() + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /**
     * Ticked on the runs page, the two runs open side by side: a curve each on every chart, the
     * target line on the accuracy's, and in the table only the setting that differs.
     */
    @Test
    void twoRunsTickedOnTheRunsPageAreComparedCurveByCurve() {
        browser.get(url(server, "/runs"));
        waiting().until(b -> b.findElements(By.cssSelector("#runs input[data-compare]"))
                .size() == 2);
        WebElement compare = browser.findElement(By.id("compare"));
        assertThat(compare.isEnabled()).as("nothing ticked").isFalse();
        tick(FIRST);
        assertThat(compare.isEnabled()).as("one run ticked").isFalse();
        tick(SECOND);
        assertThat(compare.isEnabled()).as("two runs ticked").isTrue();
        compare.click();
        waitForComparison();
        // The attempts in the order they were made, though the table lists the newest first.
        assertThat(browser.getCurrentUrl()).endsWith("/compare?runs=" + FIRST + "," + SECOND);

        Map<String, Object> shown = comparison();
        assertThat(shown.get("runs")).isEqualTo(List.of(FIRST, SECOND));
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, Object>>> datasets =
                (Map<String, List<Map<String, Object>>>) shown.get("datasets");
        assertThat(datasets.get("accuracy-chart")).extracting(d -> d.get("label"))
                .containsExactly(FIRST, SECOND, "99.4% target");
        assertThat(datasets.get("accuracy-chart")).extracting(d -> d.get("points"))
                .containsExactly((long) EPOCHS, (long) EPOCHS, 2L);
        for (String chart : List.of("loss-chart", "lr-chart")) {
            assertThat(datasets.get(chart)).as(chart).extracting(d -> d.get("points"))
                    .containsExactly((long) EPOCHS, (long) EPOCHS);
        }
        // The zoom: the second half of the epochs, its axis close around them.
        assertThat(datasets.get("zoom-chart")).extracting(d -> d.get("points"))
                .containsExactly(4L, 4L, 2L);
        assertThat(lab.yTicks("zoom-chart").get(0).doubleValue()).isGreaterThan(98);

        List<String> heads = browser.findElements(By.cssSelector("#figures th")).stream()
                .map(WebElement::getText).toList();
        assertThat(heads).contains("--lr", "best", "last", "first ≥ 99.4%",
                "lowest of the last 3", "s per epoch").doesNotContain("--epochs",
                "--batch-size", "--seed");
        List<WebElement> second = browser.findElements(By.cssSelector(
                "#figures tbody tr:nth-child(2) td"));
        assertThat(second.get(second.size() - 1).getText()).isEqualTo("0.05");
        assertThat(second.get(3).getText()).startsWith("99.50%");
        assertThat(browser.findElement(By.id("figures")).getText()).contains("epoch 5");
        assertThat(lab.sidewaysOverflow()).isZero();
    }

    /** Notes typed and saved on a run's page are in its folder: a new lab on it shows them. */
    @Test
    void notesSavedOnARunsPageSurviveARestartAndShowInTheComparison() {
        browser.get(url(server, "/runs/" + FIRST));
        waiting().until(b -> b.findElement(By.id("notes-card")).isDisplayed());
        assertThat(text("notes-state")).contains("not saved yet");
        assertThat(browser.findElement(By.id("note-results")).getAttribute("value"))
                .as("prefilled from the run's figures").contains("99.10%");
        assertThat(browser.findElement(By.id("new-attempt")).getAttribute("href"))
                .endsWith("/design?run=" + FIRST);
        String target = "Reach 99.4% by epoch 6 with tiny's recipe";
        String analysis = "The rate is too low: try 0.05 next.\nSee the loss.";
        note("target").sendKeys(target);
        note("analysis").sendKeys(analysis);
        assertThat(text("notes-state")).isEqualTo("not saved");
        // The review's: a link followed now lost the notes without a word.
        assertThat(leavingAsks()).as("leaving with notes not saved asks first").isTrue();
        browser.findElement(By.id("save-notes")).click();
        waiting().until(b -> text("notes-state").equals("saved"));
        assertThat(leavingAsks()).as("saved, nothing to lose").isFalse();
        assertThat(runs.resolve(FIRST).resolve("notes.md")).content().contains(target, analysis);

        server.close();
        server = start(false);
        browser.get(url(server, "/runs/" + FIRST));
        waiting().until(b -> text("notes-state").equals("saved"));
        assertThat(note("target").getAttribute("value")).isEqualTo(target);
        assertThat(note("analysis").getAttribute("value")).isEqualTo(analysis);

        browser.get(url(server, "/compare?runs=" + FIRST + "," + SECOND));
        waitForComparison();
        assertThat(browser.findElement(By.cssSelector(".notes [data-run='" + FIRST + "']"))
                .getText()).contains(target, "The rate is too low");
        assertThat(browser.findElement(By.cssSelector(".notes [data-run='" + SECOND + "']"))
                .getText()).contains("No notes yet");
    }

    /** Whether leaving the page now would ask first: a handler cancels its beforeunload. */
    private boolean leavingAsks() {
        return (Boolean) browser.executeScript("const e = new Event('beforeunload',"
                + " {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;");
    }

    /** Write report: the README the learner hands in, in reports/ beside the runs folder. */
    @Test
    void theReportButtonWritesTheReportBesideTheRunsFolder() throws Exception {
        browser.get(url(server, "/compare?runs=" + FIRST + "," + SECOND));
        waitForComparison();
        browser.findElement(By.id("write-report")).click();
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(b ->
                !b.findElements(By.id("report-readme")).isEmpty()
                        || b.findElement(By.id("report-message")).getAttribute("class")
                        .contains("error"));
        Path readme = Path.of(text("report-readme"));
        assertThat(readme.getFileName().toString()).isEqualTo("README.md");
        assertThat(readme.getParent().getParent()).isEqualTo(root.resolve("reports")
                .toAbsolutePath().normalize());
        assertThat(readme.getParent().getFileName().toString()).matches("REPORT-\\d{8}-\\d{6}");
        assertThat(readme).content().contains(FIRST, SECOND);
        assertThat(readme.resolveSibling(FIRST)).isDirectory();
    }

    /** A read-only lab shows the comparison and the notes, and offers no report and no Save. */
    @Test
    void aReadOnlyLabShowsTheComparisonAndTheNotesButChangesNothing() {
        try (LabServer shown = start(true)) {
            browser.get(url(shown, "/compare?runs=" + FIRST + "," + SECOND));
            waitForComparison();
            assertThat(browser.findElement(By.id("write-report")).isDisplayed()).isFalse();
            browser.get(url(shown, "/runs/" + SECOND));
            waiting().until(b -> b.findElement(By.id("notes-card")).isDisplayed());
            assertThat(browser.findElement(By.id("save-notes")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("new-attempt")).isDisplayed()).isFalse();
            assertThat(note("target").getAttribute("readonly")).isNotNull();
        }
    }

    /** Narrow as a phone: the comparison scrolls down, never sideways. */
    @Test
    void theComparisonFitsAPhonesWidth() throws Exception {
        try {
            lab.size(390, 844);
            browser.get(url(server, "/compare?runs=" + FIRST + "," + SECOND));
            waitForComparison();
            assertThat(lab.sidewaysOverflow()).isZero();
            assertThat(lab.box(".table-box").inside(lab.box(".card:has(#figures)"))).isTrue();
            assertThat((Boolean) browser.executeScript("const t = document.querySelector("
                    + "'.table-box'); return t.scrollWidth <= t.clientWidth;"))
                    .as("the table whole, not scrolled sideways").isTrue();
            // A run at a time: its figures under its name, not beside it.
            assertThat(lab.box("#figures tbody tr:nth-child(2) td:last-child").top())
                    .isGreaterThanOrEqualTo(lab.box("#figures tbody tr:nth-child(2)"
                            + " td:first-child").bottom());
            browser.get(url(server, "/runs/" + FIRST));
            waiting().until(b -> b.findElement(By.id("notes-card")).isDisplayed());
            assertThat(lab.sidewaysOverflow()).isZero();
        } finally {
            lab.size(1280, 800);
        }
    }

    /** Ticks a run's box: again if the events redrew its row meanwhile, until it is ticked. */
    private void tick(String run) {
        By box = By.cssSelector("#runs input[data-compare='" + run + "']");
        waiting().ignoring(StaleElementReferenceException.class).until(b -> {
            WebElement shown = b.findElement(box);
            if (!shown.isSelected()) {
                shown.click();
            }
            return b.findElement(box).isSelected();
        });
    }

    private void waitForComparison() {
        waiting().until(b -> Boolean.TRUE.equals(browser.executeScript(
                "return typeof Lab !== 'undefined' && Lab.hooks.compare?.notesShown === true")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> comparison() {
        return (Map<String, Object>) browser.executeScript("return Lab.hooks.compare");
    }

    private WebElement note(String section) {
        return browser.findElement(By.id("note-" + section));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
