package dev.snpkm.unlock;

import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.unlock.key.AttestedKeySource;
import dev.snpkm.unlock.key.KeySource;

/**
 * Chooses the {@link KeySource} for {@code open} and {@code enroll}. The commands own the transport and the
 * attestation provider; the source only decides what to say over them. There is deliberately no unattested
 * choice: a disk key released on the client certificate alone would make the SNP check decorative.
 */
@FunctionalInterface
public interface KeySourceFactory {

    KeySource create(KmipTransport transport, AttestationProvider attestation);

    /** The attested Get: SNP report bound to the server's nonce and an ephemeral wrapping key. */
    static KeySourceFactory attested() {
        return AttestedKeySource::new;
    }
}
