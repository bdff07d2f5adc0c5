package backproplab.training;

import java.util.HashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A request to stop training at the next safe point (between two steps). Ctrl-C (SIGINT), kill
 * (SIGTERM) and a closed terminal (SIGHUP) become such a request while {@link #onSignals()} is in
 * force: the JVM's own handling would end the process in the middle of a libtorch step, which
 * crashed it.
 */
public final class StopRequest {

    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private volatile String reason;
    private volatile int exitCode = 1;

    /** @param exitCode what the process should end with, once stopped */
    public void request(String why, int exitCode) {
        if (reason == null) {
            this.exitCode = exitCode;
            reason = why;
        }
    }

    /** 128 + the signal's number for a signal, as a shell reports a process it ended. */
    public int exitCode() {
        return exitCode;
    }

    public boolean requested() {
        return reason != null;
    }

    /** What asked to stop ("Ctrl-C", "SIGTERM", ...), or null. */
    public String reason() {
        return reason;
    }

    /** Until closed, the signals request a stop; a second one ends the process at once. */
    public AutoCloseable onSignals() {
        Map<Signal, SignalHandler> previous = new HashMap<>();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                SignalHandler before = Signal.handle(signal, this::received);
                if (before == SignalHandler.SIG_IGN) {
                    // Ignored when we started (nohup, a script's background job): keep it so.
                    Signal.handle(signal, SignalHandler.SIG_IGN);
                }
                previous.put(signal, before);
            } catch (IllegalArgumentException e) {
                // Not available here (-Xrs, or a platform without it): the JVM keeps its default.
            }
        }
        return () -> previous.forEach(Signal::handle);
    }

    private void received(Signal signal) {
        if (requested()) {
            // A second signal: the person means it. Halting skips the hooks that raced libtorch.
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        // Ctrl-C by the name on the key a person pressed; the others as kill and logs name them.
        request(signal.getName().equals("INT") ? "Ctrl-C" : "SIG" + signal.getName(),
                128 + signal.getNumber());
    }
}
