package backproplab.lab;

import backproplab.InvalidInputException;
import backproplab.backprop.InvalidSettingException;
import backproplab.kernels.KernelFaultException;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code backprop-lab serve}: the lab's pages and their JSON API on one local web server.
 *
 * <p>Javalin rather than the JDK's {@code com.sun.net.httpserver}: the JDK server would need our own
 * static-file serving (content types, path checks against climbing out of the resources), WebJar
 * lookup, compression and error mapping; Javalin brings all of these, with Jetty's hardened URI
 * handling underneath, and starts in well under a second. Pages live in the jar under
 * {@code /lab}; Chart.js comes from its WebJar. Nothing is fetched from the internet.
 */
public final class LabServer implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;

    /** Paths are plain: letters, digits and - _ . / only; never "..", "//", "\" or %-escapes. */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");

    /** Set on a request whose error line is written: the 404 page must not replace it. */
    private static final String ANSWERED = "backproplab.answered";

    private final Javalin app;
    private final RunsApi runs;
    private final CnnLab cnn;
    private final AccessToken token;

    private LabServer(Javalin app, RunsApi runs, CnnLab cnn, AccessToken token) {
        this.app = app;
        this.runs = runs;
        this.cnn = cnn;
        this.token = token;
    }

    /** Starts serving, with runs/ and data/mnist under the working directory. */
    public static LabServer start(String host, int port) {
        return start(host, port, Path.of("runs"), Path.of("data", "mnist"), System.out);
    }

    /**
     * Starts serving; {@code port} 0 picks a free port (see {@link #uri}). The runs pages read
     * {@code runs} and train into it, with the MNIST files of {@code dataDir}; training from the
     * page writes its lines to {@code log}. The CNN page opens the same runs and test digits.
     */
    public static LabServer start(String host, int port, Path runsDir, Path dataDir,
                                  PrintStream log) {
        return start(host, port, runsDir, dataDir, log, LabOptions.DEFAULT);
    }

    /** The same, meeting its visitors as {@code options} say. */
    public static LabServer start(String host, int port, Path runsDir, Path dataDir,
                                  PrintStream log, LabOptions options) {
        // One test set for the runs pages and the CNN page, loaded when a page first needs it.
        TestDigits test = new TestDigits(dataDir, log);
        CnnLab cnn = new CnnLab(runsDir, test);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new GsonMapper());
            config.http.gzipOnlyCompression();
            // Javalin's own check, behind BodySize's, for a body read some other way.
            config.http.maxRequestSize = options.limits().bodyBytes();
            config.appData(ReadOnly.KEY, options.readOnly());
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/lab/static";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.jetty.modifyServer(server -> server.setErrorHandler(new PlainErrors()));
        });
        app.before(LabServer::refuseClimbingPaths);
        app.before(SameOrigin.of(host)::check);
        app.before(options.token()::check);
        // Only the API changes anything. (Javalin fails a static file's odd path, /static/./x,
        // with a bare 500 when a beforeMatched handler covers every path.)
        app.beforeMatched("/api/*", ReadOnly::check);
        app.before(new BodySize(options.limits().bodyBytes())::check);
        app.get("/", ctx -> ctx.redirect("/backprop", HttpStatus.FOUND));
        // The pages link their icon; a browser still asks for this one beside a plain API answer.
        app.get("/favicon.ico", ctx -> ctx.redirect("/static/favicon.svg", HttpStatus.FOUND));
        app.get("/backprop", ctx -> page(ctx, "backprop.html"));
        BackpropApi.register(app);
        RunsApi runs = RunsApi.register(app, runsDir, test, log, options.limits());
        JournalApi.register(app, runsDir, dataDir, log);
        app.get("/cnn", ctx -> page(ctx, "cnn.html"));
        CnnApi.register(app, cnn, options.limits());
        app.exception(InvalidFieldException.class, (e, ctx) -> fieldErrors(List.of(e), ctx));
        app.exception(InvalidFieldsException.class, (e, ctx) -> fieldErrors(e.errors(), ctx));
        app.exception(InvalidSettingException.class,
                (e, ctx) -> fieldErrors(List.of(BackpropForm.fieldError(e)), ctx));
        app.exception(NotFoundException.class, (e, ctx) ->
                oneLine(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        app.exception(BadRequestException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST)
                .json(Map.of("error", e.getMessage())));
        app.exception(InvalidInputException.class, (e, ctx) ->
                ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        // No kernels are right on this CPU: said as the command line says it, not as a crash.
        app.exception(KernelFaultException.class, (e, ctx) ->
                oneLine(ctx, HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage()));
        app.exception(Slots.BusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", Integer.toString(Slots.BusyException.RETRY_AFTER));
            oneLine(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        });
        // Javalin's own refusals as one line too.
        app.exception(HttpResponseException.class, (e, ctx) -> oneLine(ctx,
                HttpStatus.forStatus(e.getStatus()), e.getMessage().toLowerCase(Locale.ROOT)));
        app.exception(Exception.class, (e, ctx) -> ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .json(Map.of("error", "internal error: " + e)));
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            // A route that answered 404 itself (no such run) has said what is missing.
            if (ctx.attribute(ANSWERED) == null) {
                oneLine(ctx, HttpStatus.NOT_FOUND, "not found: " + ctx.method() + " " + ctx.path());
            }
        });
        app.start(host, port);
        return new LabServer(app, runs, cnn, options.token());
    }

    public int port() {
        return app.port();
    }

    /** The address to open, with the token when the lab asks for one. */
    public URI uri(String host) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/" + token.query());
    }

    @Override
    public void close() {
        try {
            // First the training: its last checkpoint is whole before the server goes.
            runs.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        cnn.close();
    }

    /** The first as {"error", "field"}, and all of them as "errors": [{"error", "field"}...]. */
    private static void fieldErrors(List<InvalidFieldException> errors, Context ctx) {
        InvalidFieldException first = errors.get(0);
        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", first.getMessage(),
                "field", first.field(), "errors", errors.stream().map(e -> Map.of(
                        "error", e.getMessage(), "field", e.field())).toList()));
    }

    private static void refuseClimbingPaths(Context ctx) {
        String raw = ctx.req().getRequestURI();
        if (!PLAIN_PATH.matcher(raw).matches() || raw.contains("..") || raw.contains("//")) {
            oneLine(ctx, HttpStatus.BAD_REQUEST, "bad path: " + raw);
            ctx.skipRemainingHandlers();
        }
    }

    /** A one-line answer: JSON {"error": ...} under /api/, plain text elsewhere. */
    static void oneLine(Context ctx, HttpStatus status, String message) {
        ctx.attribute(ANSWERED, true);
        ctx.status(status);
        if (ctx.path().toLowerCase(Locale.ROOT).startsWith("/api/")) {
            ctx.json(Map.of("error", message));
        } else {
            ctx.contentType(ContentType.TEXT_PLAIN).result(message + "\n");
        }
    }

    /** Whether a request may change something: any but GET, HEAD and OPTIONS. */
    static boolean mayChange(Context ctx) {
        HandlerType method = ctx.method();
        return method != HandlerType.GET && method != HandlerType.HEAD
                && method != HandlerType.OPTIONS;
    }

    static void page(Context ctx, String name) throws IOException {
        try (InputStream in = LabServer.class.getResourceAsStream("/lab/" + name)) {
            if (in == null) {
                throw new IOException("page missing from the jar: " + name);
            }
            ctx.contentType(ContentType.TEXT_HTML).result(ReadOnly.mark(ctx,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }
}
