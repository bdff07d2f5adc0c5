package backproplab.lab.http;

import io.javalin.http.ContentType;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A page's files live beside its classes: {@code backproplab/lab/runs/runs.html}, {@code .js} and
 * {@code .css} next to {@code backproplab.lab.runs}. The HTML is served at the page's address
 * (marked read-only when the lab is); its script and styles under {@link #HOSTED}, as the
 * browser asks for them.
 */
public final class PageFiles {

    /** Where a page's script and styles are asked for: /pages/runs/runs.js. */
    static final String HOSTED = "/pages";
    /** Where they are in the jar: the packages' folder. */
    static final String DIRECTORY = "/backproplab/lab";

    private PageFiles() {}

    /** Answers with the page {@code name} of {@code owner}'s package. */
    public static Handler html(Class<?> owner, String name) {
        return ctx -> {
            try (InputStream in = owner.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("page missing from the jar: " + name);
                }
                ctx.contentType(ContentType.TEXT_HTML).result(ReadOnly.mark(ctx,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        };
    }

    /** Whether a file of the packages' folder is one a browser may fetch: scripts and styles. */
    static boolean served(String path) {
        return path.endsWith(".js") || path.endsWith(".css");
    }
}
