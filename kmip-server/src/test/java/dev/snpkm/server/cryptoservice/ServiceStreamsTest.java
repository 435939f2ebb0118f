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
        streams.put("b", "k1", "s2", RANDOM, now, KmipVersion.V2_1);

        assertThatThrownBy(() -> streams.put("c", "k1", "s3", RANDOM, now, KmipVersion.V2_1))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.SERVER_LIMIT_EXCEEDED));
        assertThat(streams.size()).isEqualTo(2);
    }

    @Test
    void oneClientHoldsAtMostASixteenthOfTheStreamsAndOthersStillOpenTheirs() {
        ServiceStreams<String> streams = new ServiceStreams<>(64, Duration.ofMinutes(5));
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        for (int i = 0; i < 4; i++) {
            streams.put("greedy", "k1", "s" + i, RANDOM, now, KmipVersion.V2_1);
        }

        assertThatThrownBy(() -> streams.put("greedy", "k1", "s4", RANDOM, now, KmipVersion.V2_1))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.SERVER_LIMIT_EXCEEDED))
                .hasMessageContaining("this client holds 4 open streams, its share");
        streams.put("other", "k2", "t0", RANDOM, now, KmipVersion.V2_1);
        assertThat(streams.size()).isEqualTo(5);
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

    @Test
    void whatStreamsHoldIsBoundedPerStreamAndInAllAndAnEndedStreamFreesItsShare() {
        // states are their own weights: the bytes each holds back until its final part
        ServiceStreams<Long> streams = new ServiceStreams<>(16, Duration.ofMinutes(5), n -> n, 100, 250);
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        Bytes a = streams.put("a", "k1", 100L, RANDOM, now, KmipVersion.V2_1);
        streams.put("b", "k1", 100L, RANDOM, now, KmipVersion.V2_1);

        assertThatThrownBy(() -> streams.put("c", "k1", 101L, RANDOM, now, KmipVersion.V2_1))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.SERVER_LIMIT_EXCEEDED))
                .hasMessageContaining("holds 101 bytes until its final part, more than the 100 a stream may");
        assertThatThrownBy(() -> streams.put("c", "k1", 60L, RANDOM, now, KmipVersion.V1_4))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.GENERAL_FAILURE))
                .hasMessageContaining("the open streams would hold 260 bytes");
        ServiceStreams.Open<Long> taken = streams.take(a, "a", now);
        assertThatThrownBy(() -> streams.putBack(
                        a, new ServiceStreams.Open<>("a", "k1", 120L, now.instant()), now, KmipVersion.V2_1))
                .as("a part that takes a stream over its share ends it")
                .isInstanceOf(KmipOperationException.class);
        assertThat(taken.state()).isEqualTo(100L);

        streams.put("c", "k1", 60L, RANDOM, now, KmipVersion.V2_1); // the ended stream's 100 bytes are free again
        assertThat(streams.size()).isEqualTo(2);
    }

    @Test
    void aStreamWhosePartIsRunningStillCountsUntilItIsPutBackOrDone() {
        ServiceStreams<Long> streams = new ServiceStreams<>(16, Duration.ofMinutes(5), n -> n, 100, 150);
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        Bytes a = streams.put("a", "k1", 100L, RANDOM, now, KmipVersion.V2_1);
        ServiceStreams.Open<Long> running = streams.take(a, "a", now);
        assertThat(running).isNotNull();

        assertThatThrownBy(() -> streams.put("b", "k1", 60L, RANDOM, now, KmipVersion.V2_1))
                .as("the taken stream's 100 bytes are still held while its part runs")
                .hasMessageContaining("the open streams would hold 160 bytes");

        streams.done(a); // its final part ended it
        streams.put("b", "k1", 60L, RANDOM, now, KmipVersion.V2_1);
        assertThat(streams.size()).isEqualTo(1);
    }

    @Test
    void anAesGcmDecryptHoldsEverythingUntilItsTagAndIsCountedSo() throws Exception {
        byte[] key = new byte[16];
        SymmetricCiphers.Started gcm = SymmetricCiphers.start(
                dev.snpkm.kmip.enums.EnumCode.of(dev.snpkm.kmip.enums.CryptographicAlgorithm.AES),
                new CipherRequest(
                        false,
                        key,
                        dev.snpkm.kmip.attribute.CryptographicParameters.builder()
                                .blockCipherMode(dev.snpkm.kmip.enums.BlockCipherMode.GCM)
                                .build(),
                        new byte[12],
                        null,
                        16,
                        RANDOM,
                        KmipVersion.V2_1));
        assertThat(gcm.cipher().update(new byte[1000])).isEmpty();
        gcm.cipher().update(new byte[24]);
        assertThat(gcm.held()).isEqualTo(1024);
    }
}
