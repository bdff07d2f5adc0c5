package backproplab.lab.http;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * So many of a costly thing at once (predictions being computed, event streams open), and past
 * that, after at most a short wait for a slot to free, a {@link BusyException}: a crowd gets
 * quick answers to try again rather than a queue that grows, holding memory and threads, until
 * the first in it have given up.
 *
 * <p>The wait is for predictions: one takes a couple of milliseconds, so a slot frees within
 * the wait unless the lab is far past what it can answer. Refused at once instead, a client
 * that asks again at once (a load test does) turns the lab's time into refusals: measured on
 * 2 cores, 32 connections got half the answers of 8 slots without a wait (bench/load.sh).
 */
public final class Slots {

    private final Semaphore free;
    private final int limit;
    private final String what;
    private final long patienceMillis;

    /**
     * {@code limit} at once of {@code what} ("predictions"), each waiting at most
     * {@code patienceMillis} for a slot; 0 refuses all.
     */
    public Slots(int limit, String what, long patienceMillis) {
        this.free = new Semaphore(limit);
        this.limit = limit;
        this.what = what;
        this.patienceMillis = patienceMillis;
    }

    /** Takes a slot, to {@link #give} back when done. */
    public void take() {
        boolean taken;
        try {
            taken = free.tryAcquire(patienceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            throw new BusyException("busy: " + what + ", at most " + limit + " at once; try"
                    + " again in a moment");
        }
    }

    public void give() {
        free.release();
    }

    /** The handler, run only in a slot. */
    public Handler around(Handler handler) {
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
