package dev.snpkm.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KmipMetricsTest {

    @Test
    void requestsAreCountedAndTimedByOperationAndResult() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        KmipMetrics m = new KmipMetrics(r, Map::of);
        m.request(Operation.GET, ResultStatus.SUCCESS, Duration.ofMillis(2));
        m.request(Operation.GET, ResultStatus.OPERATION_FAILED, Duration.ofMillis(4));
        m.request(Operation.GET, ResultStatus.SUCCESS, Duration.ofMillis(6));

        assertThat(r.get(KmipMetrics.REQUESTS)
                        .tags("operation", "get", "result", "success")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(r.get(KmipMetrics.REQUESTS)
                        .tags("operation", "get", "result", "operation_failed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(r.get(KmipMetrics.REQUEST_DURATION)
                        .tags("operation", "get")
                        .timer()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void everyRequestCountsOnTheRegistrysMetersAndUnknownOperationsOnlyOnceOneCame() {
        PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KmipMetrics m = new KmipMetrics(prom, Map::of);
        m.declare(java.util.List.of(Operation.GET));
        for (int i = 0; i < 5; i++) {
            m.request(Operation.GET, ResultStatus.SUCCESS, Duration.ofMillis(1));
        }
        assertThat(prom.scrape())
                .contains("kmip_requests_total{operation=\"get\",result=\"success\"} 5.0")
                .contains("kmip_requests_total{operation=\"get\",result=\"operation_failed\"} 0.0")
                .contains("kmip_request_duration_seconds_count{operation=\"get\"} 5")
                .doesNotContain("operation=\"unknown\"");

        m.request(null, ResultStatus.OPERATION_FAILED, Duration.ofMillis(1));
        m.request(null, ResultStatus.OPERATION_FAILED, Duration.ofMillis(1));
        m.request(Operation.GET, ResultStatus.OPERATION_FAILED, Duration.ofMillis(1));
        assertThat(prom.scrape())
                .contains("kmip_requests_total{operation=\"unknown\",result=\"operation_failed\"} 2.0")
                .contains("kmip_request_duration_seconds_count{operation=\"unknown\"} 2")
                .contains("kmip_requests_total{operation=\"get\",result=\"operation_failed\"} 1.0")
                .contains("kmip_request_duration_seconds_count{operation=\"get\"} 6");
    }

    @Test
    void connectionsGaugeFollowsOpensAndCloses() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        KmipMetrics m = new KmipMetrics(r, Map::of);
        m.connectionOpened();
        m.connectionOpened();
        m.connectionClosed();

        assertThat(r.get(KmipMetrics.CONNECTIONS).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void objectsByStateAreReadFromTheSupplierOnEveryScrape() {
        PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Map<State, Long> counts = new EnumMap<>(State.class);
        counts.put(State.ACTIVE, 7L);
        new KmipMetrics(prom, () -> counts);

        assertThat(prom.scrape())
                .contains("kmip_objects{state=\"active\"} 7")
                .contains("kmip_objects{state=\"destroyed\"} 0");
        counts.put(State.ACTIVE, 9L);
        assertThat(prom.scrape()).contains("kmip_objects{state=\"active\"} 9");
    }
}
