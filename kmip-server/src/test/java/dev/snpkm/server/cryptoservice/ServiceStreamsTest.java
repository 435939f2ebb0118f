package dev.snpkm.server.cryptoservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The open-stream table is bounded in number and idle time, and a stream answers only to the client that opened it. */
class ServiceStreamsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    @Test
    void aFullTableRefusesANewStreamWithServerLimitExceeded() {
        ServiceStreams<String> streams = new ServiceStreams<>(2, Duration.ofMinutes(5));
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        streams.put("a", "k1", "s1", RANDOM, now, KmipVersion.V2_1);
        streams.put("a", "k1", "s2", RANDOM, now, KmipVersion.V2_1);

        assertThatThrownBy(() -> streams.put("a", "k1", "s3", RANDOM, now, KmipVersion.V2_1))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.SERVER_LIMIT_EXCEEDED));
        assertThat(streams.size()).isEqualTo(2);
    }

    @Test
    void idleStreamsExpireAndFreeTheirPlace() {
        ServiceStreams<String> streams = new ServiceStreams<>(1, Duration.ofMinutes(5));
        Bytes old = streams.put("a", "k1", "s1", RANDOM, Clock.fixed(T0, ZoneOffset.UTC), KmipVersion.V2_1);
        Clock later = Clock.fixed(T0.plus(Duration.ofMinutes(6)), ZoneOffset.UTC);

        Bytes fresh = streams.put("a", "k1", "s2", RANDOM, later, KmipVersion.V2_1);

        assertThat(streams.take(old, "a", later)).as("expired").isNull();
        assertThat(streams.take(fresh, "a", later).state()).isEqualTo("s2");
    }

    @Test
    void anotherClientCannotTakeAStreamAndLeavesItInPlace() {
        ServiceStreams<String> streams = new ServiceStreams<>();
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        Bytes cv = streams.put("a", "k1", "s1", RANDOM, now, KmipVersion.V2_1);

        assertThat(streams.take(cv, "b", now)).isNull();
        ServiceStreams.Open<String> mine = streams.take(cv, "a", now);
        assertThat(mine.uid()).isEqualTo("k1");
        assertThat(streams.take(cv, "a", now)).as("taken: a part runs alone").isNull();
    }
}
