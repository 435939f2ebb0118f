package dev.snpkm.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReleaseMetricsTest {

    @Test
    void prometheusExposesTheReleaseCounterAsKmipKeyReleasesTotal() {
        PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReleaseMetrics m = new ReleaseMetrics(prom);
        m.decision("prod-web", ReleaseMetrics.Result.DENIED, "DEBUG_ENABLED");
        m.verification(false, Duration.ofMillis(3));

        String scrape = prom.scrape();

        assertThat(scrape).contains("kmip_key_releases_total{");
        assertThat(scrape)
                .containsPattern(
                        "kmip_key_releases_total\\{[^}]*policy=\"prod-web\"[^}]*reason=\"DEBUG_ENABLED\"[^}]*result=\"denied\"[^}]*} 1\\.0");
        assertThat(scrape).contains("kmip_attestation_verification_seconds_count{outcome=\"refused\"} 1");
    }

    @Test
    void decisionsAreCountedPerPolicyResultAndReason() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        ReleaseMetrics m = new ReleaseMetrics(r);
        m.decision("prod-web", ReleaseMetrics.Result.RELEASED, "NONE");
        m.decision("prod-web", ReleaseMetrics.Result.RELEASED, "NONE");
        m.decision("prod-web", ReleaseMetrics.Result.CHALLENGED, "ATTESTATION_REQUIRED");

        assertThat(r.get(ReleaseMetrics.RELEASES)
                        .tags("policy", "prod-web", "result", "released", "reason", "NONE")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(r.get(ReleaseMetrics.RELEASES)
                        .tags("result", "challenged")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
