package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the pages say about a run while it trains, and once it no longer does: a message about a
 * state (another run training, a stop on its way) goes when that state is over; the live epoch
 * table keeps each epoch on one line and shows every column.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsPageMessagesTest {

    /**
     * The epoch table on the page: how many rows it has, how many of them take more than one
     * line, and by how many pixels it is wider than its box (which would scroll sideways).
     */
    private static final String TABLE = "const rows = [...document.querySelectorAll("
            + "'#live-table tbody tr')]; const box = document.getElementById('live-table-box');"
            + " return [rows.length, rows.filter(tr => [...tr.cells].some(td => {"
            + " const r = document.createRange(); r.selectNodeContents(td);"
            + " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size > 1;"
            + " })).length, box.scrollWidth - box.clientWidth];";

    private final HttpClient http = HttpClient.newHttpClient();
    private Path root;
    private LabServer server;
    private LabBrowser lab;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("lab-runs-messages-");
        server = SmallLab.start(root);
        lab = LabBrowser.start(root);
        browser = lab.driver();
    }

    @AfterAll
    void stop() throws Exception {
        LabBrowser.closeAll(lab, server, root);
    }

    /** Each stale message is reported, not only the first: the run goes on through all three. */
    @Test
    void aMessageAboutATrainingRunGoesWhenItStopsTraining() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        browser.get(url("/runs"));
        wait(10).until(b -> !b.findElements(By.id("f-lr")).isEmpty());
        // tiny on 640 images in batches of 8: 80 steps an epoch of 40, time enough to stop it
        // anywhere.
        new Select(browser.findElement(By.id("f-model"))).selectByValue("tiny");
        browser.findElement(By.id("f-epochs")).sendKeys("40");
        browser.findElement(By.id("f-batch-size")).sendKeys("8");
        browser.findElement(By.id("f-limit")).sendKeys("640");
        browser.findElement(By.id("start")).click();
        wait(10).until(b -> text("train-message").startsWith("started "));
        String run = text("train-message").substring("started ".length());

        // A second Start while it trains: refused, for as long as it trains.
        browser.findElement(By.id("start")).click();
        wait(10).until(b -> text("train-message").contains("already training"));
        wait(120).until(b -> doneIn(run) >= 1);
        assertThat(text("train-message")).contains("already training", run);
        post("/api/runs/" + run + "/stop");
        wait(60).until(b -> statusOf(run).equals("interrupted"));
        softly.assertThat(text("train-message")).as("the refusal once the run has stopped")
                .isEmpty();

        // The live epoch table: each epoch on one line, every column in view without scrolling
        // sideways, at a laptop's width and a narrow one.
        for (int[] size : new int[][] {{1280, 800}, {820, 900}}) {
            lab.size(size[0], size[1]);
            @SuppressWarnings("unchecked")
            List<Long> table = (List<Long>) browser.executeScript(TABLE);
            assertThat(table.get(0)).isGreaterThanOrEqualTo(1);
            softly.assertThat(table.get(1)).as("rows over two lines at %dx%d", size[0], size[1])
                    .isZero();
            softly.assertThat(table.get(2)).as("pixels hidden sideways at %dx%d", size[0],
                    size[1]).isLessThanOrEqualTo(0);
            softly.assertThat(lab.box("#live-table-box").inside(lab.box(".card:has(#live)")))
                    .isTrue();
            softly.assertThat(lab.sidewaysOverflow()).isZero();
            lab.screenshot("lab-runs-live-lines-" + size[0]);
        }
        lab.size(1280, 800);

        // Resumed here and stopped: "stopping..." goes once it has.
        browser.findElement(By.cssSelector("#runs button[data-resume='" + run + "']")).click();
        wait(10).until(b -> statusOf(run).equals("running"));
        wait(10).until(b -> b.findElement(By.id("stop")).isEnabled());
        browser.findElement(By.id("stop")).click();
        // Shown until the run has stopped, which may be within the moment it takes to look.
        wait(10).until(b -> text("train-message").startsWith("stopping")
                || statusOf(run).equals("interrupted"));
        wait(60).until(b -> statusOf(run).equals("interrupted"));
        softly.assertThat(text("train-message")).as("stopping, once stopped").isEmpty();
        lab.screenshot("lab-runs-after-stop");

        // The same on the run's page: no "stopping" beside Resume.
        browser.get(url("/runs/" + run));
        wait(10).until(b -> b.findElement(By.id("resume")).isDisplayed());
        browser.findElement(By.id("resume")).click();
        wait(30).until(b -> b.findElement(By.id("stop")).isDisplayed());
        browser.findElement(By.id("stop")).click();
        wait(10).until(b -> text("message").startsWith("stopping")
                || b.findElement(By.id("resume")).isDisplayed());
        wait(60).until(b -> b.findElement(By.id("resume")).isDisplayed());
        assertThat(text("status")).isEqualTo("interrupted");
        softly.assertThat(text("message")).as("stopping, beside Resume").isEmpty();
        lab.screenshot("lab-run-after-stop");
        softly.assertAll();
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The status the runs table shows for {@code run}, "" before its row. */
    private String statusOf(String run) {
        return (String) browser.executeScript("const s = document.querySelector("
                + "`#runs tr[data-run='${arguments[0]}'] .status`); return s ? s.textContent : ''",
                run);
    }

    /** The epochs the runs table says {@code run} has finished. */
    private int doneIn(String run) {
        return ((Number) browser.executeScript("const c = document.querySelector("
                + "`#runs tr[data-run='${arguments[0]}'] td:nth-child(7)`);"
                + " return c ? parseInt(c.textContent) || 0 : 0", run)).intValue();
    }

    private void post(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
