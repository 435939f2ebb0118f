package dev.snpkm.server.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.store.NonceStore.NonceCheck;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatelessNoncesTest {
    static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final byte[] key = NonceKeys.fresh();
    final StatelessNonces nonces = new StatelessNonces(key, new SecureRandom(), clock, Duration.ofSeconds(60));

    @Test
    void aNonceChecksForItsClientAndObjectUntilItExpires() {
        Nonce n = nonces.issue("fp-a", "uid-1");
        assertThat(nonces.check(n, "fp-a", "uid-1", T0.plusSeconds(59))).isEqualTo(NonceCheck.ACCEPTED);
        assertThat(nonces.check(n, "fp-a", "uid-1", T0.plusSeconds(60))).isEqualTo(NonceCheck.EXPIRED);
        assertThat(nonces.check(n, "fp-b", "uid-1", T0)).isEqualTo(NonceCheck.MISMATCH);
        assertThat(nonces.check(n, "fp-a", "uid-2", T0)).isEqualTo(NonceCheck.MISMATCH);
    }

    @Test
    void fieldsCannotBeShiftedBetweenClientAndObject() {
        Nonce n = nonces.issue("fp-a", "uid-1");
        assertThat(nonces.check(n, "fp-au", "id-1", T0)).isEqualTo(NonceCheck.MISMATCH);
    }

    @Test
    void anExtendedExpiryOrAnAlteredRandomPartBreaksTheMac() {
        Nonce n = nonces.issue("fp-a", "uid-1");
        byte[] later = n.id().toByteArray();
        later[8] += 1; // the expiry's last byte: 1 ms later (authenticated)
        byte[] salted = n.id().toByteArray();
        salted[24] ^= 1;
        assertThat(nonces.check(new Nonce(Bytes.of(later), n.value()), "fp-a", "uid-1", T0))
                .isEqualTo(NonceCheck.MISMATCH);
        assertThat(nonces.check(new Nonce(Bytes.of(salted), n.value()), "fp-a", "uid-1", T0))
                .isEqualTo(NonceCheck.MISMATCH);
    }

    @Test
    void malformedNoncesAreUnknown() {
        Nonce n = nonces.issue("fp-a", "uid-1");
        byte[] v2 = n.id().toByteArray();
        v2[0] = 2;
        assertThat(nonces.check(new Nonce(Bytes.of(new byte[16]), n.value()), "fp-a", "uid-1", T0))
                .isEqualTo(NonceCheck.UNKNOWN);
        assertThat(nonces.check(new Nonce(n.id(), Bytes.of(new byte[31])), "fp-a", "uid-1", T0))
                .isEqualTo(NonceCheck.UNKNOWN);
        assertThat(nonces.check(new Nonce(Bytes.of(v2), n.value()), "fp-a", "uid-1", T0))
                .isEqualTo(NonceCheck.UNKNOWN);
    }

    @Test
    void aNonceFromAGateWithALongerTtlIsRefusedAsExpired() {
        StatelessNonces longLived = new StatelessNonces(key, new SecureRandom(), clock, Duration.ofHours(1));
        Nonce n = longLived.issue("fp-a", "uid-1");
        assertThat(nonces.check(n, "fp-a", "uid-1", T0)).isEqualTo(NonceCheck.EXPIRED);
    }

    @Test
    void nodesWithTheSameKeyAgreeAndOthersDoNot() {
        Nonce n = nonces.issue("fp-a", "uid-1");
        StatelessNonces sameKey = new StatelessNonces(key, new SecureRandom(), clock, Duration.ofSeconds(60));
        StatelessNonces otherKey =
                new StatelessNonces(NonceKeys.fresh(), new SecureRandom(), clock, Duration.ofSeconds(60));
        assertThat(sameKey.check(n, "fp-a", "uid-1", T0)).isEqualTo(NonceCheck.ACCEPTED);
        assertThat(otherKey.check(n, "fp-a", "uid-1", T0)).isEqualTo(NonceCheck.MISMATCH);
    }
}
