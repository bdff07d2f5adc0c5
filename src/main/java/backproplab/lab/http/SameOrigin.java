package backproplab.lab.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses what a page of another site could make the learner's browser ask of the lab. Through
 * DNS rebinding a foreign name comes to resolve to 127.0.0.1, and the browser then sends that
 * name as Host: a lab on loopback answers only its own names. A form or a fetch from another
 * page says where it comes from in Origin: a request that would change something (a POST: start,
 * stop, resume a training) is refused unless it comes from the lab's own pages. Jupyter, which
 * learners know, checks both for the same reasons. A server on a wildcard address (0.0.0.0)
 * cannot know every name it is reached by: it takes any Host.
 */
final class SameOrigin {

    /** The names a request may give as Host; null: any. */
    private final Set<String> names;

    private SameOrigin(Set<String> names) {
        this.names = names;
    }

    /** For a server listening on {@code host}. */
    static SameOrigin of(String host) {
        Reach reach = Reach.of(host);
        if (reach == Reach.EVERY_ADDRESS) {
            return new SameOrigin(null);
        }
        String h = host.toLowerCase(Locale.ROOT);
        String bracketed = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
        Set<String> names = new HashSet<>(Set.of(bracketed));
        if (reach == Reach.LOOPBACK) {
            names.addAll(Set.of("localhost", "127.0.0.1", "[::1]"));
        }
        return new SameOrigin(Set.copyOf(names));
    }

    /** Answers 403 in one line, and nothing else runs, for a request from elsewhere. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (names != null && (host == null || !names.contains(name(host)))) {
            refuse(ctx, "Host '" + host + "' is not this lab's address");
            return;
        }
        String origin = ctx.header("Origin");
        if (Requests.mayChange(ctx) && origin != null && !sameAs(origin, host)) {
            refuse(ctx, "a request from " + origin + ", not from the lab's own pages");
        }
    }

    /** The name of a Host header ("name:port", "[::1]:port"), lower case. */
    private static String name(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
        return colon > 0 ? h.substring(0, colon) : h;
    }

    /** Whether an Origin ("http://name:port") is the lab's own, as the request's Host names it. */
    private static boolean sameAs(String origin, String host) {
        try {
            URI uri = URI.create(origin.trim());
            String authority = uri.getRawAuthority();
            return authority != null && host != null
                    && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed page, a file) and anything unreadable
        }
    }

    private static void refuse(Context ctx, String why) {
        Answers.oneLine(ctx, HttpStatus.FORBIDDEN, "refused: " + why);
        ctx.skipRemainingHandlers();
    }
}
