package backproplab.lab.http;

import io.javalin.config.Key;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;

/**
 * {@code serve --read-only}: a teacher shows the runs, their curves, the CNN page and the
 * backprop page, and nobody can train, stop, resume or change anything. Every request that
 * could change something is refused, except on the routes marked {@link #COMPUTES}; the pages,
 * marked {@code <html data-read-only>}, hide the controls that would only be refused.
 */
public final class ReadOnly {

    /**
     * A POST that only computes an answer from its body and keeps nothing, on disk or in the
     * server: a backprop sweep, a prediction of a drawn digit, a model file's design as typed.
     * A POST for what it sends, not for what it changes, so a read-only lab still serves it.
     */
    public static final RouteRole COMPUTES = new RouteRole() {
        @Override
        public String toString() {
            return "computes only";
        }
    };

    static final String REFUSAL = "read-only: this lab was started with --read-only";
    static final Key<Boolean> KEY = new Key<>("backproplab.read-only");

    private ReadOnly() {}

    /** Answers 403 in one line, and nothing else runs, for a request that would change things. */
    static void check(Context ctx) {
        if (ctx.appData(KEY) && Requests.mayChange(ctx) && !ctx.routeRoles().contains(COMPUTES)) {
            Answers.oneLine(ctx, HttpStatus.FORBIDDEN, REFUSAL);
            ctx.skipRemainingHandlers();
        }
    }

    /** A page as served: marked read-only for its styles when the lab is. */
    static String mark(Context ctx, String html) {
        return ctx.appData(KEY) ? html.replaceFirst("<html\\b", "<html data-read-only") : html;
    }
}
