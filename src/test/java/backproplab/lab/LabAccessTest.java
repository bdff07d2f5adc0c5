package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backproplab.InvalidInputException;
import backproplab.lab.backprop.BackpropApi;
import backproplab.lab.cnn.CnnApi;
import backproplab.lab.http.AccessToken;
import backproplab.lab.http.LabLimits;
import backproplab.lab.http.LabOptions;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use a lab and how much at once, over real HTTP: the token of a lab beyond this
 * machine, --read-only, and the limits on bodies, predictions and event streams.
 */
@Timeout(60)
class LabAccessTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theRuleOfServeChoosesWhenATokenIsAsked() {
        assertThat(AccessToken.forServing("127.0.0.1", null, false).required()).isFalse();
        assertThat(AccessToken.forServing("localhost", null, false).required()).isFalse();
        AccessToken a = AccessToken.forServing("0.0.0.0", null, false);
        AccessToken b = AccessToken.forServing("192.168.1.20", null, false);
        assertThat(a.required()).isTrue();
        assertThat(b.required()).isTrue();
        assertThat(a.query()).matches("\\?token=[A-Za-z0-9_-]{32}").isNotEqualTo(b.query());
        assertThat(AccessToken.forServing("0.0.0.0", null, true).required()).isFalse();
        // Chosen, it is asked for on this machine too.
        assertThat(AccessToken.forServing("127.0.0.1", "class-2025", false).query())
                .isEqualTo("?token=class-2025");
        assertThatThrownBy(() -> AccessToken.forServing("0.0.0.0", "class-2025", true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--no-token");
        for (String bad : new String[] {"short", "has space1", "slash/and?x=1", ""}) {
            assertThatThrownBy(() -> AccessToken.forServing("0.0.0.0", bad, false)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--token: ");
        }
    }

    /** On every address (as a class reaches it), reached through 127.0.0.1: any Host is taken. */
    @Test
    void beyondThisMachineEveryPageAndCallWantsTheTokenThenItsCookie() throws Exception {
        try (LabServer lab = start("0.0.0.0", new LabOptions(AccessToken.forServing("0.0.0.0",
                null, false), false, LabLimits.DEFAULT))) {
            String token = lab.uri("127.0.0.1").getQuery().substring("token=".length());
            String cookie = "backprop-lab-token-" + lab.port();

            HttpResponse<String> none = get(lab, "/api/backprop/defaults", null);
            assertThat(none.statusCode()).isEqualTo(403);
            assertThat(error(none)).isEqualTo("refused: this lab asks for its token: open the"
                    + " address serve printed, with ?token=…");
            HttpResponse<String> page = get(lab, "/runs", null);
            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(page.body().strip().lines()).hasSize(1);
            assertThat(page.body()).contains("?token=").doesNotContain("<html");
            assertThat(get(lab, "/api/events", null).statusCode()).isEqualTo(403);
            HttpResponse<String> wrong = get(lab, "/runs?token=" + token.substring(1) + "x", null);
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).startsWith("refused: wrong token");
            assertThat(get(lab, "/runs", cookie + "=" + token + "x").statusCode()).isEqualTo(403);
            // A cookie of another lab on another port of this machine is not this one's.
            assertThat(get(lab, "/runs", "backprop-lab-token-1=" + token).statusCode())
                    .isEqualTo(403);

            // The printed address: the cookie is set, and the page goes on without the token.
            HttpResponse<String> visit = get(lab, "/runs?token=" + token, null);
            assertThat(visit.statusCode()).isEqualTo(200);
            String setCookie = visit.headers().firstValue("Set-Cookie").orElse("");
            assertThat(setCookie).startsWith(cookie + "=" + token + ";")
                    .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                    .contains("Path=/");
            assertThat(visit.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(visit.body()).contains("location.replace(\"/runs\")")
                    .doesNotContain(token);

            HttpResponse<String> kept = get(lab, "/runs", cookie + "=" + token);
            assertThat(kept.statusCode()).isEqualTo(200);
            assertThat(kept.body()).contains("<title>Runs");
            assertThat(get(lab, "/api/runs", "other=1; " + cookie + "=" + token).statusCode())
                    .isEqualTo(200);
            // A script may give it on each call instead; a POST too.
            assertThat(get(lab, "/api/backprop/defaults?token=" + token, null).statusCode())
                    .isEqualTo(200);
            assertThat(post(lab, BackpropApi.SWEEP + "?token=" + token, "{}", "application/json")
                    .statusCode()).isEqualTo(200);
            // The jar's own styles and scripts are the same for everyone: open.
            assertThat(get(lab, "/static/lab.css", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onThisMachineNoTokenIsAskedUnlessOneWasChosen() throws Exception {
        try (LabServer open = start("127.0.0.1", LabOptions.DEFAULT)) {
            assertThat(open.uri("127.0.0.1").getQuery()).isNull();
            assertThat(get(open, "/api/backprop/defaults", null).statusCode()).isEqualTo(200);
        }
        try (LabServer chosen = start("127.0.0.1", new LabOptions(AccessToken.forServing(
                "127.0.0.1", "our-secret", false), false, LabLimits.DEFAULT))) {
            assertThat(chosen.uri("127.0.0.1").toString()).endsWith("/?token=our-secret");
            assertThat(get(chosen, "/api/backprop/defaults", null).statusCode()).isEqualTo(403);
            assertThat(get(chosen, "/api/backprop/defaults?token=our-secret", null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void readOnlyRefusesEveryWriteButComputesAndMarksItsPages() throws Exception {
        try (LabServer lab = start("127.0.0.1", new LabOptions(AccessToken.NONE, true,
                LabLimits.DEFAULT))) {
            for (String route : new String[] {"POST /api/train", "POST /api/runs/some-run/stop",
                "POST /api/runs/some-run/resume", "PUT /api/runs/some-run/notes",
                "PUT /api/models/my-net.txt", "POST /api/report"}) {
                String[] parts = route.split(" ");
                HttpResponse<String> refused = LabHttp.send(lab, parts[0], parts[1],
                        "{\"text\": \"x\"}", "application/json");
                assertThat(refused.statusCode()).as(route).isEqualTo(403);
                assertThat(error(refused)).as(route)
                        .isEqualTo("read-only: this lab was started with --read-only");
            }
            // Pure computations: nothing kept, on disk or in the server.
            assertThat(post(lab, BackpropApi.SWEEP, "{}", "application/json").statusCode())
                    .isEqualTo(200);
            assertThat(post(lab, "/api/design", "{\"text\": \"conv 3x3 8\"}",
                    "application/json").statusCode()).isNotEqualTo(403);
            HttpResponse<String> drawing = post(lab, CnnApi.RUNS + "/no-such-run/drawing",
                    "not a picture", "image/png");
            assertThat(drawing.statusCode()).isNotEqualTo(403);
            assertThat(get(lab, "/runs", null).body()).startsWith("<!DOCTYPE html>\n"
                    + "<html data-read-only lang=\"en\">");
            assertThat(get(lab, "/api/runs", null).statusCode()).isEqualTo(200);
        }
        try (LabServer writable = start("127.0.0.1", LabOptions.DEFAULT)) {
            assertThat(get(writable, "/runs", null).body()).contains("<html lang=\"en\">")
                    .doesNotContain("<html data-read-only");
            assertThat(post(writable, "/api/runs/some-run/stop", "{}", "application/json")
                    .statusCode()).isEqualTo(404);
        }
    }

    /** A body past its limit, the lab's or a drawing's: refused before it is read, in one line. */
    @Test
    void aBodyPastTheLimitIs413InOneLine() throws Exception {
        LabLimits limits = new LabLimits(8, 4, 20_000, 10_000);
        try (LabServer lab = start("127.0.0.1", new LabOptions(AccessToken.NONE, false, limits))) {
            HttpResponse<String> big = post(lab, CnnApi.RUNS + "/some-run/drawing",
                    "x".repeat(10_001), "image/png");
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(big.body().strip().lines()).hasSize(1);
            assertThat(error(big)).isEqualTo("the body is 10,001 bytes; this lab takes at most"
                    + " 10,000");
            HttpResponse<String> form = post(lab, BackpropApi.SWEEP, "{}" + " ".repeat(19_999),
                    "application/json");
            assertThat(form.statusCode()).isEqualTo(413);
            assertThat(error(form)).endsWith("at most 20,000");
            assertThat(post(lab, BackpropApi.SWEEP, "{}" + " ".repeat(15_000),
                    "application/json").statusCode()).isEqualTo(200);
            // Sent in chunks, its length untold: not read at all.
            String chunk = Integer.toHexString(6_000) + "\r\n" + "x".repeat(6_000) + "\r\n";
            String chunked = raw(lab, "POST " + CnnApi.RUNS + "/some-run/drawing HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked"
                    + "\r\nConnection: close\r\n\r\n" + chunk + chunk + "0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 411").endsWith("{\"error\":\"send the body"
                    + " with its Content-Length\"}");
            assertThat(post(lab, BackpropApi.SWEEP, "{}", "application/json").statusCode())
                    .isEqualTo(200);
        }
    }

    /**
     * One prediction in flight holds the only slot while its body is still coming: the next is
     * told at once to come back, and once the first is done the next is computed.
     */
    @Test
    void predictionsPastTheLimitAreTold503WithRetryAfter() throws Exception {
        try (LabServer lab = start("127.0.0.1", new LabOptions(AccessToken.NONE, false,
                new LabLimits(1, 4, 20_000, 10_000)))) {
            try (Socket slow = new Socket("127.0.0.1", lab.port())) {
                OutputStream out = slow.getOutputStream();
                out.write(("POST " + CnnApi.RUNS + "/no-such-run/drawing HTTP/1.1\r\nHost: "
                        + "127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: 100\r\n"
                        + "Connection: close\r\n\r\n" + "x".repeat(50))
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                HttpResponse<String> busy = awaitBusy(lab);
                assertThat(busy.headers().firstValue("Retry-After")).contains("1");
                assertThat(busy.body().strip().lines()).hasSize(1);
                assertThat(error(busy)).isEqualTo("busy: predictions, at most 1 at once; try"
                        + " again in a moment");
                out.write("x".repeat(50).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                slow.setSoTimeout(10_000);
                String first = new String(slow.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                assertThat(first).startsWith("HTTP/1.1 400");
            }
            assertThat(get(lab, CnnApi.RUNS + "/no-such-run/test/0", null).statusCode())
                    .isNotEqualTo(503);
        }
        try (LabServer none = start("127.0.0.1", new LabOptions(AccessToken.NONE, false,
                new LabLimits(0, 4, 20_000, 10_000)))) {
            assertThat(post(none, CnnApi.RUNS + "/some-run/drawing", "x", "image/png")
                    .statusCode()).isEqualTo(503);
        }
    }

    /** The slot is taken while the handler reads the body: asked until then, a few times. */
    private HttpResponse<String> awaitBusy(LabServer lab) throws Exception {
        HttpResponse<String> answer = null;
        for (int i = 0; i < 50; i++) {
            answer = get(lab, CnnApi.RUNS + "/no-such-run/test/0", null);
            if (answer.statusCode() == 503) {
                return answer;
            }
            Thread.sleep(100);
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        return answer;
    }

    @Test
    void eventStreamsPastTheLimitAreTold503() throws Exception {
        try (LabServer lab = start("127.0.0.1", new LabOptions(AccessToken.NONE, false,
                new LabLimits(8, 1, 20_000, 10_000)))) {
            // Not a stream (no Accept: text/event-stream): said so, and no slot kept.
            HttpResponse<String> notAStream = get(lab, "/api/events", null);
            assertThat(notAStream.statusCode()).isEqualTo(400);
            assertThat(error(notAStream)).contains("Accept: text/event-stream");
            try (Socket stream = new Socket("127.0.0.1", lab.port())) {
                stream.setSoTimeout(10_000);
                stream.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = stream.getInputStream();
                String head = readUntil(in, ": connected");
                assertThat(head).startsWith("HTTP/1.1 200").contains("text/event-stream");

                HttpResponse<String> second = http.send(HttpRequest.newBuilder(uri(lab,
                        "/api/events")).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(second.statusCode()).isEqualTo(503);
                assertThat(second.body().strip().lines()).hasSize(1);
                assertThat(error(second)).isEqualTo("busy: event streams, at most 1 at once;"
                        + " try again in a moment");
            }
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (int b; !seen.toString().contains(end) && (b = in.read()) >= 0; ) {
            seen.append((char) b);
        }
        return seen.toString();
    }

    private LabServer start(String host, LabOptions options) {
        return LabServer.start(host, 0, dir.resolve("runs"), Path.of("data", "mnist"),
                new PrintStream(OutputStream.nullOutputStream(), true,
                        StandardCharsets.UTF_8), options);
    }

    private static URI uri(LabServer lab, String path) {
        return URI.create("http://127.0.0.1:" + lab.port() + path);
    }

    /** A GET with this Cookie header, or none. */
    private HttpResponse<String> get(LabServer lab, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(lab, path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(LabServer lab, String path, String body,
                                             String type) throws Exception {
        return LabHttp.send(lab, "POST", path, body, type);
    }

    private static String raw(LabServer lab, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", lab.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The one line of a refusal: JSON's "error" under /api/, the text elsewhere. */
    private static String error(HttpResponse<String> response) {
        return response.uri().getPath().startsWith("/api/")
                ? JsonParser.parseString(response.body()).getAsJsonObject().get("error")
                        .getAsString()
                : response.body().strip();
    }
}
