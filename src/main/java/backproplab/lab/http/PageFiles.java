package backproplab.lab.http;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A page's files live beside its classes: {@code backproplab/lab/runs/runs.html}, {@code .js} and
 * {@code .css} next to {@code backproplab.lab.runs}. The HTML is served at the page's address
 * (marked read-only when the lab is); its script and styles under {@link #HOSTED}, as the
 * browser asks for them.
 *
 * <p>Read as resources, not as a static folder: a folder of the classpath is one of its entries,
 * and under the tests {@code backproplab/lab} is in the test classes too.
 */
public final class PageFiles {

    /** Where a page's script and styles are asked for: /pages/runs/runs.js. */
    static final String HOSTED = "/pages";
    /** Where they are in the jar: beside the page packages' classes. */
    private static final String DIRECTORY = "/backproplab/lab/";
    /** What a browser may fetch from there: scripts and styles, never a class or a page whole. */
    private static final Map<String, String> SERVED = Map.of(
            ".js", "text/javascript; charset=utf-8", ".css", "text/css; charset=utf-8");

    private PageFiles() {}

    /** Answers with the page {@code name} of {@code owner}'s package. */
    public static Handler html(Class<?> owner, String name) {
        return ctx -> ctx.contentType(ContentType.TEXT_HTML).result(ReadOnly.mark(ctx,
                read(owner.getResourceAsStream(name), name)));
    }

    /** GET /pages/{page}/{file}: a page's script or styles. */
    static void asset(Context ctx) throws IOException {
        String page = ctx.pathParam("page");
        String file = ctx.pathParam("file");
        String type = SERVED.entrySet().stream().filter(e -> file.endsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        InputStream in = type == null ? null
                : PageFiles.class.getResourceAsStream(DIRECTORY + page + "/" + file);
        if (in == null) {
            throw new NotFoundException("not found: " + ctx.path());
        }
        ctx.contentType(type).result(read(in, file));
    }

    private static String read(InputStream resource, String name) throws IOException {
        try (InputStream in = resource) {
            if (in == null) {
                throw new IOException("page missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
