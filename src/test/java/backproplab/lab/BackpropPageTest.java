package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.BackpropJob;
import backproplab.backprop.BackpropSettings;
import backproplab.backprop.BackpropWorkbook;
import backproplab.backprop.GradientDescent;
import backproplab.backprop.Iteration;
import backproplab.backprop.SheetColumns;
import backproplab.backprop.SheetLayout;
import backproplab.lab.backprop.BackpropForm;
import backproplab.lab.backprop.ShownNumbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The backprop page in Debian's Chromium (headless), one browser for the whole class. Chromium and
 * chromedriver are required: without them these tests fail and say how to install them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackpropPageTest {

    private LabServer server;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private LabBrowser lab;
    private Path downloads;

    @BeforeAll
    void start() throws Exception {
        server = LabServer.start("127.0.0.1", 0);
        downloads = Files.createTempDirectory("lab-downloads-");
        lab = LabBrowser.start(downloads);
        browser = lab.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        // A redraw replaces the elements a condition reads; the next poll finds the new ones.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, downloads);
    }

    @BeforeEach
    void open() {
        browser.get("http://127.0.0.1:" + server.port() + "/backprop");
        waitForDrawing();
    }

    @Test
    void iteration68AtEta1ShowsTheJavaETotal() {
        rateButton("η=1").click();
        new Actions(browser).sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT)
                .perform();
        assertThat(text("iteration-label")).isEqualTo("iteration 2 of 68");
        new Actions(browser).sendKeys(Keys.END).perform();
        assertThat(text("iteration-label")).isEqualTo("iteration 68 of 68");

        BackpropSettings d = BackpropSettings.defaults();
        List<Iteration> rows = GradientDescent.run(d.inputs(), d.targets(), d.initialWeights(), 1.0,
                68);
        assertThat(text("value-E_total"))
                .isEqualTo(ShownNumbers.format(rows.get(67).forward().eTotal()));
        // The slider, focused, steps by one too (not twice: it moves itself).
        browser.executeScript("document.getElementById('iteration-slider').focus()");
        new Actions(browser).sendKeys(Keys.ARROW_LEFT).perform();
        assertThat(text("iteration-label")).isEqualTo("iteration 67 of 68");
        new Actions(browser).sendKeys(Keys.ARROW_RIGHT).perform();
        double redraw = ((Number) browser.executeScript(
                "return Lab.hooks.timings.lastRedrawMs")).doubleValue();
        double firstDraw = ((Number) browser.executeScript(
                "return Lab.hooks.timings.firstDrawMs")).doubleValue();
        System.out.printf(Locale.ROOT,
                "lab timings: page load to first drawing %.0f ms, last redraw %.1f ms%n",
                firstDraw, redraw);
        assertThat(redraw).as("a sanity bound, not a benchmark").isLessThan(1000);
    }

    @Test
    void clickingAWeightWritesOutItsChainRuleWithTheJavaNumbers() {
        rateButton("η=0.5").click();
        browser.findElement(By.id("next")).click();
        browser.findElement(By.id("next")).click();
        browser.findElement(By.id("weight-w1")).click();
        BackpropSettings d = BackpropSettings.defaults();
        Iteration third = GradientDescent.run(d.inputs(), d.targets(), d.initialWeights(), 0.5, 3)
                .get(2);
        String chain = text("chain");
        assertThat(chain).contains("w1 at iteration 3, η=0.5",
                "∂E/∂w1 = (∂E1/∂a_h1 + ∂E2/∂a_h1) · a_h1(1 − a_h1) · i1",
                "= " + ShownNumbers.format(third.gradients().dW1()),
                ShownNumbers.format(third.forward().aH1()));
        browser.findElement(By.id("weight-w6")).click();
        assertThat(text("chain")).contains("∂E/∂w6", "(a_o1 − t1) · a_o1(1 − a_o1) · a_h2",
                "= " + ShownNumbers.format(third.gradients().dW6()));
    }

    @Test
    void aBadWeightIsNamedBesideItsField() {
        String before = text("value-E_total");
        WebElement w3 = browser.findElement(By.id("field-w3"));
        w3.clear();
        w3.sendKeys("0.2.5", Keys.TAB);
        // clear() itself sends a change (an empty field, refused too): wait for the typed one.
        wait.until(b -> text("error-w3").contains("0.2.5"));
        assertThat(text("error-w3")).contains("w3", "0.2.5", "not a number");
        assertThat(w3.getAttribute("class")).contains("invalid");
        assertThat(text("value-E_total")).isEqualTo(before);

        w3.clear();
        w3.sendKeys("0.35", Keys.TAB);
        BackpropSettings s = BackpropForm.read(Map.of("w3", "0.35"));
        String expected = ShownNumbers.format(GradientDescent.run(s.inputs(), s.targets(),
                s.initialWeights(), 1.0, 1).get(0).forward().eTotal());
        wait.until(b -> text("value-E_total").equals(expected));
        assertThat(text("error-w3")).isEmpty();
    }

    /** A second wrong field does not hide the first one's message. */
    @Test
    void everyFieldThatIsNoNumberIsNamedAtOnce() throws Exception {
        WebElement w3 = browser.findElement(By.id("field-w3"));
        w3.clear();
        w3.sendKeys("0.2.5", Keys.TAB);
        wait.until(b -> text("error-w3").contains("0.2.5"));
        WebElement iterations = browser.findElement(By.id("field-iterations"));
        iterations.clear();
        iterations.sendKeys("many", Keys.TAB);
        wait.until(b -> text("error-iterations").contains("many"));
        assertThat(text("error-w3")).isEqualTo("w3: '0.2.5' is not a number");
        assertThat(text("error-iterations")).isEqualTo("iterations: 'many' is not a whole number");
        Files.write(Path.of("target", "lab-backprop-errors.png"),
                browser.getScreenshotAs(OutputType.BYTES));
    }

    /** "0,5" would travel as the rates 0 and 5: the page says what to type instead. */
    @Test
    void aDecimalCommaIsExplained() {
        List<String> before = rateButtons();
        browser.findElement(By.id("eta-other")).sendKeys("0,5", Keys.ENTER);
        wait.until(b -> !text("error-rates").isEmpty());
        assertThat(text("error-rates"))
                .isEqualTo("η: one rate, with a decimal point (0.5, not 0,5)");
        assertThat(rateButtons()).isEqualTo(before);
    }

    /** The command line's words ("trainBiases: needs --biases b1,b2") put as the page's. */
    @Test
    void trainingBiasesWithoutBiasesIsRefusedInThePagesWords() {
        browser.findElement(By.id("field-trainBiases")).click();
        wait.until(b -> !text("error-trainBiases").isEmpty());
        assertThat(text("error-trainBiases"))
                .isEqualTo("train the biases too: needs b1 and b2 to train");
    }

    @Test
    void anotherEtaJoinsTheSweep() {
        WebElement other = browser.findElement(By.id("eta-other"));
        other.sendKeys("0.3", Keys.ENTER);
        wait.until(b -> rateButtons().contains("0.3"));
        assertThat(browser.findElement(By.cssSelector("#rates button.on")).getText())
                .isEqualTo("0.3");
        browser.findElement(By.id("last")).click();
        BackpropSettings d = BackpropSettings.defaults();
        assertThat(text("value-E_total")).isEqualTo(ShownNumbers.format(GradientDescent.run(
                d.inputs(), d.targets(), d.initialWeights(), 0.3, 68).get(67).forward().eTotal()));

        // A second rate joins the first, it does not replace it.
        other.sendKeys("5", Keys.ENTER);
        wait.until(b -> rateButtons().contains("5"));
        assertThat(rateButtons()).containsExactly("0.1", "0.2", "0.5", "0.8", "1", "2", "0.3", "5");

        other.clear();
        other.sendKeys("-1", Keys.ENTER);
        wait.until(b -> !text("error-rates").isEmpty());
        assertThat(text("error-rates")).contains("η", "must be > 0");
        // A refused rate is not kept: the next one joins the eight.
        other.clear();
        other.sendKeys("0.05", Keys.ENTER);
        wait.until(b -> rateButtons().contains("0.05"));
        assertThat(rateButtons()).hasSize(9).contains("0.3", "5");
        assertThat(text("error-rates")).isEmpty();

        other.sendKeys("3", Keys.ENTER);
        wait.until(b -> rateButtons().contains("3"));
        assertThat(text("rates-hint")).contains("10 rates, the most");
        other.sendKeys("4", Keys.ENTER);
        wait.until(b -> !text("error-rates").isEmpty());
        assertThat(text("error-rates")).contains("at most 10 learning rates");
        assertThat(rateButtons()).hasSize(10);
    }

    /** Published values of "A Step by Step Backpropagation Example" (Matt Mazur). */
    @Test
    void mazursExampleShowsThePublishedETotal() throws Exception {
        browser.findElement(By.id("example-1")).click();
        wait.until(b -> !browser.findElements(By.id("weight-b1")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#rates button.on")).getText())
                .isEqualTo("0.5");
        assertThat(text("iteration-label")).isEqualTo("iteration 1 of 68");
        assertThat(text("value-E_total")).isEqualTo("0.298371109");
        assertThat(browser.findElement(By.id("weight-b1")).getText()).contains("b1 = 0.35",
                "fixed");
        browser.findElement(By.id("weight-b2")).click();
        assertThat(text("chain")).contains("∂E/∂b2 = ∂E/∂o1 + ∂E/∂o2", "kept fixed");
        new Actions(browser).sendKeys(Keys.ARROW_RIGHT).perform();
        assertThat(text("value-E_total")).isEqualTo("0.291027774");
        Files.write(Path.of("target", "lab-backprop-mazur.png"),
                browser.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Every value at every iteration and η stays inside its box, clear of the border, and no two
     * boxes overlap: the course's network, Mazur's, and inputs and targets as long as the lab
     * writes a number ("-1.23456789e-300").
     */
    @Test
    void everyValueStaysInsideItsBoxAtEveryIterationAndRate() {
        List<String> problems = new java.util.ArrayList<>(boxProblems());
        browser.findElement(By.id("example-1")).click();
        wait.until(b -> !browser.findElements(By.id("weight-b1")).isEmpty());
        problems.addAll(boxProblems());
        for (String[] field : new String[][] {{"i1", "-1.23456789e-300"},
                {"i2", "-9.87654321e-299"}, {"t1", "-5.55555555e-222"}, {"t2", "7.77777777e+100"},
                {"iterations", "3"}}) {
            WebElement input = browser.findElement(By.id("field-" + field[0]));
            input.clear();
            input.sendKeys(field[1], Keys.TAB);
        }
        wait.until(b -> text("iteration-label").endsWith("of 3") && text("value-t2")
                .startsWith("t2 = 7.77777777e100"));
        problems.addAll(boxProblems());
        assertThat(problems).isEmpty();
    }

    /** Draws every iteration of every rate and measures the boxes in the drawing's own units. */
    @SuppressWarnings("unchecked")
    private List<String> boxProblems() {
        return (List<String>) browser.executeScript("""
                const problems = [];
                const margin = 4;
                const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
                  && a.y < b.y + b.height && b.y < a.y + a.height;
                for (let r = 0; r < state.sweep.runs.length; r++) {
                  for (let k = 1; k <= state.sweep.iterations; k++) {
                    state.run = r; state.k = k; render();
                    const at = `${state.sweep.runs[r].label} iteration ${k}`;
                    const boxes = [...document.querySelectorAll('#network g[id^="node-"],'
                      + ' #network g.weight')];
                    const rects = boxes.map(g => g.querySelector('rect').getBBox());
                    boxes.forEach((g, i) => {
                      const b = rects[i];
                      for (const t of g.querySelectorAll('text')) {
                        const tb = t.getBBox();
                        if (tb.x < b.x + margin || tb.x + tb.width > b.x + b.width - margin) {
                          problems.push(`${at}: '${t.textContent}' (${tb.width.toFixed(1)} wide)`
                            + ` in a box ${b.width.toFixed(1)} wide`);
                        }
                      }
                      for (let j = 0; j < i; j++) {
                        if (overlap(b, rects[j])) {
                          problems.push(`${at}: ${g.id} overlaps ${boxes[j].id}`);
                        }
                      }
                    });
                  }
                }
                return [...new Set(problems)].slice(0, 20);
                """);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChartTogglesBetweenLogAndLinear() {
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').options.scales.y.type"))
                .isEqualTo("logarithmic");
        // Log: 1 and 5 times a power of ten, no trailing zeros (not "0.010000").
        assertThat(lab.yLabels("loss-chart")).isNotEmpty()
                .allMatch(l -> l.matches("0\\.0*[15]|[15](e-\\d+)?"), "short");
        browser.findElement(By.id("scale-linear")).click();
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').options.scales.y.type")).isEqualTo("linear");
        // Linear: evenly spaced ticks (not 0.016, 0.010, 0.002, 0).
        LabBrowser.assertEvenSteps(lab.yTicks("loss-chart"));
        assertThat(browser.executeScript(
                "return Chart.getChart('loss-chart').data.datasets.length")).isEqualTo(6L);
    }

    @Test
    void theDownloadIsTheWorkbookOfTheValuesOnThePage() throws Exception {
        WebElement t1 = browser.findElement(By.id("field-t1"));
        t1.clear();
        t1.sendKeys("0.01", Keys.TAB);
        // A short sweep keeps the workbook (formulas evaluated by POI) quick to build.
        WebElement iterations = browser.findElement(By.id("field-iterations"));
        iterations.clear();
        iterations.sendKeys("12", Keys.TAB);
        wait.until(b -> browser.findElement(By.id("download")).getAttribute("href")
                .contains("iterations=12"));
        assertThat(browser.findElement(By.id("download")).getAttribute("href")).contains("t1=0.01");
        browser.findElement(By.id("download")).click();
        Path file = downloads.resolve(BackpropJob.WORKBOOK);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> Files.exists(file));
        BackpropSettings s = BackpropForm.read(Map.of("t1", "0.01"));
        double expected = GradientDescent.run(s.inputs(), s.targets(), s.initialWeights(), 2.0, 12)
                .get(11).forward().eTotal();
        try (Workbook wb = WorkbookFactory.create(file.toFile(), null, true)) {
            double cell = wb.getSheet(BackpropWorkbook.sheetName(2.0))
                    .getRow(BackpropWorkbook.FIRST_ROW + 11)
                    .getCell(SheetLayout.of(s).index(SheetColumns.E_TOTAL))
                    .getNumericCellValue();
            assertThat(cell).isCloseTo(expected,
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    /** 800 px wide: the cards below the network in two columns, the chart as wide as one. */
    @Test
    void atANarrowWidthTheChartKeepsItsRoomAndNothingScrollsSideways() throws Exception {
        try {
            lab.size(800, 900);
            browser.navigate().refresh();
            waitForDrawing();
            assertThat(lab.box("#loss-chart").width()).isGreaterThan(300);
            assertThat(lab.box("header.lab .brand").height()).as("the name on one line")
                    .isLessThan(30);
            assertThat(lab.sidewaysOverflow()).isZero();
            // The diagram keeps its numbers legible and scrolls within its card instead.
            double weightFont = ((Number) browser.executeScript("""
                    const svg = document.getElementById('network');
                    const text = svg.querySelector('.weight text:not(.name)');
                    return parseFloat(getComputedStyle(text).fontSize)
                        * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                    """)).doubleValue();
            assertThat(weightFont).as("a gradient's font size on screen, px")
                    .isGreaterThanOrEqualTo(10);
            assertThat(lab.box(".network-scroll").right()).isLessThanOrEqualTo(800);
            lab.screenshot("lab-backprop-800");
        } finally {
            lab.size(1280, 800);
        }
    }

    /** The review's: at 390 px each rate added widened the page until it scrolled sideways. */
    @Test
    void ratesAddedOnAPhoneWrapInsteadOfWideningThePage() throws Exception {
        try {
            lab.size(390, 844);
            browser.navigate().refresh();
            waitForDrawing();
            WebElement other = browser.findElement(By.id("eta-other"));
            for (String eta : List.of("0.05", "0.003", "0.25", "12")) {
                other.clear();
                other.sendKeys(eta, Keys.ENTER);
                wait.until(b -> rateButtons().contains(eta));
            }
            assertThat(lab.sidewaysOverflow()).isZero();
            lab.screenshot("lab-backprop-390-rates");
        } finally {
            lab.size(1280, 800);
        }
    }

    /** Each page names its icon, so the browser asks for no /favicon.ico and logs no 404. */
    @Test
    void everyPageHasAnIconThatIsServed() {
        for (String page : List.of("/backprop", "/runs", "/runs/any-run", "/cnn")) {
            browser.get("http://127.0.0.1:" + server.port() + page);
            Object icon = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const link = document.querySelector('link[rel=icon]');
                    if (!link) { done('no icon link'); return; }
                    fetch(link.href).then(r => done(r.status + ' ' \
                    + r.headers.get('content-type')));
                    """);
            assertThat(icon).as(page).isEqualTo("200 image/svg+xml");
        }
        Object plain = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/favicon.ico').then(r => done(r.status));");
        assertThat(((Number) plain).intValue()).isEqualTo(200);
    }

    /** Not an assertion: the picture a person looks at (README's screenshot comes from here). */
    @Test
    void screenshotAtLaptopSize() throws Exception {
        rateButton("η=1").click();
        for (int k = 1; k < 10; k++) {
            browser.findElement(By.id("next")).click();
        }
        browser.findElement(By.id("weight-w1")).click();
        Path png = Path.of("target", "lab-backprop.png");
        Files.createDirectories(png.getParent());
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    private void waitForDrawing() {
        wait.until(b -> b.findElements(By.id("value-E_total")).size() == 1);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private WebElement rateButton(String label) {
        return browser.findElement(By.cssSelector("#rates button[data-eta='" + label + "']"));
    }

    /** Read in one script call: the page may rebuild the buttons between two WebDriver calls. */
    @SuppressWarnings("unchecked")
    private List<String> rateButtons() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#rates button')].map(b => b.textContent)");
    }
}
