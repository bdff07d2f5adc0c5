package backproplab.lab;

import static backproplab.lab.LabHttp.json;
import static backproplab.lab.LabHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import backproplab.model.Models;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The recipe cards' API over HTTP: the grid as PNG, wrong fields named, no run made. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipeToolsApiTest {

    private Path root;
    private LabServer server;

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("lab-recipe-api-");
        server = SmallLab.start(root);
    }

    @AfterAll
    void stop() throws IOException {
        LabBrowser.closeAll(null, server, root);
    }

    private BufferedImage png(String body) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/augment"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("image/png"));
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    @Test
    void theGridComesAsAPngWithARowPerDigit() throws Exception {
        BufferedImage ten = png("{\"model\": \"s6\", \"rotation\": \"15\"}");
        BufferedImage two = png("{\"model\": \"s6\", \"labels\": \"4,9\", \"digits\": \"2\"}");
        assertThat(ten.getWidth()).isEqualTo(two.getWidth());
        assertThat(ten.getHeight()).isGreaterThan(4 * two.getHeight());
        // The design page's file as typed, unsaved: its own recipe lines count.
        JsonObject body = new JsonObject();
        body.addProperty("model", "s6.txt");
        String text = Models.S6.text();
        body.addProperty("text", text.contains("--rotation ")
                ? text.replaceFirst("--rotation [^ \n]+", "--rotation 30")
                : text + "\n--rotation 30\n");
        body.addProperty("digits", "2");
        BufferedImage typed = png(body.toString());
        assertThat(pixels(typed)).isEqualTo(pixels(png(
                "{\"model\": \"s6\", \"rotation\": \"30\", \"digits\": \"2\"}")));
        assertThat(pixels(typed)).isNotEqualTo(pixels(png(
                "{\"model\": \"s6\", \"digits\": \"2\"}")));
        assertThat(typed.getHeight()).isEqualTo(two.getHeight());
        try (var runs = Files.list(root.resolve("runs"))) {
            assertThat(runs).isEmpty();
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void wrongFieldsAreNamed() throws Exception {
        for (String[] c : new String[][] {
            {"/api/augment", "{\"rotation\": \"500\"}", "rotation"},
            {"/api/augment", "{\"labels\": \"4,x\"}", "labels"},
            {"/api/augment", "{\"digits\": \"99\"}", "digits"},
            {"/api/lr-find", "{\"steps\": \"5\"}", "steps"},
            {"/api/lr-find", "{\"start\": \"1\", \"end\": \"0.1\"}", "end"},
        }) {
            JsonObject answer = json(send(server, "POST", c[0], c[1], "application/json"), 400);
            assertThat(answer.toString()).as(c[1]).contains("\"field\":\"" + c[2] + "\"");
        }
        assertThat(json(send(server, "GET", "/api/lr-find", null, null), 200)
                .get("state").getAsString()).isIn("none", "running", "done", "failed");
    }
}
