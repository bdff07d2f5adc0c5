package backproplab.lab;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;

/**
 * So many of a costly thing at once (predictions being computed, event streams open), and past
 * that a {@link BusyException} at once: a crowd gets quick answers to try again rather than a
 * queue that grows, holding memory and threads, until the first in it have given up.
 */
final class Slots {

    private final Semaphore free;
    private final int limit;
    private final String what;

    /** {@code limit} at once of {@code what} ("predictions"); 0 refuses all. */
    Slots(int limit, String what) {
        this.free = new Semaphore(limit);
        this.limit = limit;
        this.what = what;
    }

    /** Takes a slot, to {@link #give} back when done. */
    void take() {
        if (!free.tryAcquire()) {
            throw new BusyException("busy: " + what + ", at most " + limit + " at once; try"
                    + " again in a moment");
        }
    }

    void give() {
        free.release();
    }

    /** The handler, run only in a slot. */
    Handler around(Handler handler) {
        return ctx -> {
            take();
            try {
                handler.handle(ctx);
            } finally {
                give();
            }
        };
    }

    /** Answered 503 with Retry-After, in one line. */
    static final class BusyException extends RuntimeException {
        /** Seconds: a prediction takes a fraction of one. */
        static final int RETRY_AFTER = 1;

        BusyException(String message) {
            super(message);
        }
    }
}
