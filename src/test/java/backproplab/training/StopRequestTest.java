package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/** Signals become a request to stop at a safe point, only while training listens for them. */
class StopRequestTest {

    @Test
    void aHangupBecomesAStopRequestWithTheShellsExitCode() throws Exception {
        // An outer request catches the signal if the inner one were not in force: the test JVM
        // must never meet the default handling, which would end it.
        StopRequest outer = new StopRequest();
        try (AutoCloseable guard = outer.onSignals()) {
            StopRequest stop = new StopRequest();
            try (AutoCloseable signals = stop.onSignals()) {
                Signal.raise(new Signal("HUP"));
                waitFor(stop);
                assertThat(stop.reason()).isEqualTo("SIGHUP");
                assertThat(stop.exitCode()).isEqualTo(129);
            }
            // Closed: the earlier handler has the signals again.
            Signal.raise(new Signal("TERM"));
            waitFor(outer);
            assertThat(outer.reason()).isEqualTo("SIGTERM");
            assertThat(outer.exitCode()).isEqualTo(143);
        }
    }

    /** Signal handlers run on their own thread. */
    private static void waitFor(StopRequest stop) throws InterruptedException {
        for (int i = 0; i < 200 && !stop.requested(); i++) {
            Thread.sleep(10);
        }
    }
}
