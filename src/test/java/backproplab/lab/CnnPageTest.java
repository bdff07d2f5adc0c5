package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.inspect.TinyRun;
import backproplab.model.Architecture.Layer;
import backproplab.model.Models;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The CNN page in Debian's Chromium with the shared tiny run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CnnPageTest {

    private LabServer server;
    private LabBrowser chromium;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path downloads;

    @BeforeAll
    void start() throws Exception {
        Path run = TinyRun.folder();
        server = LabServer.start("127.0.0.1", 0, run.getParent(), Path.of("data", "mnist"),
                new PrintStream(OutputStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
        downloads = Files.createTempDirectory("lab-downloads-");
        chromium = LabBrowser.start(downloads);
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        LabBrowser.deleteTree(downloads);
    }

    private void open() {
        browser.get("http://127.0.0.1:" + server.port() + "/cnn");
        wait.until(b -> shown() >= 1);
    }

    @Test
    void everyConvolutionShowsOneImagePerChannelGroupedByStage() {
        open();
        List<Layer> convolutions = Models.TINY.architecture().layers().stream()
                .filter(Layer::isConvolution).toList();
        for (int i = 0; i < convolutions.size(); i++) {
            List<WebElement> maps = browser.findElements(
                    By.cssSelector(".channels[data-conv='" + (i + 1) + "'] canvas"));
            assertThat(maps).as("conv " + (i + 1)).hasSize(convolutions.get(i).channels());
        }
        List<String> stages = browser.findElements(By.cssSelector(".stage h2")).stream()
                .map(WebElement::getText).toList();
        assertThat(stages).containsExactlyElementsOf(convolutions.stream().map(Layer::stage)
                .distinct().toList());
        assertThat(browser.findElements(By.cssSelector("#kernels canvas")))
                .hasSize(convolutions.get(0).channels());
        assertThat(browser.findElements(By.cssSelector("#bars .bar"))).hasSize(10);
    }

    @Test
    void aDigitDrawnWithTheMouseIsPredicted() {
        open();
        WebElement pad = browser.findElement(By.id("pad"));
        List<Double> times = new java.util.ArrayList<>();
        for (int stroke = 0; stroke < 4; stroke++) {
            long before = shown();
            browser.findElement(By.id("clear")).click();
            // A "7": the bar from left to right, then the stroke down to the left.
            new Actions(browser).moveToElement(pad, -45 + stroke * 3, -55).clickAndHold()
                    .moveByOffset(30, 0).moveByOffset(30, 0).moveByOffset(30, 0)
                    .moveByOffset(-15, 35).moveByOffset(-15, 35).moveByOffset(-15, 35)
                    .release().perform();
            wait.until(b -> shown() > before);
            times.add(((Number) browser.executeScript("return Lab.hooks.timings.lastMs"))
                    .doubleValue());
            System.out.println("  answer in " + browser.executeScript(
                    "return Lab.hooks.timings.answerMs") + " ms, encoded in "
                    + browser.executeScript("return Lab.hooks.timings.encodeMs"));
        }
        assertThat(text("input-caption")).startsWith("your drawing as the model sees it");
        assertThat(text("predicted")).matches("\\d");
        System.out.printf(Locale.ROOT,
                "CNN page: pen up to prediction and feature maps shown, 4 drawings:"
                + " %s ms%n", times.stream().map(t -> String.format(Locale.ROOT,
                        "%.0f", t)).toList());
        assertThat(times.get(times.size() - 1)).as("a sanity bound, not a benchmark")
                .isLessThan(5000);
        // The prepared input has ink: the drawing arrived.
        Number ink = (Number) browser.executeScript("const d = document.getElementById('input')"
                + ".getContext('2d').getImageData(0, 0, 28, 28).data; let s = 0;"
                + " for (let i = 0; i < d.length; i += 4) { s += d[i]; } return s;");
        assertThat(ink.longValue()).isPositive();
    }

    @Test
    void pointingAtALateMapDrawsItsReceptiveFieldOnTheInput() {
        open();
        List<Layer> convolutions = Models.TINY.architecture().layers().stream()
                .filter(Layer::isConvolution).toList();
        int last3x3 = 0;
        for (int i = 0; i < convolutions.size(); i++) {
            if (convolutions.get(i).kind().startsWith("3x3")) {
                last3x3 = i;
            }
        }
        Layer layer = convolutions.get(last3x3);
        WebElement map = browser.findElement(
                By.cssSelector(".channels[data-conv='" + (last3x3 + 1) + "'] canvas"));
        double side = map.getSize().getWidth();
        // The middle of output (4, 1), as an offset from the map's centre; x is the column.
        double cell = side / layer.width();
        new Actions(browser).moveToElement(map, (int) Math.round((4.5 * cell) - side / 2),
                (int) Math.round((1.5 * cell) - side / 2)).perform();
        @SuppressWarnings("unchecked")
        var rf = (java.util.Map<String, Object>) browser.executeScript(
                "return Lab.hooks.rf");
        int[] rows = layer.receptiveSpan(1);
        int[] cols = layer.receptiveSpan(4);
        assertThat(((Number) rf.get("top")).intValue()).isEqualTo(Math.max(0, rows[0]));
        assertThat(((Number) rf.get("bottom")).intValue()).isEqualTo(Math.min(27, rows[1]));
        assertThat(((Number) rf.get("left")).intValue()).isEqualTo(Math.max(0, cols[0]));
        assertThat(((Number) rf.get("right")).intValue()).isEqualTo(Math.min(27, cols[1]));
        assertThat(text("input-caption")).contains("sees input rows");

        // The pointer leaves the maps: the box goes, and its caption with it.
        new Actions(browser).moveToElement(browser.findElement(By.cssSelector("header.lab")))
                .perform();
        assertThat(text("input-caption")).startsWith("test digit #");
    }

    @Test
    void anEmptyTestIndexIsRefusedLikeAnyWrongOne() {
        open();
        long before = shown();
        browser.findElement(By.id("test-index")).clear();
        browser.findElement(By.id("show-test")).click();
        wait.until(b -> !text("error").isEmpty());
        assertThat(text("error")).contains("test digit: a whole number from 0 to");
        assertThat(shown()).isEqualTo(before);
    }

    /** 800 px wide: the kernels in a row below the digit, the feature maps on the first screen. */
    @Test
    void atANarrowWidthTheKernelsLieInARowAndTheMapsFollow() throws Exception {
        try {
            chromium.size(800, 900);
            open();
            assertThat(chromium.box(".card:has(#kernels)").width()).isGreaterThan(300);
            assertThat(chromium.box("#stages").top()).isLessThan(900);
            assertThat(chromium.sidewaysOverflow()).isZero();
            chromium.screenshot("lab-cnn-800");
        } finally {
            chromium.size(1280, 800);
        }
    }

    /** Not an assertion: the picture a person looks at (README's screenshot comes from here). */
    @Test
    void screenshotAtLaptopSize() throws Exception {
        open();
        // A digit the quickly trained model gets right, for a picture that reads plainly.
        backproplab.inspect.EvaluatedDigits firsts = backproplab.inspect.EvaluatedDigits.of(
                TinyRun.best(), 20);
        int right = 0;
        while (right < 19 && firsts.predictions()[right] != firsts.digits().label(right)) {
            right++;
        }
        browser.findElement(By.id("test-index")).clear();
        browser.findElement(By.id("test-index")).sendKeys(Integer.toString(right));
        long before = shown();
        browser.findElement(By.id("show-test")).click();
        wait.until(b -> shown() > before);
        List<WebElement> maps = browser.findElements(By.cssSelector(".channels canvas.map"));
        new Actions(browser).moveToElement(maps.get(maps.size() - 14), 3, -3).perform();
        browser.executeScript("window.scrollTo(0, 0)");
        Path png = Path.of("target", "lab-cnn.png");
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(png).isNotEmptyFile();
    }

    private long shown() {
        // Before the page's scripts have run, there is no Lab yet.
        Object n = browser.executeScript("return typeof Lab === 'undefined' ? null"
                + " : Lab.hooks.timings?.shown");
        return n == null ? 0 : ((Number) n).longValue();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
