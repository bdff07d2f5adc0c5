package backproplab;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Whether a signal is ignored in this JVM: as under nohup (SIGHUP), or in a shell's background
 * job (SIGINT), whose ignored signals the JVM and the processes it starts inherit.
 */
public final class IgnoredSignals {

    private IgnoredSignals() {}

    /** Asked without changing it: the handler is put back at once. */
    public static boolean isIgnored(String name) {
        Signal signal = new Signal(name);
        SignalHandler before = Signal.handle(signal, SignalHandler.SIG_IGN);
        Signal.handle(signal, before);
        return before == SignalHandler.SIG_IGN;
    }
}
