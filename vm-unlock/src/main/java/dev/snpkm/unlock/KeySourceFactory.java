package dev.snpkm.unlock;

import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.unlock.key.KeySource;
import dev.snpkm.unlock.key.PlainKmipGetKeySource;

/**
 * Chooses the {@link KeySource} for {@code open} and {@code enroll}. The commands own the transport and the
 * attestation provider; the source only decides what to say over them. The attested Get plugs in here.
 */
@FunctionalInterface
public interface KeySourceFactory {

    KeySource create(KmipTransport transport, AttestationProvider attestation);

    /** Today's source: a plain KMIP Get (the attestation provider is not used yet). */
    static KeySourceFactory plainGet() {
        return (transport, attestation) -> new PlainKmipGetKeySource(transport);
    }
}
