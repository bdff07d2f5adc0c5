package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import backproplab.backprop.BackpropSettings;
import backproplab.backprop.BackpropWorkbook;
import backproplab.backprop.GradientDescent;
import backproplab.backprop.Iteration;
import backproplab.backprop.SheetColumns;
import backproplab.backprop.SheetLayout;
import backproplab.backprop.TinyNetwork;
import backproplab.backprop.TinyNetwork.Biases;
import backproplab.backprop.TinyNetwork.Weights;
import backproplab.lab.backprop.BackpropApi;
import backproplab.lab.backprop.BackpropForm;
import backproplab.lab.backprop.ShownNumbers;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lab's HTTP API and its refusals, over real HTTP against a server on a free port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabServerTest {

    private LabServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        server = LabServer.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void servesThePageItsStylesAndChartJsFromTheJar() throws Exception {
        HttpResponse<String> page = get("/backprop");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<svg id=\"network\"", "/static/lab.css", "chart.umd.js");
        assertThat(get("/static/lab.css").statusCode()).isEqualTo(200);
        assertThat(get("/webjars/chart.js/4.4.1/dist/chart.umd.js").body()).contains("Chart.js");
        assertThat(get("/").statusCode()).isEqualTo(302);
    }

    /** Each page's script and styles are files of their own, served beside the shared ones. */
    @ParameterizedTest
    @ValueSource(strings = {"/backprop", "/runs", "/runs/any-run", "/design", "/compare", "/cnn"})
    void everyPageLoadsItsScriptAndStylesFromFiles(String path) throws Exception {
        String page = get(path).body();
        assertThat(page).contains("</html>").doesNotContain("<script>", "<style>");
        // Without it a phone lays the page out 980 px wide and shrinks it to a third.
        assertThat(page).contains("<meta name=\"viewport\" content=\"width=device-width,"
                + " initial-scale=1\">");
        List<String> files = Pattern.compile("(?:src|href)=\"(/(?:static|pages|webjars)/[^\"]+)\"")
                .matcher(page).results().map(m -> m.group(1)).toList();
        assertThat(files).anyMatch(f -> f.startsWith("/pages/") && f.endsWith(".js"))
                .anyMatch(f -> f.startsWith("/pages/") && f.endsWith(".css"));
        for (String file : files) {
            assertThat(get(file).statusCode()).as(file).isEqualTo(200);
        }
    }

    @Test
    void besideThePagesClassesOnlyScriptsAndStylesAreServed() throws Exception {
        assertThat(get("/pages/runs/runs.js").body()).contains("Lab.events(");
        assertThat(get("/pages/runs/runs.css").statusCode()).isEqualTo(200);
        assertThat(get("/pages/runs/runs.html").statusCode()).isEqualTo(404);
        assertThat(get("/pages/runs/RunsApi.class").statusCode()).isEqualTo(404);
    }

    @Test
    void theSweepCarriesTheJavaValuesWrittenOnce() throws Exception {
        JsonObject sweep = sweep(Map.of()).getAsJsonObject();
        BackpropSettings d = BackpropSettings.defaults();
        assertThat(sweep.get("iterations").getAsInt()).isEqualTo(d.iterations());
        JsonArray runs = sweep.getAsJsonArray("runs");
        assertThat(runs).hasSize(d.learningRates().size());
        for (int r = 0; r < runs.size(); r++) {
            double eta = d.learningRates().get(r);
            List<Iteration> rows = GradientDescent.run(d.inputs(), d.targets(), d.initialWeights(),
                    eta, d.iterations());
            JsonObject run = runs.get(r).getAsJsonObject();
            JsonArray steps = run.getAsJsonArray("steps");
            JsonObject last = steps.get(steps.size() - 1).getAsJsonObject();
            assertThat(last.getAsJsonObject("values").get("E_total").getAsString())
                    .isEqualTo(ShownNumbers.format(rows.get(rows.size() - 1).forward().eTotal()));
            assertThat(run.getAsJsonArray("eTotal").get(0).getAsDouble())
                    .isEqualTo(rows.get(0).forward().eTotal());
        }
    }

    /** Shown gradients and updates of every weight and bias against central differences. */
    @Test
    void gradientsAndUpdatesAgreeWithFiniteDifferences() throws Exception {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("i1", "0.3", "i2", "-0.7",
                "t1", "0.9", "t2", "0.2", "w1", "0.8", "w5", "-1.2", "rates", "0.7",
                "iterations", "3"));
        fields.putAll(Map.of("b1", "0.35", "b2", "-0.6", "trainBiases", "true"));
        BackpropSettings s = BackpropForm.read(fields);
        JsonObject step = sweep(fields).getAsJsonObject().getAsJsonArray("runs").get(0)
                .getAsJsonObject().getAsJsonArray("steps").get(2).getAsJsonObject();
        Iteration third = GradientDescent.run(s, 0.7).get(2);
        // w1..w8, b1, b2 going into iteration 3
        double[] at = java.util.stream.DoubleStream.concat(
                java.util.Arrays.stream(third.weights().toArray()),
                java.util.stream.DoubleStream.of(third.biases().b1(), third.biases().b2()))
                .toArray();
        JsonArray parameters = step.getAsJsonArray("parameters");
        assertThat(parameters).hasSize(10);
        for (int k = 0; k < at.length; k++) {
            double h = 1e-6;
            double[] plus = at.clone();
            double[] minus = at.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (eTotal(s, plus) - eTotal(s, minus)) / (2 * h);
            JsonObject p = parameters.get(k).getAsJsonObject();
            String name = p.get("name").getAsString();
            assertThat(Double.parseDouble(p.get("value").getAsString())).as(name)
                    .isCloseTo(at[k], org.assertj.core.data.Percentage.withPercentage(1e-6));
            assertThat(Double.parseDouble(p.get("gradient").getAsString())).as(name)
                    .isCloseTo(numeric, org.assertj.core.data.Percentage.withPercentage(1e-4));
            assertThat(Double.parseDouble(p.get("update").getAsString())).as(name)
                    .isCloseTo(0.7 * numeric,
                            org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
    }

    private static double eTotal(BackpropSettings s, double[] p) {
        return TinyNetwork.forward(s.inputs(), s.targets(), Weights.of(Arrays.copyOf(p, 8)),
                new Biases(p[8], p[9])).eTotal();
    }

    /** Matt Mazur's published numbers: E_total 0.298371109 at the start, b1 and b2 kept fixed. */
    @Test
    void mazursExampleGivesThePublishedNumbers() throws Exception {
        HttpResponse<String> examples = get(BackpropApi.EXAMPLES);
        JsonObject mazur = JsonParser.parseString(examples.body()).getAsJsonArray().get(1)
                .getAsJsonObject();
        assertThat(mazur.get("rate").getAsDouble()).isEqualTo(0.5);
        Map<String, String> fields = new com.google.gson.Gson().fromJson(mazur.get("fields"),
                new com.google.gson.reflect.TypeToken<Map<String, String>>() {}.getType());
        JsonObject sweep = sweep(fields).getAsJsonObject();
        assertThat(sweep.get("biases").getAsBoolean()).isTrue();
        assertThat(sweep.get("trainBiases").getAsBoolean()).isFalse();
        JsonObject run = null;
        for (var r : sweep.getAsJsonArray("runs")) {
            if (r.getAsJsonObject().get("eta").getAsDouble() == 0.5) {
                run = r.getAsJsonObject();
            }
        }
        JsonArray steps = run.getAsJsonArray("steps");
        assertThat(value(steps, 0, "E_total")).isEqualTo("0.298371109");
        // The post prints 0.291027924 from rounded intermediates; in double precision 0.2910277737.
        assertThat(value(steps, 1, "E_total")).isEqualTo("0.291027774");
        JsonObject b1 = steps.get(0).getAsJsonObject().getAsJsonArray("parameters").get(8)
                .getAsJsonObject();
        assertThat(b1.get("name").getAsString()).isEqualTo("b1");
        assertThat(b1.get("trained").getAsBoolean()).isFalse();
        assertThat(b1.get("next").getAsString()).isEqualTo("0.35");
    }

    private static String value(JsonArray steps, int index, String name) {
        return steps.get(index).getAsJsonObject().getAsJsonObject("values").get(name).getAsString();
    }

    @Test
    void theWorkbookIsTheCommandLinesForTheFieldsGiven() throws Exception {
        Map<String, String> fields = Map.of("w3", "0.6", "t1", "0.01", "rates", "0.5,1.5",
                "iterations", "12");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                uri(BackpropApi.WORKBOOK + "?" + query(fields))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
                .contains("BackPropagation.xlsx");
        BackpropSettings s = BackpropForm.read(fields);
        double expected = GradientDescent.run(s.inputs(), s.targets(), s.initialWeights(), 1.5, 12)
                .get(11).forward().eTotal();
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(response.body()))) {
            Sheet sheet = wb.getSheet(BackpropWorkbook.sheetName(1.5));
            double cell = sheet.getRow(BackpropWorkbook.FIRST_ROW + 11)
                    .getCell(SheetLayout.of(s).index(SheetColumns.E_TOTAL)).getNumericCellValue();
            assertThat(cell).isCloseTo(expected,
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(wb.getSheet(BackpropWorkbook.sheetName(0.5))).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"w3=abc", "w3=NaN", "i1=1e999", "t2=", "b1=x",
        "rates=0", "rates=1,-2", "rates=1,,2", "rates=1,1", "rates=1,2,3,4,5,6,7,8,9,10,11",
        "iterations=0", "iterations=501",
        "iterations=1.5", "trainBiases=true"})
    void aBadFieldIsNamedWithOneLine(String assignment) throws Exception {
        String field = assignment.substring(0, assignment.indexOf('='));
        String value = assignment.substring(assignment.indexOf('=') + 1);
        HttpResponse<String> response = post(BackpropApi.SWEEP,
                new com.google.gson.Gson().toJson(Map.of(field, value)));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(error.get("field").getAsString()).isEqualTo(field);
        assertThat(error.get("error").getAsString()).isNotBlank().doesNotContain("\n", "Exception");
        HttpResponse<String> download =
                get(BackpropApi.WORKBOOK + "?" + query(Map.of(field, value)));
        assertThat(download.statusCode()).isEqualTo(400);
        assertThat(download.body()).contains("\"field\":\"" + field + "\"");
        assertStillServing();
    }

    /** Text that is no number is named in every field at once, in the page's order. */
    @Test
    void everyFieldThatIsNoNumberIsNamedAtOnce() throws Exception {
        HttpResponse<String> response = post(BackpropApi.SWEEP,
                "{\"iterations\": \"many\", \"rates\": \"0.5,x\", \"w3\": \"abc\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(body.get("field").getAsString()).isEqualTo("w3");
        List<String> fields = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (var e : body.getAsJsonArray("errors")) {
            fields.add(e.getAsJsonObject().get("field").getAsString());
            messages.add(e.getAsJsonObject().get("error").getAsString());
        }
        assertThat(fields).containsExactly("w3", "rates", "iterations");
        assertThat(messages).containsExactly("w3: 'abc' is not a number",
                "η: 'x' is not a number", "iterations: 'many' is not a whole number");
    }

    @Test
    void aNonFiniteBiasIsNamedByTheSettingsRule() throws Exception {
        HttpResponse<String> response =
                post(BackpropApi.SWEEP, "{\"b1\": \"0.35\", \"b2\": \"1e999\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(error.get("field").getAsString()).isEqualTo("b2");
        assertThat(error.get("error").getAsString()).contains("b2", "not a finite number");
    }

    @Test
    void anOverflowIsNamedAndNothingIsComputedFromIt() throws Exception {
        HttpResponse<String> response = post(BackpropApi.SWEEP,
                "{\"w1\": \"1e308\", \"i1\": \"1e10\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject();
        assertThat(error.get("field").getAsString()).isEqualTo("w1");
        assertThat(error.get("error").getAsString()).contains("iteration 1", "double precision");
        assertStillServing();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[1,2]", "\"w1\"", "{\"w1\": 0.1} trailing", "{\"w9\": 1}",
        "{\"w1\": true}", "{\"w1\": [1]}", "{'w1': 1}", "", "null", "{\"w1\": NaN}"})
    void malformedRequestsGetOneJsonLine(String body) throws Exception {
        HttpResponse<String> response = post(BackpropApi.SWEEP, body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body().strip().lines()).hasSize(1);
        assertThat(JsonParser.parseString(response.body()).getAsJsonObject().get("error")
                .getAsString()).isNotBlank().doesNotContain("Exception");
        assertStillServing();
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWithOneJsonLine() throws Exception {
        HttpResponse<String> response = post(BackpropApi.SWEEP,
                "{\"w1\": \"" + "1".repeat(2_000_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JsonParser.parseString(response.body()).getAsJsonObject().get("error")
                .getAsString()).isNotBlank();
        assertStillServing();
    }

    @Test
    void unknownRoutesAre404WithOneLine() throws Exception {
        HttpResponse<String> api = get("/api/backprop/nothing");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(JsonParser.parseString(api.body()).getAsJsonObject().get("error").getAsString())
                .contains("/api/backprop/nothing");
        HttpResponse<String> page = get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body().strip().lines()).hasSize(1);
        assertThat(get(BackpropApi.SWEEP).statusCode()).isBetween(404, 405);
        assertThat(get("/static/no-such.css").statusCode()).isEqualTo(404);
    }

    /** Sent byte for byte over a socket: HttpClient would normalise most of these. */
    @ParameterizedTest
    @ValueSource(strings = {"/../pom.xml", "/static/../backprop", "/static/../../pom.xml",
        "/%2e%2e/pom.xml", "/static/%2e%2e/%2e%2e/pom.xml", "/static/%2e%2e%2f%2e%2e%2fpom.xml",
        "/static/..%2f..%2fpom.xml", "/static/%2E%2E%2Flab.css", "/static/%252e%252e/lab.css",
        "/static/..\\..\\pom.xml", "/static/%5c..%5c..%5cpom.xml", "/static//etc/passwd",
        "/webjars/../../pom.xml", "/static/%c0%ae%c0%ae/pom.xml", "/static/.%2e/lab/backprop.html",
        "/static/lab.css%00.html", "//etc/passwd", "/static/./lab.css"})
    void pathsThatClimbOutAreRefused(String path) throws Exception {
        String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                + "\r\n\r\n");
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as(path).isBetween(400, 499);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body.strip().lines()).as(path).hasSizeLessThanOrEqualTo(1);
        assertThat(body).doesNotContain("<project", "root:", "<html", "<svg");
        assertStillServing();
    }

    /** DNS rebinding sends a foreign name as Host: refused; the lab's own names are served. */
    @Test
    void aForeignHostIsRefusedAndTheLabsOwnNamesAreServed() throws IOException {
        String foreign = raw(request("GET", BackpropApi.DEFAULTS, "attacker.example:"
                + server.port(), null));
        assertThat(foreign).startsWith("HTTP/1.1 403")
                .contains("{\"error\":\"refused: Host 'attacker.example:" + server.port()
                        + "' is not this lab's address\"}");
        for (String name : List.of("127.0.0.1", "localhost", "LOCALHOST", "[::1]")) {
            assertThat(raw(request("GET", BackpropApi.DEFAULTS, name + ":" + server.port(),
                    null))).as(name).startsWith("HTTP/1.1 200");
        }
    }

    /** A POST that another site's page makes says so in Origin: refused; the lab's own pass. */
    @Test
    void aPostFromAnotherOriginIsRefused() throws IOException {
        String host = "127.0.0.1:" + server.port();
        assertThat(raw(request("POST", BackpropApi.SWEEP, host, "http://attacker.example")))
                .startsWith("HTTP/1.1 403")
                .contains("refused: a request from http://attacker.example, not from the lab's"
                        + " own pages");
        assertThat(raw(request("POST", BackpropApi.SWEEP, host, "null")))
                .startsWith("HTTP/1.1 403");
        assertThat(raw(request("POST", BackpropApi.SWEEP, host, "http://" + host)))
                .startsWith("HTTP/1.1 200");
        // A GET changes nothing: another page may link to the lab.
        assertThat(raw(request("GET", BackpropApi.DEFAULTS, host, "http://attacker.example")))
                .startsWith("HTTP/1.1 200");
    }

    /** An HTTP/1.1 request as a browser sends it, with an empty JSON body for a POST. */
    private static String request(String method, String path, String host, String origin) {
        return method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + (method.equals("POST") ? "Content-Type: application/json\r\n"
                        + "Content-Length: 2\r\n" : "")
                + "Connection: close\r\n\r\n" + (method.equals("POST") ? "{}" : "");
    }

    private void assertStillServing() throws Exception {
        assertThat(get(BackpropApi.DEFAULTS).statusCode()).isEqualTo(200);
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private com.google.gson.JsonElement sweep(Map<String, String> fields) throws Exception {
        HttpResponse<String> response = post(BackpropApi.SWEEP,
                new com.google.gson.Gson().toJson(fields));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonParser.parseString(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String query(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
