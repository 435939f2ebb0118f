package dev.snpkm.appliance.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint on the JDK's HTTP server (no web framework in a key manager): {@code /metrics}
 * (Prometheus text), {@code /healthz} (the process answers), {@code /readyz} (store reachable and KMIP listening,
 * 503 otherwise) and the {@link AdminRoutes} under {@code /admin/}.
 *
 * <p>Stalled clients: the JDK server reads a request on one of its executor threads, so a client that sends half a
 * request holds a thread while it waits. Two such clients stopped the two threads this server had (issue 14). Now a
 * request must arrive whole within the request timeout and its response be taken within the response timeout, or the
 * JDK server closes the connection ({@link JdkHttpServerOptions}), and there are enough threads that a handful of stalled
 * clients leave some free; a connection arriving when every thread is taken is closed at once rather than queued
 * without bound.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    private final HttpServer http;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    public static OpsHttpServer start(
            InetSocketAddress address,
            int threads,
            Duration requestTimeout,
            Duration responseTimeout,
            PrometheusMeterRegistry registry,
            Supplier<Readiness> readiness,
            AdminRoutes admin)
            throws IOException {
        JdkHttpServerOptions.apply(requestTimeout, responseTimeout);
        HttpServer http = HttpServer.create(address, 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4), r -> {
                    Thread t = new Thread(r, "ops-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        http.setExecutor(executor);
        http.createContext(
                "/metrics", get(ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        http.createContext("/healthz", get(ex -> send(ex, 200, "text/plain", "ok\n")));
        http.createContext("/readyz", get(ex -> {
            Readiness r = readiness.get();
            send(ex, r.ready() ? 200 : 503, "text/plain", r.describe() + "\n");
        }));
        http.createContext("/admin/", admin);
        http.start();
        return new OpsHttpServer(http, executor);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * What /readyz reports. A full store still serves reads, so it stays ready and says why writes are refused.
     *
     * @param storeReachable the database answered a query
     * @param kmipListening the KMIP listener is bound and not shutting down
     * @param storeFull why the store refuses writes (its disk is nearly full), or null when it accepts them
     */
    public record Readiness(
            boolean storeReachable,
            boolean kmipListening,
            @Nullable String storeFull) {
        public Readiness(boolean storeReachable, boolean kmipListening) {
            this(storeReachable, kmipListening, null);
        }

        public boolean ready() {
            return storeReachable && kmipListening;
        }

        String describe() {
            String store = !storeReachable ? "unreachable" : storeFull == null ? "ok" : "full (" + storeFull + ")";
            return (ready() ? "ready" : "not ready") + " store=" + store + " kmip="
                    + (kmipListening ? "listening" : "down");
        }
    }

    private static HttpHandler get(HttpHandler h) {
        return ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    send(ex, 405, "text/plain", "use GET\n");
                    return;
                }
                h.handle(ex);
            } catch (RuntimeException e) {
                LOG.error(
                        "event=http_error path={} error=\"{}\"",
                        ex.getRequestURI().getPath(),
                        e.toString());
            }
        };
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(1);
        executor.shutdownNow();
    }
}
