package backproplab.lab.http;

import java.util.Locale;

/**
 * Who can reach a lab, from the address it listens on: this machine only (loopback), every
 * network the machine is on (a wildcard address), or one address of one network.
 */
public enum Reach {
    LOOPBACK, EVERY_ADDRESS, ONE_ADDRESS;

    public static Reach of(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            return EVERY_ADDRESS;
        }
        boolean loopback = h.equals("localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("[::1]");
        return loopback ? LOOPBACK : ONE_ADDRESS;
    }

    /** Whether others than this machine's users may reach it: then it wants a token. */
    public boolean beyondThisMachine() {
        return this != LOOPBACK;
    }
}
