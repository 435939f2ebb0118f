package dev.snpkm.server.testing;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** A blocking KMIP-over-TLS connection for tests: writes raw frames, reads whole TTLV messages, with timeouts. */
public final class KmipTestConnection implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private KmipTestConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1 and completes the client side of the handshake. */
    public static KmipTestConnection open(SSLContext context, int port, String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new KmipTestConnection(s);
    }

    /** As {@link #open}, with a small receive buffer: a client that stops reading backs up onto the server sooner. */
    public static KmipTestConnection openWithReceiveBuffer(SSLContext context, int port, int receiveBufferBytes)
            throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            s.setReceiveBufferSize(receiveBufferBytes);
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new KmipTestConnection(s);
    }

    public SSLSession session() {
        return socket.getSession();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(Ttlv message) throws IOException {
        send(TtlvEncoder.encode(message));
    }

    /** Reads one whole message: the 8-byte header, then its Length. */
    public Ttlv receive() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        long length;
        try {
            length = TtlvDecoder.frameLength(header);
        } catch (TtlvException e) {
            throw new IOException("server sent a bad frame: " + e.getMessage(), e);
        }
        byte[] frame = new byte[(int) length];
        System.arraycopy(header, 0, frame, 0, 8);
        in.readFully(frame, 8, frame.length - 8);
        try {
            return new TtlvDecoder().decode(frame);
        } catch (TtlvException e) {
            throw new IOException("server sent bad TTLV: " + e.getMessage(), e);
        }
    }

    public Ttlv roundTrip(Ttlv request) throws IOException {
        send(request);
        return receive();
    }

    /**
     * Whether the server closes the connection within {@code within}: a read returns end-of-stream or fails with a
     * TLS alert or reset. False if data arrives or the wait times out.
     */
    public boolean closedByServer(Duration within) throws IOException {
        return ServerClosure.within(socket, in, within, READ_TIMEOUT);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
