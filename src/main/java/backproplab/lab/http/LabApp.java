package backproplab.lab.http;

import backproplab.InvalidInputException;
import backproplab.kernels.KernelFaultException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lab's web server, without its pages: who may reach it, how large a request may be, the
 * shared files, and every refusal in one line. The pages are given to it ({@link LabPage}).
 *
 * <p>Javalin rather than the JDK's {@code com.sun.net.httpserver}: the JDK server would need our
 * own static-file serving (content types, path checks against climbing out of the resources),
 * WebJar lookup, compression and error mapping; Javalin brings all of these, with Jetty's hardened
 * URI handling underneath, and starts in well under a second. The shared scripts and styles live in
 * the jar under {@code /lab/static}, each page's beside its package; Chart.js comes from its
 * WebJar. Nothing is fetched from the internet.
 */
public final class LabApp {

    /** Paths are plain: letters, digits and - _ . / only; never "..", "//", "\" or %-escapes. */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");

    private LabApp() {}

    /**
     * Serves {@code pages} on {@code host}:{@code port} (0: a free port), as {@code options} say.
     */
    public static Javalin start(String host, int port, LabOptions options, List<LabPage> pages) {
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
        app.before(LabApp::refuseClimbingPaths);
        app.before(SameOrigin.of(host)::check);
        app.before(options.token()::check);
        // Only the API changes anything. (Javalin fails a static file's odd path, /static/./x,
        // with a bare 500 when a beforeMatched handler covers every path.)
        app.beforeMatched("/api/*", ReadOnly::check);
        app.before(new BodySize(options.limits().bodyBytes())::check);
        app.get("/", ctx -> ctx.redirect("/backprop", HttpStatus.FOUND));
        // The pages link their icon; a browser still asks for this one beside a plain API answer.
        app.get("/favicon.ico", ctx -> ctx.redirect("/static/favicon.svg", HttpStatus.FOUND));
        app.get(PageFiles.HOSTED + "/{page}/{file}", PageFiles::asset);
        pages.forEach(page -> page.register(app));
        app.exception(InvalidFieldException.class, (e, ctx) -> fieldErrors(List.of(e), ctx));
        app.exception(InvalidFieldsException.class, (e, ctx) -> fieldErrors(e.errors(), ctx));
        app.exception(NotFoundException.class, (e, ctx) ->
                Answers.oneLine(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        app.exception(BadRequestException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST)
                .json(Map.of("error", e.getMessage())));
        app.exception(InvalidInputException.class, (e, ctx) ->
                ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        // No kernels are right on this CPU: said as the command line says it, not as a crash.
        app.exception(KernelFaultException.class, (e, ctx) ->
                Answers.oneLine(ctx, HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage()));
        app.exception(Slots.BusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", Integer.toString(Slots.BusyException.RETRY_AFTER));
            Answers.oneLine(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        });
        // Javalin's own refusals as one line too.
        app.exception(HttpResponseException.class, (e, ctx) -> Answers.oneLine(ctx,
                HttpStatus.forStatus(e.getStatus()), e.getMessage().toLowerCase(Locale.ROOT)));
        app.exception(Exception.class, (e, ctx) -> ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .json(Map.of("error", "internal error: " + e)));
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            // A route that answered 404 itself (no such run) has said what is missing.
            if (ctx.attribute(Answers.ANSWERED) == null) {
                Answers.oneLine(ctx, HttpStatus.NOT_FOUND,
                        "not found: " + ctx.method() + " " + ctx.path());
            }
        });
        app.start(host, port);
        return app;
    }

    /** The first as {"error", "field"}, and all of them as "errors": [{"error", "field"}...]. */
    public static void fieldErrors(List<InvalidFieldException> errors, Context ctx) {
        InvalidFieldException first = errors.get(0);
        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", first.getMessage(),
                "field", first.field(), "errors", errors.stream().map(e -> Map.of(
                        "error", e.getMessage(), "field", e.field())).toList()));
    }

    private static void refuseClimbingPaths(Context ctx) {
        String raw = ctx.req().getRequestURI();
        if (!PLAIN_PATH.matcher(raw).matches() || raw.contains("..") || raw.contains("//")) {
            Answers.refuse(ctx, HttpStatus.BAD_REQUEST, "bad path: " + raw);
        }
    }
}
