package backproplab.lab.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/**
 * A request body is measured before anything reads it: past its limit ({@link LabLimits#bodyBytes},
 * {@link LabLimits#drawingBytes}) it is refused unread, in one line. A body sent in chunks, its
 * length untold, is refused too: Javalin would read it whole however long it is, and the pages
 * always say the length.
 */
public final class BodySize {

    private final long max;

    public BodySize(long max) {
        this.max = max;
    }

    public void check(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        String coding = ctx.header("Transfer-Encoding");
        if (length < 0 && coding != null && !coding.toLowerCase(Locale.ROOT).equals("identity")) {
            refuse(ctx, HttpStatus.LENGTH_REQUIRED, "send the body with its Content-Length");
        } else if (length > max) {
            refuse(ctx, HttpStatus.CONTENT_TOO_LARGE, String.format(Locale.ROOT,
                    "the body is %,d bytes; this lab takes at most %,d", length, max));
        }
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        Answers.oneLine(ctx, status, message);
        ctx.skipRemainingHandlers();
    }
}
