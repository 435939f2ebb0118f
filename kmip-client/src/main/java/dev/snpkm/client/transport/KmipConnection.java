package dev.snpkm.client.transport;

import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipTransportException.Stage;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.kmip.ttlv.TtlvLimits;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection to the key manager carrying one request at a time: write a TTLV message, read one framed
 * response (8-byte header, then its Length, capped). Not thread-safe; {@link KmipTransport} serialises callers.
 * After any failure the connection is closed and must not be reused, since a late response would answer the next
 * request.
 */
public final class KmipConnection implements AutoCloseable {
    private static final int HEADER = 8;
    /** How long the idle-liveness probe waits for a close_notify or EOF that is already on its way. */
    private static final int PROBE_MILLIS = 1;
    /**
     * A connection that answered within this time is used without the probe: servers close idle connections after
     * seconds, and the probe's blocking read costs a millisecond, which on a busy connection would be most of a
     * request's latency.
     */
    private static final long PROBE_AFTER_IDLE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final TransportSettings settings;
    private final TtlvDecoder decoder;
    private boolean broken;
    private long lastActivityNanos = System.nanoTime();

    private KmipConnection(SSLSocket socket, TransportSettings settings) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.settings = settings;
        this.decoder = new TtlvDecoder(new TtlvLimits(settings.maxResponseBytes(), TtlvLimits.DEFAULT.maxDepth()));
    }

    /** Connects, completes the handshake and checks the server's identity; nothing has been sent when this returns. */
    public static KmipConnection open(KmipEndpoint endpoint, ClientTlsConfig tls, TransportSettings settings)
            throws KmipTransportException {
        return open(endpoint, tls, settings, HostResolver.system());
    }

    static KmipConnection open(
            KmipEndpoint endpoint, ClientTlsConfig tls, TransportSettings settings, HostResolver resolver)
            throws KmipTransportException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            if (settings.localAddress() != null) {
                raw.bind(new InetSocketAddress(settings.localAddress(), 0));
            }
            // The name is resolved within the connect timeout too; the TLS check below still uses the name.
            InetAddress address = resolver.resolve(endpoint.host(), settings.connectTimeout());
            raw.connect(
                    new InetSocketAddress(address, endpoint.port()),
                    Math.toIntExact(settings.connectTimeout().toMillis()));
        } catch (IOException e) {
            closeQuietly(raw);
            throw new KmipTransportException(Stage.CONNECT, "cannot connect to " + endpoint + ": " + e, e);
        }
        SSLSocket tlsSocket = null;
        SocketWatchdog.Armed limit = SocketWatchdog.arm(raw, settings.readTimeout()); // the whole handshake
        try {
            raw.setSoTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
            tlsSocket = tls.wrap(raw, endpoint.host(), endpoint.port());
            tlsSocket.startHandshake();
            tls.checkServer(tlsSocket.getSession());
            limit.close();
            return new KmipConnection(tlsSocket, settings);
        } catch (IOException e) {
            limit.close();
            closeQuietly(tlsSocket == null ? raw : tlsSocket);
            if (limit.fired()) {
                throw new KmipTransportException(
                        Stage.HANDSHAKE,
                        "TLS handshake with " + endpoint + " not complete within " + settings.readTimeout(),
                        e);
            }
            throw new KmipTransportException(
                    handshakeStage(e), "TLS handshake with " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    /** A reset or EOF mid-handshake is transient; a certificate verdict or a TLS alert will repeat on every try. */
    private static Stage handshakeStage(IOException e) {
        if (e instanceof SSLPeerUnverifiedException) {
            return Stage.SERVER_REJECTED;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException) {
                return Stage.SERVER_REJECTED;
            }
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof SocketException) {
                return Stage.HANDSHAKE;
            }
        }
        if (e instanceof SSLHandshakeException) {
            return Stage.SERVER_REJECTED;
        }
        return Stage.HANDSHAKE;
    }

    /**
     * Sends one request and returns the response message. Any failure closes the connection; the exception's stage
     * says whether the request could have reached the server.
     */
    public Ttlv.Structure exchange(Ttlv.Structure request) throws KmipTransportException {
        if (broken) {
            throw new KmipTransportException(Stage.SEND, "connection already failed", null);
        }
        byte[] encoded = TtlvEncoder.encode(request);
        try {
            out.write(encoded);
            out.flush();
        } catch (IOException e) {
            fail();
            throw new KmipTransportException(Stage.SEND, "sending the request failed: " + e, e);
        } finally {
            java.util.Arrays.fill(encoded, (byte) 0); // a Register may carry key material
        }
        Ttlv.Structure response = receive();
        lastActivityNanos = System.nanoTime();
        return response;
    }

    /** The response, whole within the read timeout (not only each of its reads: {@link SocketWatchdog}). */
    private Ttlv.Structure receive() throws KmipTransportException {
        try (SocketWatchdog.Armed limit = SocketWatchdog.arm(socket, settings.readTimeout())) {
            try {
                return receiveFrame();
            } catch (KmipTransportException e) {
                if (limit.fired() && e.stage() == Stage.RECEIVE) {
                    throw new KmipTransportException(
                            Stage.RECEIVE, "no response within " + settings.readTimeout() + " (the whole response)", e);
                }
                throw e;
            }
        }
    }

    private Ttlv.Structure receiveFrame() throws KmipTransportException {
        byte[] header = new byte[HEADER];
        try {
            in.readFully(header);
        } catch (SocketTimeoutException e) {
            fail();
            throw new KmipTransportException(Stage.RECEIVE, "no response within " + settings.readTimeout(), e);
        } catch (IOException e) {
            fail();
            throw new KmipTransportException(Stage.RECEIVE, "connection lost while waiting for the response: " + e, e);
        }
        long length;
        try {
            length = TtlvDecoder.frameLength(header);
        } catch (TtlvException e) {
            fail();
            throw new KmipTransportException(Stage.PROTOCOL, "server sent a bad frame header: " + e.getMessage(), e);
        }
        if (length > settings.maxResponseBytes()) {
            fail();
            throw new KmipTransportException(
                    Stage.PROTOCOL,
                    "response of " + length + " bytes exceeds the limit of " + settings.maxResponseBytes() + " bytes",
                    null);
        }
        byte[] frame = new byte[(int) length];
        System.arraycopy(header, 0, frame, 0, HEADER);
        try {
            in.readFully(frame, HEADER, frame.length - HEADER);
        } catch (SocketTimeoutException e) {
            fail();
            throw new KmipTransportException(
                    Stage.RECEIVE, "response not complete within " + settings.readTimeout(), e);
        } catch (IOException e) {
            fail();
            throw new KmipTransportException(Stage.RECEIVE, "connection lost while reading the response: " + e, e);
        }
        try {
            return (Ttlv.Structure) decoder.decode(frame);
        } catch (TtlvException e) {
            fail();
            throw new KmipTransportException(Stage.PROTOCOL, "server sent malformed TTLV: " + e.getMessage(), e);
        } finally {
            // The response may hold key material; the decoded tree has its own copy.
            java.util.Arrays.fill(frame, (byte) 0);
        }
    }

    /**
     * Whether an idle connection can still carry a request. A server closes idle connections (close_notify or FIN);
     * writing into such a connection "succeeds" and only the read fails, after which the request must count as
     * possibly processed. Probing first turns that case into a clean reconnect.
     */
    public boolean isUsable() {
        if (broken || socket.isClosed()) {
            return false;
        }
        if (System.nanoTime() - lastActivityNanos < PROBE_AFTER_IDLE_NANOS) {
            return true;
        }
        try {
            socket.setSoTimeout(PROBE_MILLIS);
            in.read();
            // EOF: the server closed. A byte: the server sent something unasked, so the stream is out of step.
            fail();
            return false;
        } catch (SocketTimeoutException quiet) {
            return restoreTimeout();
        } catch (IOException e) {
            fail();
            return false;
        }
    }

    private boolean restoreTimeout() {
        try {
            socket.setSoTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
            return true;
        } catch (IOException e) {
            fail();
            return false;
        }
    }

    /** The negotiated protocol and suite, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    public String negotiated() {
        return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
    }

    private void fail() {
        broken = true;
        closeQuietly(socket);
    }

    @Override
    public void close() {
        broken = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a failed socket; nothing left to do
        }
    }
}
