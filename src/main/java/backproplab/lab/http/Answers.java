package backproplab.lab.http;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Map;

/** How the lab answers a refusal: in one line, as JSON under /api/ and as plain text elsewhere. */
public final class Answers {

    /** Set on a request whose error line is written: the 404 page must not replace it. */
    static final String ANSWERED = "backproplab.answered";

    private Answers() {}

    /** A one-line answer: JSON {"error": ...} under /api/, plain text elsewhere. */
    public static void oneLine(Context ctx, HttpStatus status, String message) {
        ctx.attribute(ANSWERED, true);
        ctx.status(status);
        if (ctx.path().toLowerCase(Locale.ROOT).startsWith("/api/")) {
            ctx.json(Map.of("error", message));
        } else {
            ctx.contentType(ContentType.TEXT_PLAIN).result(message + "\n");
        }
    }

    /** The same, and nothing else runs: for a check before the routes. */
    static void refuse(Context ctx, HttpStatus status, String message) {
        oneLine(ctx, status, message);
        ctx.skipRemainingHandlers();
    }
}
