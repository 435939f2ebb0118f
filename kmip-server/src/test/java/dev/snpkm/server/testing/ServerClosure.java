package dev.snpkm.server.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Whether a test client's server closed the connection, for the test connections over TLS. */
final class ServerClosure {
    private ServerClosure() {}

    /**
     * Whether the server closes the connection within {@code within}: a read returns end-of-stream or fails with a
     * TLS alert or reset. False if data arrives or the wait times out. The socket's read timeout is then restored.
     */
    static boolean within(Socket socket, InputStream in, Duration within, Duration readTimeout) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | SSLException | SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout((int) readTimeout.toMillis());
        }
    }
}
