package dev.snpkm.appliance;

import sun.misc.Signal;

/**
 * SIGTERM/SIGINT as an ordinary event. With only a shutdown hook the JVM exits 143 after SIGTERM, and systemd and
 * Docker read that as a failure; handling the signal lets the main thread shut down gracefully and exit 0.
 */
final class TerminationSignals {
    private TerminationSignals() {
    }

    @SuppressWarnings("sunapi")
    static void onTerminate(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
        Signal.handle(new Signal("INT"), s -> action.run());
    }
}
