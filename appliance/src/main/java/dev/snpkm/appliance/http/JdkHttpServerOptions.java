package dev.snpkm.appliance.http;

import java.time.Duration;

/**
 * The JDK HTTP server's options that exist only as system properties, read once when its first server is created
 * (sun.net.httpserver.ServerConfig), so they are set here before {@link OpsHttpServer} creates one; a value already
 * given on the command line wins.
 *
 * <ul>
 *   <li>Request and response deadlines ({@code maxReqTime}, {@code maxRspTime}, in seconds): a stalled client cannot
 *       hold a server thread for longer. The response deadline runs from the request, not from the last byte sent,
 *       so an online backup, streamed as it is made, must end within it: hence its own, longer setting.
 *   <li>{@code nodelay}: the server writes a response's head and body separately, and without TCP_NODELAY the body
 *       of every request after the first on a kept-alive connection waited for the client's delayed ACK: 44-48 ms
 *       per admin request or scrape against 2-4 ms on a fresh connection (curl, several URLs on one connection, on
 *       the appliance of session 19).
 * </ul>
 */
final class JdkHttpServerOptions {
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private JdkHttpServerOptions() {}

    static void apply(Duration requestTimeout, Duration responseTimeout) {
        setUnlessGiven(MAX_REQUEST_SECONDS, Long.toString(Math.max(1, requestTimeout.toSeconds())));
        setUnlessGiven(MAX_RESPONSE_SECONDS, Long.toString(Math.max(1, responseTimeout.toSeconds())));
        setUnlessGiven(NO_DELAY, "true");
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
