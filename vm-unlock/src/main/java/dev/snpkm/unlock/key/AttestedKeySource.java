package dev.snpkm.unlock.key;

import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.attestation.EphemeralWrappingKey;
import dev.snpkm.client.attestation.ExpectedKey;
import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.client.attestation.UnboundKeyException;
import dev.snpkm.client.attestation.UnsuitableKeyException;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Secret;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The attested Get (docs/ARCHITECTURE.md "The attested release") through kmip-client's {@link AttestedKeyFetcher}: the
 * key comes back only wrapped to an ephemeral key that exists solely in this process, after the key manager verified an
 * SNP report binding its nonce and that key.
 *
 * <p>A key the server hands out without a challenge (round 1 returns it as is) is not attestation-bound; it is refused
 * and destroyed unused, because a disk key anyone with the client certificate can fetch is a setup mistake. So is a
 * released key that is not an AES Symmetric Key of 128, 192 or 256 bits ({@link ExpectedKey#AES}, what {@code kmipctl
 * keys create} makes): {@code enroll} puts the key behind a cheap PBKDF because it is 128+ random bits, so a password or a
 * short key bound by mistake would make a keyslot that an offline attacker with the disk image can brute-force.
 *
 * <p>KMIP 2.1 is spoken without negotiating: the attestation credential and the ID Placeholder exist there, and
 * negotiation would cost the boot a third round trip.
 *
 * <p>A boot storm meets a busy key manager: an answer that says so (Server Limit Exceeded: busy or rate-limited;
 * General Failure: a node failing or shutting down) or a lost exchange starts the release again from round 1, with a
 * fresh nonce and ephemeral key, after a pause that doubles from {@link #FIRST_PAUSE} to {@link #MAX_PAUSE} (each drawn
 * from its upper half, so that VMs refused together do not return together), for as long as the transport's deadline
 * (the boot deadline's share for the key) leaves room. A refusal (Attestation Failed, Permission Denied, Item Not
 * Found...), a malformed answer (Invalid Message: an authenticated server that sent one will again), a rejected server
 * identity and an unbound or unsuitable key end it at once: repeating cannot change them.
 */
public final class AttestedKeySource implements KeySource {
    static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final KmipTransport transport;
    private final AttestedKeyFetcher fetcher;

    /** @param wrapping the scheme of the one ephemeral key each fetch generates */
    public AttestedKeySource(KmipTransport transport, AttestationProvider attestation, ReleaseWrapping wrapping) {
        this(transport, attestation, () -> EphemeralWrappingKey.generate(wrapping));
    }

    AttestedKeySource(
            KmipTransport transport, AttestationProvider attestation, Supplier<EphemeralWrappingKey> wrappingKeys) {
        this.transport = transport;
        // Not closed here: the transport belongs to the command that opened it.
        KmipClient client = new KmipClient(transport, KmipClient.Options.fixed(KmipVersion.V2_1));
        this.fetcher = new AttestedKeyFetcher(client, attestation, wrappingKeys);
    }

    @Override
    public byte[] fetchKey(String keyId) throws KeySourceException {
        long giveUpAt = System.nanoTime() + transport.settings().deadline().toNanos();
        for (int attempt = 1; ; attempt++) {
            Exception failure;
            try {
                Secret key = fetcher.fetchAttested(keyId, ExpectedKey.AES);
                try {
                    return key.toByteArray();
                } finally {
                    key.destroy();
                }
            } catch (UnboundKeyException
                    | UnsuitableKeyException
                    | AttestationException
                    | KmipOperationException
                    | KmipTransportException e) {
                failure = e;
            }
            long pauseNanos = pauseNanos(attempt);
            if (!isTransient(failure) || System.nanoTime() + pauseNanos >= giveUpAt) {
                throw explained(keyId, failure, attempt);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(pauseNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the boot deadline passed: the command has given up
                throw explained(keyId, failure, attempt);
            }
        }
    }

    /** Whether starting the release again may succeed: the server said it is busy or failing, or an exchange broke. */
    static boolean isTransient(Exception failure) {
        if (failure instanceof KmipTransportException t) {
            return t.stage() != KmipTransportException.Stage.SERVER_REJECTED;
        }
        if (failure instanceof KmipOperationException k) {
            @Nullable EnumCode<ResultReason> reason = k.resultReason();
            return reason != null
                    && (reason.is(ResultReason.SERVER_LIMIT_EXCEEDED) || reason.is(ResultReason.GENERAL_FAILURE));
        }
        return false;
    }

    private static long pauseNanos(int attempt) {
        long ceiling = Math.min(MAX_PAUSE.toNanos(), FIRST_PAUSE.toNanos() << Math.min(attempt - 1, 10));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private KeySourceException explained(String keyId, Exception failure, int attempts) {
        String after = attempts == 1 ? "" : " (after " + attempts + " attempts)";
        if (failure instanceof UnboundKeyException) {
            return new KeySourceException(String.valueOf(failure.getMessage()), failure);
        }
        if (failure instanceof UnsuitableKeyException) {
            return new KeySourceException(
                    failure.getMessage() + ": a disk key must be an AES key (kmipctl keys create makes one); "
                            + "have an administrator bind and grant one, then enroll it",
                    failure);
        }
        if (failure instanceof AttestationException) {
            return new KeySourceException(
                    "cannot obtain an SNP attestation report: " + failure.getMessage() + after, failure);
        }
        if (failure instanceof KmipOperationException) {
            return new KeySourceException(
                    "key manager refused key '" + keyId + "': " + failure.getMessage() + after, failure);
        }
        return new KeySourceException(
                "cannot get key '" + keyId + "' from " + transport.endpoint() + ": " + failure.getMessage() + after,
                failure);
    }
}
