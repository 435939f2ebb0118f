package dev.snpkm.unlock;

import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.ReleaseWrapping;
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

    /** @param wrapping how the released key is to be wrapped to the ephemeral key ({@code release-wrapping}) */
    KeySource create(KmipTransport transport, AttestationProvider attestation, ReleaseWrapping wrapping);

    /** The attested Get: SNP report bound to the server's nonce and an ephemeral wrapping key of that scheme. */
    static KeySourceFactory attested() {
        return AttestedKeySource::new;
    }
}
