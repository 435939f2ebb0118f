package dev.snpkm.server.conformance;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.io.IOException;

/** One client connection to the server under test: a request out, its response back, every wait bounded. */
interface KmipExchange extends AutoCloseable {
    Ttlv roundTrip(Ttlv request) throws IOException;

    @Override
    void close() throws IOException;

    /** Opens a fresh connection for each test case. */
    @FunctionalInterface
    interface Opener {
        KmipExchange open() throws IOException;
    }
}
