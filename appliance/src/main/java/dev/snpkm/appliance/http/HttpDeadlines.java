package dev.snpkm.appliance.http;

import java.time.Duration;

/**
 * The JDK HTTP server's request and response deadlines. It reads them once, from system properties, when its first
 * server is created (sun.net.httpserver.ServerConfig: {@code maxReqTime}, {@code maxRspTime}, in seconds), so they
 * are set here before {@link OpsHttpServer} creates one; a value already given on the command line wins.
 */
final class HttpDeadlines {
    /** The response deadline is this many request deadlines: a backup download is larger than any request. */
    static final int RESPONSE_FACTOR = 6;

    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";

    private HttpDeadlines() {}

    static void apply(Duration requestTimeout) {
        long seconds = Math.max(1, requestTimeout.toSeconds());
        setUnlessGiven(MAX_REQUEST_SECONDS, seconds);
        setUnlessGiven(MAX_RESPONSE_SECONDS, seconds * RESPONSE_FACTOR);
    }

    private static void setUnlessGiven(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }
}
