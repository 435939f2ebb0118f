package dev.snpkm.server.conformance;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.testing.KmipTestConnection;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/** A {@link KmipExchange} over a real mutually authenticated TLS connection to 127.0.0.1 (5 s read timeout). */
final class TlsExchange implements KmipExchange {
    private final KmipTestConnection connection;

    private TlsExchange(KmipTestConnection connection) {
        this.connection = connection;
    }

    static KmipExchange.Opener to(SSLContext client, int port, String... protocols) {
        return () -> new TlsExchange(KmipTestConnection.open(client, port, protocols));
    }

    @Override
    public Ttlv roundTrip(Ttlv request) throws IOException {
        return connection.roundTrip(request);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
