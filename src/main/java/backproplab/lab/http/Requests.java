package backproplab.lab.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** What a request is, as the lab's rules ask it. */
public final class Requests {

    private Requests() {}

    /** Whether a request may change something: any but GET, HEAD and OPTIONS. */
    public static boolean mayChange(Context ctx) {
        HandlerType method = ctx.method();
        return method != HandlerType.GET && method != HandlerType.HEAD
                && method != HandlerType.OPTIONS;
    }

    /**
     * What starts or stops a run, or changes a run's files, must come as JSON: a browser sends
     * that cross-origin only after asking the server, which allows no other origin, so another
     * web site cannot start a run on this machine through the visitor's browser.
     */
    public static void onlyJson(Context ctx) {
        String type = ctx.contentType();
        if (mayChange(ctx) && (type == null || !type.startsWith("application/json"))) {
            throw new BadRequestException("send this request as application/json");
        }
    }
}
