package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.cli.BackpropLab;
import backproplab.inspect.TinyRun;
import backproplab.testing.SmallMnist;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The CNN page with two runs named as {@code train} names them, tiny and fast (fast's maps reach
 * far below the first screen), and with a runs folder of none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CnnPageRunsTest {

    /** The shared tiny run, copied under a name of train's own pattern. */
    private static final String TINY = "tiny-20261123-074543";
    /** fast, one epoch of 600 digits (a second or two): another model, taller maps. */
    private static final String FAST = "fast-20261122-101500";

    private Path root;
    private LabServer server;
    private LabBrowser lab;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-cnn-runs-");
        Path data = SmallMnist.write(root.resolve("mnist"), 600, 100);
        Path runs = Files.createDirectories(root.resolve("runs"));
        Files.createDirectories(runs.resolve(TINY));
        Files.copy(TinyRun.best(), runs.resolve(TINY).resolve("best.ckpt"));
        int code = BackpropLab.execute("train", "--model", "fast", "--epochs", "1", "--limit",
                "600", "--seed", "2", "--threads", "1", "--data-dir", data.toString(), "--out",
                runs.resolve(FAST).toString());
        assertThat(code).as("training the fast run").isZero();
        server = LabServer.start("127.0.0.1", 0, runs, data,
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
        lab = LabBrowser.start(root);
        browser = lab.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, root);
    }

    private void open(LabServer at) {
        browser.get("http://127.0.0.1:" + at.port() + "/cnn");
    }

    /** Every run's label, its accuracy included, fits the picker at a laptop's width and 820. */
    @Test
    void theRunPickerShowsEveryRunsWholeLabel() throws Exception {
        try {
            for (int[] size : new int[][] {{1280, 800}, {820, 900}}) {
                lab.size(size[0], size[1]);
                open(server);
                wait.until(b -> shown() >= 1);
                List<WebElement> options = browser.findElements(By.cssSelector("#run option"));
                assertThat(options).hasSize(2);
                for (WebElement option : options) {
                    assertThat(option.getText()).matches(".*\\d+\\.\\d\\d%.*");
                    // The width the select would take to show this option whole, against its own.
                    Number[] widths = ((List<?>) browser.executeScript("const s = document"
                            + ".getElementById('run'); const c = s.cloneNode(false);"
                            + " c.removeAttribute('id'); const f = getComputedStyle(s);"
                            + " for (const p of ['font', 'letterSpacing', 'padding', 'border',"
                            + " 'boxSizing']) { c.style[p] = f[p]; } c.style.width = 'auto';"
                            + " c.style.maxWidth = 'none'; c.style.minWidth = '0';"
                            + " c.style.position = 'absolute'; c.style.visibility = 'hidden';"
                            + " const o = document.createElement('option');"
                            + " o.textContent = arguments[0]; c.appendChild(o);"
                            + " s.parentNode.appendChild(c); const need = c.offsetWidth;"
                            + " c.remove(); return [need, s.offsetWidth];", option.getText()))
                            .toArray(Number[]::new);
                    assertThat(widths[0].doubleValue()).as("%s at %dx%d: the width it needs"
                            + " and the select's", option.getText(), size[0], size[1])
                            .isLessThanOrEqualTo(widths[1].doubleValue());
                }
                lab.screenshot("lab-cnn-picker-" + size[0]);
            }
        } finally {
            lab.size(1280, 800);
        }
    }

    /** No run: nothing to show or draw through, and the page says how to get one, at any width. */
    @Test
    void withoutARunTheControlsAreOffAndTheMessageSaysWhy() throws Exception {
        Path empty = Files.createDirectories(root.resolve("no-runs"));
        LabServer none = LabServer.start("127.0.0.1", 0, empty, root.resolve("mnist"),
                new PrintStream(PrintStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8));
        try {
            for (int[] size : new int[][] {{1280, 800}, {820, 900}, {390, 844}}) {
                lab.size(size[0], size[1]);
                open(none);
                wait.until(b -> mainText().contains("no trained runs"));
                String at = size[0] + "x" + size[1];
                for (String id : List.of("run", "test-index", "show-test", "random-test")) {
                    assertThat(browser.findElement(By.id(id)).isEnabled()).as(id + " at " + at)
                            .isFalse();
                }
                // A stroke on the pad draws nothing and asks nothing.
                new Actions(browser).moveToElement(browser.findElement(By.id("pad")))
                        .clickAndHold().moveByOffset(30, 30).release().perform();
                Number ink = (Number) browser.executeScript("const d = document"
                        + ".getElementById('pad').getContext('2d').getImageData(0, 0, 168, 168)"
                        + ".data; let dark = 0; for (let i = 0; i < d.length; i += 4) {"
                        + " if (d[i] < 128) { dark++; } } return dark;");
                assertThat(ink.longValue()).as("ink on the pad at " + at).isZero();
                assertThat(mainText()).as(at).doesNotContain("bad path").contains("no trained runs");
                // "--runs DIR" on one line, never "-" at one line's end and "-runs" on the next.
                Number lines = (Number) browser.executeScript("const w = document.createTreeWalker("
                        + "document.querySelector('main'), NodeFilter.SHOW_TEXT); let n;"
                        + " while ((n = w.nextNode())) { const i = n.data.indexOf('--runs');"
                        + " if (i >= 0) { const r = document.createRange(); r.setStart(n, i);"
                        + " r.setEnd(n, i + 6); return new Set([...r.getClientRects()]"
                        + ".map(x => Math.round(x.top))).size; } } return -1;");
                assertThat(lines.intValue()).as("lines \"--runs\" takes at " + at).isEqualTo(1);
                lab.screenshot("lab-cnn-no-runs-" + size[0]);
            }
        } finally {
            lab.size(1280, 800);
            none.close();
        }
    }

    /**
     * A drawing, then another run: the new model gets the drawing the input shows, not test
     * digit 0; and still after the pad is cleared, since the input still shows the drawing.
     */
    @Test
    void anotherRunIsShownTheDrawingOnTheInput() {
        open(server);
        wait.until(b -> shown() >= 1);
        assertThat(new Select(browser.findElement(By.id("run"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo(TINY);
        long before = shown();
        drawASeven();
        wait.until(b -> shown() > before);
        List<String> onNewer = drawingThrough(TINY);
        List<String> onOlder = drawingThrough(FAST);
        assertThat(seen()).as("the drawing through the first run").isEqualTo(onNewer);
        assertThat(onOlder).as("the two models differ on the drawing, so the test tells")
                .isNotEqualTo(onNewer);

        pick(FAST);
        assertThat(text("input-caption")).startsWith("your drawing");
        assertThat(seen()).as("the drawing through the run picked").isEqualTo(onOlder);

        browser.findElement(By.id("clear")).click();
        pick(TINY);
        assertThat(text("input-caption")).startsWith("your drawing");
        assertThat(seen()).as("the drawing the input shows, after the pad was cleared")
                .isEqualTo(onNewer);
    }

    /**
     * Scrolled down to the head, far below the pad, at a laptop's size and at 820: pointing at
     * a map still shows the input with its receptive field in view, beside the map, not over it.
     */
    @Test
    void theReceptiveFieldStaysInViewWhenTheMapsAreScrolled() throws Exception {
        try {
            for (int[] size : new int[][] {{1280, 800}, {820, 900}}) {
                lab.size(size[0], size[1]);
                open(server);
                wait.until(b -> shown() >= 1);
                pick(FAST);
                String at = size[0] + "x" + size[1];
                List<WebElement> maps = browser.findElements(By.cssSelector(".channels canvas"));
                WebElement last = maps.get(maps.size() - 1);
                // The learner scrolls until the last map is at the bottom of the window.
                browser.executeScript("arguments[0].scrollIntoView({block: 'end'});"
                        + " window.scrollBy(0, 16);", last);
                assertThat(lab.box("#pad").bottom()).as("the pad scrolled away at " + at)
                        .isLessThanOrEqualTo(0);
                new Actions(browser).moveToElement(last, 2, 2).perform();
                wait.until(b -> text("input-caption").contains("sees input rows"));
                LabBrowser.Box view = viewport();
                LabBrowser.Box map = box(last);
                // Every input with its receptive-field layer: one in view, with the box drawn.
                boolean seen = false;
                for (WebElement input : browser.findElements(By.cssSelector(".input-box"))) {
                    LabBrowser.Box b = box(input);
                    Number drawn = (Number) browser.executeScript("const c = arguments[0]"
                            + ".querySelector('canvas:last-child'); const d = c.getContext('2d')"
                            + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                            + " for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }"
                            + " return n;", input);
                    if (b.inside(view) && drawn.longValue() > 0) {
                        seen = true;
                        assertThat(b.right() <= map.left() || b.left() >= map.right()
                                || b.bottom() <= map.top() || b.top() >= map.bottom())
                                .as("the input clear of the map pointed at, at " + at).isTrue();
                    }
                }
                assertThat(seen).as("an input with its receptive field in view at " + at)
                        .isTrue();
                // And the caption that says which rows and columns, in view too.
                List<WebElement> captions = browser.findElements(
                        By.xpath("//*[contains(text(), 'sees input rows')]"));
                assertThat(captions.stream().map(this::box).anyMatch(b -> b.inside(view)))
                        .as("the receptive field's caption in view at " + at).isTrue();
                lab.screenshot("lab-cnn-scrolled-" + size[0]);
            }
        } finally {
            lab.size(1280, 800);
        }
    }

    /** The page area without its scroll bar. */
    private LabBrowser.Box viewport() {
        @SuppressWarnings("unchecked")
        List<Number> wh = (List<Number>) browser.executeScript("return ["
                + "document.documentElement.clientWidth, document.documentElement.clientHeight]");
        return new LabBrowser.Box(0, 0, wh.get(0).doubleValue(), wh.get(1).doubleValue());
    }

    private LabBrowser.Box box(WebElement element) {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) browser.executeScript(
                "const r = arguments[0].getBoundingClientRect(); return {left: r.left,"
                        + " top: r.top, right: r.right, bottom: r.bottom};", element);
        return new LabBrowser.Box(r.get("left").doubleValue(), r.get("top").doubleValue(),
                r.get("right").doubleValue(), r.get("bottom").doubleValue());
    }

    private void drawASeven() {
        WebElement pad = browser.findElement(By.id("pad"));
        new Actions(browser).moveToElement(pad, -45, -55).clickAndHold()
                .moveByOffset(30, 0).moveByOffset(30, 0).moveByOffset(30, 0)
                .moveByOffset(-15, 35).moveByOffset(-15, 35).moveByOffset(-15, 35)
                .release().perform();
    }

    /** Picks a run and waits for the page's answer through it. */
    private void pick(String run) {
        long before = shown();
        new Select(browser.findElement(By.id("run"))).selectByValue(run);
        wait.until(b -> shown() > before);
    }

    /** The probabilities shown, as the bars write them, and the prediction. */
    private List<String> seen() {
        List<String> seen = new ArrayList<>();
        for (WebElement p : browser.findElements(By.cssSelector("#bars .bar .p"))) {
            seen.add(p.getText());
        }
        seen.add(text("predicted"));
        return seen;
    }

    /** What the API answers for the pad's drawing through {@code run}, written as the bars are. */
    @SuppressWarnings("unchecked")
    private List<String> drawingThrough(String run) {
        Object answer = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const text = atob(document.getElementById('pad').toDataURL('image/png')"
                + ".split(',')[1]); const b = Uint8Array.from(text, c => c.charCodeAt(0));"
                + " fetch('/api/cnn/runs/' + arguments[0] + '/drawing', {method: 'POST',"
                + " headers: {'Content-Type': 'image/png'}, body: b}).then(r => r.json())"
                + ".then(v => done(v.probabilities.map(p => (100 * p).toFixed(1) + '%')"
                + ".concat([String(v.predicted)]))).catch(e => done(String(e)));", run);
        assertThat(answer).as("the API's answer for " + run).isInstanceOf(List.class);
        return (List<String>) answer;
    }

    private long shown() {
        // Before the page's scripts have run, there is no Lab yet.
        Object n = browser.executeScript("return typeof Lab === 'undefined' ? null"
                + " : Lab.hooks.timings?.shown");
        return n == null ? 0 : ((Number) n).longValue();
    }

    /** What the page's main part says, the page's script not included. */
    private String mainText() {
        return browser.findElement(By.tagName("main")).getText();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
