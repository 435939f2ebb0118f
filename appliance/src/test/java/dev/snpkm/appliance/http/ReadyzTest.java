package dev.snpkm.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** /readyz: a store that refuses writes for want of disk still serves reads, so it stays ready and says why. */
class ReadyzTest {
    @Test
    void aFullStoreIsReportedAndReadinessFollowsTheStore() throws Exception {
        AtomicReference<OpsHttpServer.Readiness> now = new AtomicReference<>(new OpsHttpServer.Readiness(true, true));
        AdminRoutes.Actions none = (AdminRoutes.Actions) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {AdminRoutes.Actions.class}, (proxy, method, args) -> null);
        try (OpsHttpServer http = OpsHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                4,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                now::get,
                new AdminRoutes("token", none))) {
            assertThat(readyz(http).body()).isEqualTo("ready store=ok kmip=listening\n");

            now.set(new OpsHttpServer.Readiness(true, true, "the store is full: 12 MB free on its disk"));
            HttpResponse<String> full = readyz(http);
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(full.body())
                    .isEqualTo("ready store=full (the store is full: 12 MB free on its disk) " + "kmip=listening\n");

            now.set(new OpsHttpServer.Readiness(false, true));
            assertThat(readyz(http).statusCode()).isEqualTo(503);
        }
    }

    private static HttpResponse<String> readyz(OpsHttpServer http) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/readyz"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
