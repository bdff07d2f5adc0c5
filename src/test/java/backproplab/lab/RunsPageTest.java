package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.lab.http.AccessToken;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabOptions;
import backproplab.model.Models;
import backproplab.model.RecipeField;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.DoubleStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The runs and run pages in Chromium: a run started from the form trains live, turns finished,
 * and its run page shows its curves, its confusion matrix and the digits of a cell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsPageTest {

    private static final String INTERRUPTED = "tiny-20261122-234735";
    /** The written run folders: eight rows in the table. */
    private static final int WRITTEN = 8;

    private Path root;
    private LabServer server;
    /** A server of run folders written, not trained: as the review saw them after a stop. */
    private LabServer written;
    private Path writtenRuns;
    private Path data;
    private LabBrowser lab;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-runs-page-");
        server = SmallLab.start(root);
        data = root.resolve("mnist");
        Path runs = Files.createDirectories(root.resolve("written"));
        writtenRuns = runs;
        RunFolders.write(runs.resolve("tiny-seed1"), 20,
                DoubleStream.iterate(0.98, a -> a + 0.0008).limit(20).toArray());
        RunFolders.write(runs.resolve("fast-seed1"), "fast", 3, 0.991, 0.9953, 0.9953);
        // Stopped before its first epoch ended: no metrics, no best.ckpt.
        RunFolders.write(runs.resolve(INTERRUPTED), 20);
        // Spoilt as the review found one: a metrics.json that ends in the middle of an epoch.
        Path broken = RunFolders.write(runs.resolve("broken-json"), 3, 0.95, 0.96);
        String metrics = Files.readString(broken.resolve("metrics.json"));
        Files.writeString(broken.resolve("metrics.json"), metrics.substring(0,
                metrics.length() - 30));
        Files.createDirectories(runs.resolve("empty-folder"));
        // One epoch of a OneCycle run: it ends at a rate of about a millionth.
        RunFolders.learningRate(RunFolders.write(runs.resolve("tiny-one-epoch"), 1, 0.3),
                1.2e-6);
        RunFolders.write(runs.resolve("tiny-growing"), 3);
        // A run whose last test loss is not a number, written as metrics.json writes one.
        Path nan = RunFolders.write(runs.resolve("fast-nan"), "fast", 3, 0.991, 0.9953,
                0.9953);
        String nanMetrics = Files.readString(nan.resolve("metrics.json"));
        String lastTestLoss = "\"testLoss\":0.05";
        int last = nanMetrics.lastIndexOf(lastTestLoss);
        Files.writeString(nan.resolve("metrics.json"), nanMetrics.substring(0, last)
                + "\"testLoss\":\"NaN\"" + nanMetrics.substring(last + lastTestLoss.length()));
        written = LabServer.start("127.0.0.1", 0, runs, data,
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
        lab = LabBrowser.start(root);
        browser = lab.driver();
    }

    @AfterAll
    void stop() throws Exception {
        if (written != null) {
            written.close();
        }
        LabBrowser.closeAll(lab, server, root);
    }

    /**
     * A long run name, a Resume button, dates and broken folders: the table still fits its card,
     * laptop or narrow, and no run's name or date is broken over two lines.
     */
    @Test
    void theRunsTableFitsItsCardAtLaptopAndNarrowWidths() throws Exception {
        try {
            for (int[] size : new int[][] {{1280, 800}, {800, 900}}) {
                lab.size(size[0], size[1]);
                browser.get("http://127.0.0.1:" + written.port() + "/runs");
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> b.findElements(
                        By.cssSelector("#runs tbody tr")).size() == WRITTEN);
                String at = size[0] + "x" + size[1];
                assertThat(text("runs-dir")).isEqualTo(writtenRuns.toAbsolutePath().normalize()
                        .toString());
                assertThat(text("target-head")).isEqualTo("≥ 99.4%\nat");
                LabBrowser.Box card = lab.box(".card:has(#runs)");
                assertThat(lab.box("#runs").inside(card)).as("the table in its card at " + at)
                        .isTrue();
                assertThat(lab.box("#runs button[data-resume]").inside(card))
                        .as("Resume in the card at " + at).isTrue();
                // No cell cut short: the dates and names are whole.
                assertThat((Long) browser.executeScript("return [...document.querySelectorAll("
                        + "'#runs td, #runs th')].filter(c => c.scrollWidth > c.clientWidth)"
                        + ".length")).as("cells cut at " + at).isZero();
                assertThat(lab.sidewaysOverflow()).as("sideways scrolling at " + at).isZero();
                // No name, date or time broken inside itself; at 1280 none over two lines.
                @SuppressWarnings("unchecked")
                List<String> broken = (List<String>) browser.executeScript("return [...document"
                        + ".querySelectorAll('#runs tbody td:first-child,"
                        + " #runs tbody td:last-child')]"
                        + ".flatMap(c => " + WORDS_BROKEN + "(c))");
                assertThat(broken).as("names and dates broken inside at " + at).isEmpty();
                if (size[0] == 1280) {
                    // The name's link, not its cell: the box ticked to compare sits lower than
                    // the text's line, and is no second line.
                    @SuppressWarnings("unchecked")
                    List<String> twoLines = (List<String>) browser.executeScript(
                            "return [...document"
                            + ".querySelectorAll('#runs tbody td:first-child a,"
                            + " #runs tbody td:last-child')]"
                            + ".filter(c => " + LINES + "(c) > 1).map(c => c.textContent)");
                    assertThat(twoLines).as("names and dates over two lines at " + at).isEmpty();
                }
                // A broken run's reason in a learner's words; the reader's own in its tooltip.
                WebElement reason = browser.findElement(By.cssSelector(
                        "#runs tr[data-run='broken-json'] td:nth-child(2)"));
                assertThat(reason.getText())
                        .isEqualTo("metrics.json cannot be read: it is damaged or cut short");
                assertThat(reason.getAttribute("title")).contains("at line 1 column");
                lab.screenshot("lab-runs-written-" + size[0]);
            }
        } finally {
            lab.size(1280, 800);
        }
    }

    /**
     * How many lines an element's text takes on the page: a function of the element, for
     * scripts; its text's boxes counted by their tops.
     */
    private static final String LINES = "(e => { const r = document.createRange();"
            + " r.selectNodeContents(e); return new Set([...r.getClientRects()]"
            + ".map(b => Math.round(b.top))).size; })";

    /** The words (between spaces) of an element's text that are broken over two lines. */
    private static final String WORDS_BROKEN = "(e => { const out = [];"
            + " const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);"
            + " while (walk.nextNode()) { const n = walk.currentNode;"
            + "   for (const m of n.textContent.matchAll(/\\S+/g)) {"
            + "     const r = document.createRange(); r.setStart(n, m.index);"
            + "     r.setEnd(n, m.index + m[0].length);"
            + "     if (new Set([...r.getClientRects()].map(b => Math.round(b.top))).size > 1)"
            + "       out.push(m[0]); } }"
            + " return out; })";

    @Test
    void everyWrongFieldOfTheTrainFormIsNamedAtOnce() throws Exception {
        browser.get("http://127.0.0.1:" + written.port() + "/runs");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(b -> !b.findElements(By.id("f-lr")).isEmpty());
        field("epochs").sendKeys("0");
        field("lr").sendKeys("abc");
        field("holdout").sendKeys("-1");
        browser.findElement(By.id("start")).click();
        wait.until(b -> !text("e-lr").isEmpty());
        assertThat(text("e-epochs")).contains("epochs", "between 1 and");
        assertThat(text("e-lr")).contains("lr", "'abc'");
        assertThat(text("e-holdout")).contains("holdout", "-1");
        for (String name : List.of("epochs", "lr", "holdout")) {
            assertThat(field(name).getAttribute("class")).as(name).contains("invalid");
        }
        assertThat(text("e-batch-size")).isEmpty();
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isFalse();

        // The review's three: the holdout, wrong against the data folder's 640 images, is named
        // with the others, not once they are put right.
        for (String name : List.of("epochs", "lr", "holdout")) {
            field(name).clear();
        }
        field("epochs").sendKeys("0");
        field("batch-size").sendKeys("100000");
        field("holdout").sendKeys("70000");
        browser.findElement(By.id("start")).click();
        wait.until(b -> !text("e-batch-size").isEmpty());
        assertThat(text("e-epochs")).contains("epochs", "between 1 and");
        assertThat(text("e-batch-size")).contains("batch-size", "100000");
        assertThat(text("e-holdout")).contains("holdout: 70000", "640 training images");
        assertThat(text("e-lr")).isEmpty();
        lab.screenshot("lab-runs-form-errors");
    }

    /**
     * The review's: a model file saved with a mistake in it took the model list, the form and the
     * runs off the page (a script error), and Start then trained the default model.
     */
    @Test
    void aModelFileWithAMistakeIsListedAsOneAndTakesNothingElseOffThePage() throws Exception {
        Path dir = root.resolve("broken-model");
        Path runs = Files.createDirectories(dir.resolve("runs"));
        RunFolders.write(runs.resolve("tiny-kept"), 2, 0.97, 0.98);
        Files.writeString(Files.createDirectories(dir.resolve("models")).resolve("broken.txt"),
                "nn.Conv2d(1, 8, 3),\n");
        try (LabServer own = LabServer.start("127.0.0.1", 0, runs, data,
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))) {
            browser.get("http://127.0.0.1:" + own.port() + "/runs");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            wait.until(b -> !b.findElements(By.id("f-lr")).isEmpty());
            wait.until(b -> b.findElement(By.tagName("body")).getText().contains("tiny-kept"));
            List<String> options = browser.findElements(By.cssSelector("#f-model option"))
                    .stream().map(WebElement::getText).toList();
            assertThat(options).contains("broken.txt · has a mistake")
                    .anyMatch(o -> o.startsWith("lean · "));
            new Select(field("model")).selectByValue("broken.txt");
            browser.findElement(By.id("start")).click();
            wait.until(b -> !text("train-message").isEmpty());
            assertThat(text("train-message")).contains("broken.txt");
            try (var folders = Files.list(runs)) {
                assertThat(folders.count()).as("nothing trained").isEqualTo(1);
            }
        }
    }

    /** /runs/nope: says there is no such run and links back, rather than waiting forever. */
    @Test
    void aMissingRunSaysSoAndLinksBackToTheRuns() throws Exception {
        browser.get("http://127.0.0.1:" + written.port() + "/runs/nope");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> b.findElement(By.id("problem")).isDisplayed());
        assertThat(text("name")).isEqualTo("No such run");
        assertThat(text("problem")).contains("No run 'nope' in");
        assertThat(browser.findElement(By.cssSelector("#problem a")).getAttribute("href"))
                .endsWith("/runs");
        assertNothingPending();
        lab.screenshot("lab-run-nope");
    }

    /**
     * A teacher's lab, on every address with its token and read-only: the printed address opens
     * it and goes on without the token; the other pages open on its cookie alone, and offer
     * nothing that would change a run.
     */
    @Test
    void aSharedLabOpensFromItsPrintedAddressThenOnItsCookieAndOffersNoChange() throws Exception {
        try (LabServer shared = LabServer.start("0.0.0.0", 0, writtenRuns, data,
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8), new LabOptions(
                        AccessToken.forServing("0.0.0.0", null, false), true, LabLimits.DEFAULT))) {
            String at = "http://127.0.0.1:" + shared.port();
            URI printed = shared.uri("127.0.0.1");
            assertThat(printed.getQuery()).startsWith("token=");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            browser.get(printed.toString());
            wait.until(b -> b.getCurrentUrl().equals(at + "/backprop"));
            wait.until(b -> !b.findElements(By.cssSelector("#network")).isEmpty());

            browser.get(at + "/runs");
            wait.until(b -> b.findElements(By.cssSelector("#runs tbody tr")).size() == WRITTEN);
            assertThat(browser.findElement(By.id("start")).isDisplayed()).isFalse();
            WebElement resume = browser.findElement(By.cssSelector("#runs button[data-resume]"));
            assertThat(resume.isDisplayed()).isFalse();
            assertThat(browser.executeScript("return getComputedStyle(document.querySelector("
                    + "'header .brand'), '::after').content")).isEqualTo("\" · read-only\"");
            // The runs table takes the width the train card left.
            assertThat(lab.box(".card:has(#runs)").width()).isGreaterThan(1000);
            lab.screenshot("lab-runs-read-only");

            browser.get(at + "/runs/" + INTERRUPTED);
            wait.until(b -> b.findElement(By.id("status")).isDisplayed());
            assertThat(text("status")).isEqualTo("interrupted");
            assertThat(browser.findElement(By.id("resume")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("stop")).isDisplayed()).isFalse();

            // The same page of a lab that lets you change things offers Resume.
            browser.get("http://127.0.0.1:" + written.port() + "/runs/" + INTERRUPTED);
            wait.until(b -> b.findElement(By.id("status")).isDisplayed());
            assertThat(browser.findElement(By.id("resume")).isDisplayed()).isTrue();
        }
    }

    /** A spoilt metrics.json and an empty folder: one sentence each, nothing pending forever. */
    @Test
    void aBrokenRunSaysWhichFileIsUnreadableAndWaitsForNothing() throws Exception {
        for (String[] run : new String[][] {
                {"broken-json", "metrics.json cannot be read: it is damaged or cut short"},
                {"empty-folder", "no settings.json: not a training run"}}) {
            browser.get("http://127.0.0.1:" + written.port() + "/runs/" + run[0]);
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(b -> text("status").equals("broken"));
            assertThat(browser.findElement(By.tagName("main")).getText()).as(run[0])
                    .contains(run[1]).doesNotContain("Exception", "java.");
            assertNothingPending();
            lab.screenshot("lab-run-" + run[0]);
        }
        assertThat(browser.findElement(By.id("problem-text")).getAttribute("title")).isEmpty();
        browser.get("http://127.0.0.1:" + written.port() + "/runs/broken-json");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> text("status").equals("broken"));
        assertThat(browser.findElement(By.id("problem-text")).getAttribute("title"))
                .contains("at line 1 column");
    }

    /**
     * Three seconds on: no "evaluating…", no empty axes without their note, no empty status
     * badge; the link back to the runs is there.
     */
    private void assertNothingPending() throws InterruptedException {
        Thread.sleep(3000);
        String shown = browser.findElement(By.tagName("main")).getText();
        assertThat(shown).doesNotContain("evaluating");
        for (WebElement chart : browser.findElements(By.cssSelector(".chart-box"))) {
            assertThat(chart.isDisplayed() && !chart.getText().contains("No epoch"))
                    .as("an empty chart without its note").isFalse();
        }
        WebElement status = browser.findElement(By.id("status"));
        assertThat(status.isDisplayed() && status.getText().isBlank())
                .as("an empty status badge").isFalse();
        assertThat(browser.findElement(By.linkText("← all runs")).isDisplayed()).isTrue();
    }

    /**
     * The model's table (about 530 px wide) is read whole beside or under the settings, with no
     * hidden columns, at a laptop's width and a narrow one; the command breaks only between its
     * options.
     */
    @Test
    void theSummaryIsReadWholeAndTheCommandBreaksBetweenOptions() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        try {
            for (int[] size : new int[][] {{1280, 800}, {820, 900}}) {
                lab.size(size[0], size[1]);
                showWritten("tiny-seed1");
                String at = size[0] + "x" + size[1];
                softly.assertThat(text("summary")).contains("Param #", "RF", "Jump", "MACs");
                softly.assertThat((Boolean) browser.executeScript("const s = document"
                        + ".getElementById('summary'); return s.scrollWidth <= s.clientWidth;"))
                        .as("the summary's columns all shown at " + at).isTrue();
                softly.assertThat(lab.box("#summary").inside(lab.box(".card.summary")))
                        .as("in its card at " + at).isTrue();
                assertThat(lab.sidewaysOverflow()).isZero();
                WebElement command = browser.findElement(By.cssSelector(
                        "#settings tr:first-child td"));
                assertThat(command.getText()).startsWith("backprop-lab train --model tiny");
                // Each option with its value is on one line, and the command does wrap.
                @SuppressWarnings("unchecked")
                List<String> split = (List<String>) browser.executeScript("const td ="
                        + " arguments[0]; const text = td.textContent; const out = [];"
                        + " const node = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);"
                        + " const nodes = []; while (node.nextNode()) nodes.push(node.currentNode);"
                        + " for (const m of text.matchAll(/--\\S+ \\S+/g)) {"
                        + "   let start = m.index, end = m.index + m[0].length, pos = 0;"
                        + "   const r = document.createRange();"
                        + "   for (const n of nodes) { const len = n.textContent.length;"
                        + "     if (start >= pos && start <= pos + len) r.setStart(n, start - pos);"
                        + "     if (end >= pos && end <= pos + len) {"
                        + " r.setEnd(n, end - pos); break; }"
                        + "     pos += len; }"
                        + "   if (new Set([...r.getClientRects()]"
                        + ".map(b => Math.round(b.top))).size > 1)"
                        + "     out.push(m[0]); }"
                        + " return out;", command);
                softly.assertThat(split).as("options broken over two lines at " + at).isEmpty();
                softly.assertThat((Long) browser.executeScript("return " + LINES + "(arguments[0])",
                        command)).as("the command's lines at " + at).isGreaterThan(1);
                lab.screenshot("lab-run-summary-" + size[0]);
            }
        } finally {
            lab.size(1280, 800);
        }
        softly.assertAll();
    }

    /** A one-epoch run's rate of 1.2e-6: its axis reads 1.2e-6, not 0.0000012. */
    @Test
    void aTinyLearningRateIsLabelledInPowersOfTen() {
        showWritten("tiny-one-epoch");
        List<String> labels = lab.yLabels("lr-chart");
        assertThat(labels).hasSizeGreaterThan(2).doesNotHaveDuplicates()
                .allMatch(l -> l.matches("\\d(\\.\\d{1,3})?e-\\d"), "like 1.14e-6");
    }

    /**
     * When an epoch ends, the verdicts of the new best.ckpt take a moment to compute: meanwhile
     * the note says so, never still that no epoch has finished, beside "epoch 1 of 3".
     */
    @Test
    void whileTheNewBestCheckpointIsEvaluatedTheNoteSaysSo() throws Exception {
        showWritten("tiny-growing");
        assertThat(text("verdict-note")).contains("has not finished an epoch");
        // The server's answer held back, as a real evaluation of 10,000 digits holds it.
        browser.executeScript("const f = window.fetch; window.fetch = (u, o) =>"
                + " String(u).endsWith('/verdicts') ? new Promise(r => setTimeout(r, 4000))"
                + ".then(() => f(u, o)) : f(u, o);");
        RunFolders.write(writtenRuns.resolve("tiny-growing"), 3, 0.5);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> text("facts").contains("epoch 1 of 3"));
        assertThat(text("verdict-note")).doesNotContain("has not finished an epoch")
                .contains("evaluating");
    }

    /** 800 px wide: the matrix and the mistakes side by side, the long summary below them. */
    @Test
    void atANarrowWidthTheRunPageKeepsRoomForTheMistakes() throws Exception {
        try {
            lab.size(800, 900);
            showWritten("tiny-seed1");
            assertThat(lab.box(".card:has(#digits)").width()).isGreaterThan(300);
            assertThat(lab.box(".card:has(#digits)").top())
                    .isLessThan(lab.box(".card:has(#settings)").top());
            assertThat(lab.sidewaysOverflow()).isZero();
            lab.screenshot("lab-run-800");
        } finally {
            lab.size(1280, 800);
        }
    }

    /** tiny-seed1's epochs all end at a rate of 0.01, as a constant schedule's (s6's) do. */
    @Test
    void theLearningRateAxisOfAConstantRateLabelsEachTickDifferently() {
        showWritten("tiny-seed1");
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) browser.executeScript(
                "return Chart.getChart('lr-chart').scales.y.ticks.map(t => String(t.label));");
        assertThat(labels).hasSizeGreaterThan(2).doesNotHaveDuplicates().contains("0.01");
    }

    /**
     * As the PNG charts: a log loss axis only where the losses span a decade (tiny-seed1's 20
     * epochs: 0.2 down to 0.003); fast-seed1's three epochs (0.05 to 0.2) get a linear one, whose
     * ticks are evenly spaced, where a log axis labelled 0.06, 0.07, 0.1, 0.2.
     */
    @Test
    void theLossAxisIsLogarithmicOnlyWhenTheLossesSpanADecade() {
        showWritten("tiny-seed1");
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').options.scales.y.type"))
                .isEqualTo("logarithmic");
        assertThat(text("loss-title")).isEqualTo("Loss per epoch (log scale)");
        // Chart.js alone also labels 3 × 10^k and the top fifth of its ticks (0.06, 0.08 beside
        // 0.1), which overlap; only 1, 2 and 5 × 10^k are.
        assertThat(lab.yLabels("loss-chart")).isNotEmpty()
                .allMatch(l -> l.replaceAll("[^1-9]", "").matches("[125].*"), "1, 2 or 5 × 10^k");

        showWritten("fast-seed1");
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').options.scales.y.type"))
                .isEqualTo("linear");
        assertThat(text("loss-title")).isEqualTo("Loss per epoch");
        LabBrowser.assertEvenSteps(lab.yTicks("loss-chart"));
    }

    @Test
    void aRunInterruptedBeforeItsFirstEpochSaysWhyItHasNoMatrixAndNoCurves() throws Exception {
        showWritten(INTERRUPTED);
        assertThat(text("verdict-note")).contains(INTERRUPTED + " has no best.ckpt yet",
                "it has not finished an epoch");
        assertThat(browser.findElement(By.cssSelector(".card:has(#accuracy-chart)")).getText())
                .contains("No epoch has finished yet");
        // An accuracy above 100% means nothing, data or none.
        assertThat(((Number) browser.executeScript(
                "return Chart.getChart('accuracy-chart').scales.y.max")).doubleValue())
                .isLessThanOrEqualTo(100);
        lab.screenshot("lab-run-interrupted");
    }

    /** A loss that is not a number cannot be drawn: the page names it under the chart. */
    @Test
    void aLossThatIsNotANumberIsNamedUnderTheLossChart() {
        showWritten("fast-nan");
        assertThat(text("loss-not-drawn")).isEqualTo("Not drawn: test loss of epoch 3: NaN");
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').data.datasets[1].data.length")).isEqualTo(2L);
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').data.datasets[0].data.length")).isEqualTo(3L);
        showWritten("fast-seed1");
        assertThat(browser.findElement(By.id("loss-not-drawn")).isDisplayed()).isFalse();
    }

    /** A run page of the written runs, once it has asked for its verdicts. */
    private void showWritten(String run) {
        browser.get("http://127.0.0.1:" + written.port() + "/runs/" + run);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> text("verdict-note").contains("best.ckpt"));
    }

    @Test
    void aRunStartedFromThePageGrowsItsCurveFinishesAndShowsItsMistakes() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/runs");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(b -> !b.findElements(By.id("f-lr")).isEmpty());
        assertThat(browser.findElement(By.id("no-runs")).isDisplayed()).isTrue();
        // The form starts with the model train trains when none is named, its recipe shown.
        Select model = new Select(field("model"));
        assertThat(model.getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(Models.DEFAULT.name());
        assertThat(field("lr").getAttribute("placeholder"))
                .isEqualTo(RecipeField.LR.text(Models.DEFAULT.recipe()));
        // tiny trains in seconds.
        model.selectByValue("tiny");
        assertThat(field("lr").getAttribute("placeholder"))
                .isEqualTo(RecipeField.LR.text(Models.TINY.recipe()));

        field("lr").sendKeys("-1");
        field("epochs").sendKeys("1");
        field("limit").sendKeys("640");
        field("batch-size").sendKeys("32");
        browser.findElement(By.id("start")).click();
        wait.until(b -> !text("e-lr").isEmpty());
        assertThat(text("e-lr")).startsWith("lr: must be");
        assertThat(field("lr").getAttribute("class")).contains("invalid");

        field("lr").clear();
        browser.findElement(By.id("start")).click();
        wait.until(b -> b.findElement(By.id("live")).isDisplayed());
        // A few points of the growing curve, for the picture (or the end, on a fast machine).
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> chartPoints("live-chart",
                0) >= 4 || finished());
        Files.write(Path.of("target", "lab-runs-training.png"),
                browser.getScreenshotAs(OutputType.BYTES));
        assertThat(text("e-lr")).isEmpty();

        WebDriverWait training = new WebDriverWait(browser, Duration.ofSeconds(120));
        training.until(b -> finished());
        // The live chart: the running loss within the epoch, then the epoch's train and test loss.
        assertThat(chartPoints("live-chart", 0)).isGreaterThan(0);
        assertThat(chartPoints("live-chart", 2)).isEqualTo(1);
        // The epoch table with train's titles and numbers: the titles, then a row per epoch.
        assertThat(browser.findElement(By.cssSelector("#live-table th")).getText())
                .isEqualTo("epoch");
        assertThat(browser.findElement(By.cssSelector("#live-table td")).getText())
                .isEqualTo("1/1");
        List<WebElement> cells = browser.findElements(By.cssSelector("#runs tbody tr td"));
        assertThat(cells.get(1).getText()).isEqualTo("tiny");
        assertThat(cells.get(6).getText()).isEqualTo("1/1");
        Files.write(Path.of("target", "lab-runs.png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.cssSelector("#runs tbody a")).click();
        wait.until(b -> b.findElements(By.cssSelector("#confusion td")).size() == 100);
        assertThat(text("status")).isEqualTo("finished");
        assertThat(chartPoints("accuracy-chart", 1)).isEqualTo(1);
        assertThat(text("verdict-note")).matches("epoch 1: \\d+\\.\\d\\d% right");
        assertThat(browser.findElement(By.id("settings")).getText())
                .contains("first epoch ≥ 99.4%");
        assertThat(browser.executeScript(
                "return Chart.getChart('accuracy-chart').data.datasets[3].label"))
                .isEqualTo("99.4% target");
        wait.until(b -> imagesLoaded() == b.findElements(By.cssSelector("#digits img")).size());
        assertThat(text("cell-title")).matches("The \\d+ mistakes it was surest of");
        Files.write(Path.of("target", "lab-run.png"), browser.getScreenshotAs(OutputType.BYTES));

        // The fullest cell of the matrix: its digits, as images, one per count.
        WebElement fullest = browser.findElements(By.cssSelector("#confusion td")).stream()
                .max(java.util.Comparator.comparingInt(c -> Integer.parseInt(c.getText())))
                .orElseThrow();
        int count = Integer.parseInt(fullest.getText());
        String truth = fullest.getAttribute("data-t");
        fullest.click();
        wait.until(b -> text("cell-title").startsWith("True " + truth));
        wait.until(b -> b.findElements(By.cssSelector("#digits img")).size() == Math.min(count,
                200) && imagesLoaded() == Math.min(count, 200));
        assertThat(text("cell-title")).contains(count + " test digits");
        Files.write(Path.of("target", "lab-run-cell.png"),
                browser.getScreenshotAs(OutputType.BYTES));

        // And back to the surest mistakes, without reloading.
        browser.findElement(By.id("back-to-mistakes")).click();
        wait.until(b -> text("cell-title").matches("The \\d+ mistakes it was surest of"));
        int mistakes = Integer.parseInt(text("cell-title").replaceAll("\\D", ""));
        assertThat(browser.findElements(By.cssSelector("#digits img"))).hasSize(mistakes);
        assertThat(browser.findElements(By.cssSelector("#confusion td.selected"))).isEmpty();
        assertThat(browser.findElement(By.id("back-to-mistakes")).isDisplayed()).isFalse();
    }

    private boolean finished() {
        return !browser.findElements(By.cssSelector("#runs .status.finished")).isEmpty();
    }

    private WebElement field(String name) {
        return browser.findElement(By.id("f-" + name));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The points of a dataset of the chart drawn on canvas {@code canvasId}. */
    private long chartPoints(String canvasId, int dataset) {
        return (Long) browser.executeScript("return Chart.getChart(arguments[0]).data"
                + ".datasets[arguments[1]].data.length", canvasId, dataset);
    }

    /** The digit images that have arrived and decoded as 28 × 28 pictures. */
    private long imagesLoaded() {
        return (Long) browser.executeScript("return [...document.querySelectorAll('#digits img')]"
                + ".filter(i => i.complete && i.naturalWidth === 28).length");
    }
}
