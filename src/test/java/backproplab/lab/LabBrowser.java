package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import backproplab.testing.ExternalTools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Chromium (or Chrome), headless, for the lab's page tests: a fresh profile, a laptop's 1280 × 800
 * page area, downloads into a folder of the test's. Without Chromium and its chromedriver on the
 * PATH the tests are skipped, and say so (.ci/run installs Debian's).
 */
final class LabBrowser implements AutoCloseable {

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    private final ChromeDriver driver;
    private final Path profile;

    private LabBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static LabBrowser start(Path downloads) throws IOException {
        // Debian's Chromium is newer than Selenium's DevTools bindings; the WebDriver protocol the
        // tests use does not care, so the warning about it is noise.
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Path chromium = ExternalTools.chromium();
        Path chromedriver = ExternalTools.chromedriver();
        Path profile = Files.createTempDirectory("lab-chromium-");
        ChromeOptions options = new ChromeOptions();
        // Both paths given, so Selenium Manager never runs and nothing is downloaded.
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1280,800", "--force-device-scale-factor=1");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        LabBrowser browser = new LabBrowser(new ChromeDriver(service, options), profile);
        browser.size(1280, 800);
        return browser;
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * A page area of width × height CSS pixels (a laptop's is 1280 × 800), whatever the frame
     * takes.
     */
    void size(int width, int height) {
        long frameWidth = (Long) driver.executeScript(
                "return window.outerWidth - window.innerWidth");
        long frameHeight = (Long) driver.executeScript(
                "return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(width + (int) frameWidth,
                height + (int) frameHeight));
        // A page settles a frame or more after a resize (Chart.js redraws its canvases from a
        // ResizeObserver): measured at once, one CI run saw the page 15 px wider than the window
        // at 390 px. Measured as a person sees it: once the page's width has held for two
        // animation frames (a second at most).
        driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " let last = -1, same = 0, frames = 0;"
                + " const tick = () => { const w = document.documentElement.scrollWidth;"
                + " same = w === last ? same + 1 : 0; last = w;"
                + " if (same >= 2 || ++frames > 60) done(); else requestAnimationFrame(tick); };"
                + " requestAnimationFrame(tick);");
    }

    /** What the page area shows now, as target/NAME.png: the pictures a person looks at. */
    Path screenshot(String name) throws IOException {
        Path png = Files.createDirectories(Path.of("target")).resolve(name + ".png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png;
    }

    /** The values of the y ticks of the Chart.js chart drawn on canvas {@code canvasId}. */
    @SuppressWarnings("unchecked")
    List<Number> yTicks(String canvasId) {
        return (List<Number>) driver.executeScript("return Chart.getChart(arguments[0])"
                + ".scales.y.ticks.map(t => t.value)", canvasId);
    }

    /** The non-empty labels of those ticks. */
    @SuppressWarnings("unchecked")
    List<String> yLabels(String canvasId) {
        return (List<String>) driver.executeScript("return Chart.getChart(arguments[0])"
                + ".scales.y.ticks.map(t => String(t.label)).filter(l => l !== '')", canvasId);
    }

    /** More than two ticks, each the same step from the one before (a linear axis read evenly). */
    static void assertEvenSteps(List<Number> ticks) {
        assertThat(ticks).hasSizeGreaterThan(2);
        double step = ticks.get(1).doubleValue() - ticks.get(0).doubleValue();
        for (int i = 2; i < ticks.size(); i++) {
            assertThat(ticks.get(i).doubleValue() - ticks.get(i - 1).doubleValue())
                    .as("step %d of %s", i, ticks).isCloseTo(step, offset(Math.abs(step) * 1e-6));
        }
    }

    /** By how many CSS pixels the page is wider than its area: 0 unless it scrolls sideways. */
    long sidewaysOverflow() {
        return (Long) driver.executeScript("return Math.max(0, Math.ceil("
                + "document.documentElement.scrollWidth - window.innerWidth))");
    }

    /** The first element that matches {@code css}: its box in the page area, in CSS pixels. */
    Box box(String css) {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) driver.executeScript("const r = document"
                + ".querySelector(arguments[0]).getBoundingClientRect(); return {left: r.left,"
                + " top: r.top, right: r.right, bottom: r.bottom};", css);
        return new Box(r.get("left").doubleValue(), r.get("top").doubleValue(),
                r.get("right").doubleValue(), r.get("bottom").doubleValue());
    }

    /** An element's box; {@code inside} allows half a pixel of rounding. */
    record Box(double left, double top, double right, double bottom) {
        double width() {
            return right - left;
        }

        double height() {
            return bottom - top;
        }

        boolean inside(Box outer) {
            return left >= outer.left - 0.5 && right <= outer.right + 0.5
                    && top >= outer.top - 0.5 && bottom <= outer.bottom + 0.5;
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        deleteTree(profile);
    }

    /** The end of a page test: the browser, then the server, then the test's own folder. */
    static void closeAll(LabBrowser browser, LabServer server, Path dir) throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
