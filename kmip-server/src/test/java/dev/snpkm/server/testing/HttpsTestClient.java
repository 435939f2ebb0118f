package dev.snpkm.server.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1 client over a real mutually authenticated TLS connection to 127.0.0.1, for KMIP over HTTPS
 * tests: posts bodies, or writes raw bytes (malformed requests), and reads whole responses by their Content-Length.
 */
public final class HttpsTestClient implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** A response: status, headers by lower-case name, body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private HttpsTestClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        // One TLS record per request: a head and a body written apart wait on Nagle and a delayed ACK (~40 ms).
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    public static HttpsTestClient open(SSLContext context, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new HttpsTestClient(s);
    }

    /** {@code POST /kmip} with this Content-Type and body, keeping the connection open; returns the response. */
    public Response post(String contentType, byte[] body) throws IOException {
        send(head("POST", "/kmip", contentType, body.length), body);
        return read();
    }

    /** A request head with Host, Content-Type (if not null) and Content-Length (if not negative). */
    public static byte[] head(String method, String path, String contentType, long contentLength) {
        StringBuilder h = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (contentLength >= 0) {
            h.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    public void send(byte[]... parts) throws IOException {
        for (byte[] p : parts) {
            out.write(p);
        }
        out.flush();
    }

    /** Reads one response: status line, headers, then Content-Length bytes of body. */
    public Response read() throws IOException {
        String status = line();
        String[] statusParts = status.split(" ", 3);
        if (statusParts.length < 2 || !statusParts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(
                    l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
        }
        return new Response(Integer.parseInt(statusParts[1]), headers, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed in a response head");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Whether the server closes the connection within {@code within} (end of stream, TLS alert or reset). */
    public boolean closedByServer(Duration within) throws IOException {
        return ServerClosure.within(socket, in, within, READ_TIMEOUT);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
