package dev.snpkm.testsuite.load;

import java.time.Duration;
import java.util.Optional;

/** A KMIP server under load, listening on 127.0.0.1 (one port, or one per node of a cluster). */
interface BenchTarget extends AutoCloseable {
    String name();

    int port();

    /** The port the given connection (0, 1, ...) of a cell connects to: a cluster spreads them over its nodes. */
    default int port(int connection) {
        return port();
    }

    /** CPU time the target's database process has used so far, if it runs in processes of its own. */
    default Optional<Duration> databaseCpu() {
        return Optional.empty();
    }

    /** The store's durable commits and forced writes so far, if the target reports them. */
    default WindowSample.StoreCounters storeCounters() {
        return WindowSample.StoreCounters.NONE;
    }

    @Override
    void close();
}
