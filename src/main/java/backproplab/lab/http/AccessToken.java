package backproplab.lab.http;

import backproplab.InvalidInputException;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The secret a lab beyond this machine asks of every page and API call, as Jupyter does: given
 * once in the address {@code serve} prints ({@code ?token=…}), then kept by the browser in a
 * cookie. Anyone else on a classroom's network who finds the port gets a one-line refusal.
 *
 * <p>The files under {@code /static}, {@code /pages} and {@code /webjars} stay open: they are the
 * jar's own scripts, styles, icon and Chart.js, the same in every copy of backprop-lab, and hold
 * nothing of the learner's; a token on them would protect nothing.
 */
public final class AccessToken {

    /** 24 random bytes: 192 bits, 32 characters of URL-safe base64. */
    private static final int RANDOM_BYTES = 24;
    /**
     * A chosen token must be as long as a short password, in characters a URL needs no escape for.
     */
    private static final int MIN_CHOSEN = 8;
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final String PARAMETER = "token";
    private static final String COOKIE = "backprop-lab-token-";
    private static final String HOW = "open the address serve printed, with ?token=…";

    /** No token: every request passes. */
    public static final AccessToken NONE = new AccessToken(null);

    /** The token's bytes; null for none. */
    private final byte[] secret;

    private AccessToken(byte[] secret) {
        this.secret = secret;
    }

    /**
     * The rule of {@code serve}: a token chosen with --token is required wherever the lab
     * listens; without one, a lab beyond this machine makes one up, unless told --no-token.
     */
    public static AccessToken forServing(String host, String chosen, boolean none) {
        if (chosen != null && none) {
            throw new InvalidInputException("--token and --no-token: choose one");
        }
        if (chosen != null) {
            return chosen(chosen);
        }
        return none || !Reach.of(host).beyondThisMachine() ? NONE : random();
    }

    private static AccessToken chosen(String token) {
        if (token.length() < MIN_CHOSEN || !URL_SAFE.matcher(token).matches()) {
            throw new InvalidInputException("--token: at least " + MIN_CHOSEN
                    + " characters of A-Z a-z 0-9 . _ ~ -, got '" + token + "'");
        }
        return new AccessToken(token.getBytes(StandardCharsets.US_ASCII));
    }

    private static AccessToken random() {
        byte[] bytes = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new AccessToken(Base64.getUrlEncoder().withoutPadding().encode(bytes));
    }

    public boolean required() {
        return secret != null;
    }

    /** What the printed address ends with: {@code ?token=…}, or nothing. */
    public String query() {
        return required() ? "?" + PARAMETER + "=" + new String(secret, StandardCharsets.US_ASCII)
                : "";
    }

    /** Answers 403 in one line, and nothing else runs, for a request without the token. */
    void check(Context ctx) {
        if (!required() || isOpenFile(ctx.path())) {
            return;
        }
        String given = ctx.queryParam(PARAMETER);
        if (given != null && matches(given)) {
            if (!ctx.path().startsWith("/api/")) {
                keepAndForget(ctx);
            }
            return;
        }
        String kept = ctx.cookie(cookie(ctx));
        if (given == null && kept != null && matches(kept)) {
            return;
        }
        Answers.oneLine(ctx, HttpStatus.FORBIDDEN, "refused: "
                + (given == null && kept == null ? "this lab asks for its token" : "wrong token")
                + ": " + HOW);
        ctx.skipRemainingHandlers();
    }

    private static boolean isOpenFile(String path) {
        return path.startsWith("/static/") || path.startsWith(PageFiles.HOSTED + "/")
                || path.startsWith("/webjars/");
    }

    /** Compared in constant time: how long a guess took to refuse says nothing of the token. */
    private boolean matches(String given) {
        return MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A page visited with the right token: the browser keeps it in a cookie and goes on to the
     * same page without it, so the token stays out of the address bar, bookmarks and the back
     * button. Not a 302: the cookie is SameSite=Strict, and a redirect that ends a visit from
     * another site's link (the class's course page) is still that site's visit, so the browser
     * would not send the cookie just set. The page's own {@code location.replace} is the lab's.
     */
    private void keepAndForget(Context ctx) {
        // For the whole lab, until the browser closes, out of reach of scripts, never sent
        // along with another site's request.
        Cookie cookie = new Cookie(cookie(ctx), new String(secret, StandardCharsets.US_ASCII),
                "/", -1, false, 0, true, null, null, SameSite.STRICT);
        // The path is plain (LabApp refuses any other): safe inside the script and the link.
        String path = ctx.path();
        ctx.cookie(cookie).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").contentType(ContentType.TEXT_HTML)
                .result("<!DOCTYPE html><meta charset=\"utf-8\"><title>backprop-lab</title>"
                        + "<script>location.replace(\"" + path + "\")</script>"
                        + "<a href=\"" + path + "\">" + path + "</a>\n");
        ctx.skipRemainingHandlers();
    }

    /** One cookie per port: two labs on one machine (a teacher's and a test's) keep their own. */
    private static String cookie(Context ctx) {
        return COOKIE + ctx.req().getLocalPort();
    }
}
