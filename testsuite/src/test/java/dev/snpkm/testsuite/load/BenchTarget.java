package dev.snpkm.testsuite.load;

/** A KMIP server under load, listening on 127.0.0.1. */
interface BenchTarget extends AutoCloseable {
    String name();

    int port();

    @Override
    void close();
}
