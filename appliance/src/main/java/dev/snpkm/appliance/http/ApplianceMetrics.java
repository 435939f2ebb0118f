package dev.snpkm.appliance.http;

import dev.snpkm.appliance.bootstrap.CertificateAuthority;
import dev.snpkm.server.transport.KmipServer;
import dev.snpkm.server.transport.TransportCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The appliance's own meters over the transport's counters: connections, TLS handshakes (full, client-verified)
 * and failures, requests, busy answers, plus the server certificate's remaining lifetime — expired TLS certificates
 * are the classic key-manager outage, and Cosmian/Vault do not alert on it. Release metrics come from the engine.
 */
public final class ApplianceMetrics {
    private ApplianceMetrics() {}

    public static void bind(MeterRegistry registry, KmipServer server, Path serverCertificate, Clock clock) {
        TransportCounters c = server.counters();
        counter(
                registry,
                "kmip.connections.accepted",
                "TCP connections admitted by the connection limit",
                c,
                TransportCounters::connectionsAccepted);
        counter(
                registry,
                "kmip.connections.rejected",
                "connections closed at the connection limit",
                c,
                TransportCounters::connectionsRejected);
        FunctionCounter.builder("kmip.tls.handshakes", server, s -> s.clientCertificateVerifications())
                .description("full TLS handshakes that verified a client certificate")
                .tag("result", "ok")
                .register(registry);
        counter(
                registry,
                "kmip.tls.handshake.failures",
                "TLS handshakes that failed",
                c,
                TransportCounters::handshakeFailures);
        counter(
                registry,
                "kmip.requests.processed",
                "KMIP request messages answered",
                c,
                TransportCounters::requestsProcessed);
        counter(registry, "kmip.requests.busy", "requests answered 'server busy'", c, TransportCounters::busyResponses);
        counter(
                registry,
                "kmip.framing.errors",
                "connections closed for bad or oversize TTLV framing",
                c,
                TransportCounters::framingErrors);
        Gauge.builder("kmip.requests.queued", server, KmipServer::queuedRequests)
                .description("requests waiting for a worker")
                .register(registry);
        counter(
                registry,
                "kmip.connections.refused.source",
                "connections refused for their source address "
                        + "(per-source limits, or the slots reserved for new sources)",
                c,
                TransportCounters::sourceRefusals);
        Gauge.builder("kmip.tls.handshakes.pending", server, KmipServer::pendingHandshakes)
                .description("connections admitted and still in their TLS handshake")
                .register(registry);
        counter(
                registry,
                "kmip.frame.timeouts",
                "connections closed because a request did not arrive whole in time",
                c,
                TransportCounters::frameTimeouts);
        counter(
                registry,
                "kmip.connections.read.paused",
                "times a connection stopped being read (backpressure)",
                c,
                TransportCounters::readPauses);
        counter(
                registry,
                "kmip.https.refused",
                "KMIP-over-HTTPS requests refused with an HTTP error status (method, path, type, size)",
                c,
                TransportCounters::httpRefusals);
        FunctionCounter.builder("kmip.rate.limited", c, TransportCounters::rateLimited)
                .description("requests refused for exceeding a per-client rate")
                .tag("limit", "requests")
                .register(registry);
        Gauge.builder("kmip.tls.provider.info", () -> 1)
                .description("the TLS implementation serving the KMIP port (tag provider: openssl or jdk)")
                .tag("provider", server.tlsProvider().configName())
                .register(registry);
        Gauge.builder("kmip.transport.info", () -> 1)
                .description("the socket layer serving the KMIP port (tag transport: epoll or nio)")
                .tag("transport", server.transport().configName())
                .register(registry);
        X509Certificate cert = readQuietly(serverCertificate);
        if (cert != null) {
            Gauge.builder(
                            "kmip.tls.certificate.expiry.seconds",
                            cert,
                            x -> (x.getNotAfter().toInstant().toEpochMilli() - clock.millis()) / 1000.0)
                    .description("seconds until the KMIP server certificate expires (negative: expired)")
                    .tag("subject", cert.getSubjectX500Principal().getName())
                    .baseUnit("seconds")
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static void counter(
            MeterRegistry r, String name, String help, TransportCounters c, ToDoubleFunction<TransportCounters> f) {
        FunctionCounter.builder(name, c, f).description(help).register(r);
    }

    private static @Nullable X509Certificate readQuietly(Path pem) {
        try {
            return CertificateAuthority.readCertificate(pem);
        } catch (Exception e) {
            return null; // no gauge rather than no appliance: the TLS context already loaded this file
        }
    }
}
