package backproplab.training;

import static backproplab.IgnoredSignals.isIgnored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Signals become a request to stop at a safe point, only while training listens for them. */
class StopRequestTest {

    @Test
    void aHangupBecomesAStopRequestWithTheShellsExitCode() throws Exception {
        // Under nohup the JVM starts with SIGHUP ignored, and training keeps it so (the next
        // test); then there is no hangup to turn into a request.
        assumeFalse(isIgnored("HUP"), "SIGHUP is ignored in this JVM (nohup)");
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

    @Test
    void aSignalIgnoredWhenTrainingStartsStaysIgnored() throws Exception {
        Signal hup = new Signal("HUP");
        SignalHandler original = Signal.handle(hup, SignalHandler.SIG_IGN);
        try {
            StopRequest stop = new StopRequest();
            try (AutoCloseable signals = stop.onSignals()) {
                assertThat(isIgnored("HUP")).as("SIGHUP still ignored while training").isTrue();
                // The JVM refuses to raise a signal that is ignored: nohup's promise holds.
                assertThatThrownBy(() -> Signal.raise(hup))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(stop.requested()).isFalse();
            }
            assertThat(isIgnored("HUP")).as("and after").isTrue();
        } finally {
            Signal.handle(hup, original);
        }
    }

    /** Signal handlers run on their own thread. */
    private static void waitFor(StopRequest stop) throws InterruptedException {
        for (int i = 0; i < 200 && !stop.requested(); i++) {
            Thread.sleep(10);
        }
    }
}
