package dev.snpkm.testsuite.load;

/** A KMIP server under load, listening on 127.0.0.1. */
interface BenchTarget extends AutoCloseable {
    String name();

    int port();

    /** The store's durable commits and forced writes so far, if the target reports them. */
    default WindowSample.StoreCounters storeCounters() {
        return WindowSample.StoreCounters.NONE;
    }

    @Override
    void close();
}
