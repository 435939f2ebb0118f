package dev.snpkm.server.conformance;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.testing.HttpBody;
import dev.snpkm.server.testing.HttpsTestClient;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/**
 * A {@link KmipExchange} over KMIP over HTTPS (KMIP Profiles 2.1 §5.3): each request is POSTed to /kmip on one kept-alive
 * mutually authenticated TLS connection to 127.0.0.1, in one body encoding, and the answer must come back as HTTP 200
 * in the same encoding.
 */
final class HttpsExchange implements KmipExchange {
    private static final KmipRegistry R = KmipRegistry.get();
    private static final int REQUEST_HEADER = R.tagValue("Request Header");
    private static final int PROTOCOL_VERSION = R.tagValue("Protocol Version");
    private static final int MAJOR = R.tagValue("Protocol Version Major");
    private static final int MINOR = R.tagValue("Protocol Version Minor");

    private final HttpsTestClient client;
    private final HttpBody encoding;

    private HttpsExchange(HttpsTestClient client, HttpBody encoding) {
        this.client = client;
        this.encoding = encoding;
    }

    static KmipExchange.Opener to(SSLContext context, int port, HttpBody encoding) {
        return () -> new HttpsExchange(HttpsTestClient.open(context, port), encoding);
    }

    @Override
    public Ttlv roundTrip(Ttlv request) throws IOException {
        HttpsTestClient.Response r = client.post(encoding.contentType(), encoding.encode(request, versionOf(request)));
        if (r.status() != 200) {
            throw new IOException("HTTP " + r.status() + ": " + r.text().strip());
        }
        if (!encoding.contentType().equals(r.header("Content-Type"))) {
            throw new IOException("answered as " + r.header("Content-Type") + ", asked as " + encoding.contentType());
        }
        return encoding.decode(r.body());
    }

    /** The request's own version names its enumerations in the text encodings. */
    private static KmipVersion versionOf(Ttlv request) {
        if (request instanceof Ttlv.Structure m
                && m.child(REQUEST_HEADER).orElse(null) instanceof Ttlv.Structure h
                && h.child(PROTOCOL_VERSION).orElse(null) instanceof Ttlv.Structure v
                && v.child(MAJOR).orElse(null) instanceof Ttlv.IntegerItem major
                && v.child(MINOR).orElse(null) instanceof Ttlv.IntegerItem minor) {
            return new KmipVersion(major.value(), minor.value());
        }
        return KmipVersion.V2_1;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
