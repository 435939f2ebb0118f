package dev.snpkm.unlock.key;

import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.attestation.EphemeralWrappingKey;
import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.client.attestation.UnboundKeyException;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Secret;
import java.util.function.Supplier;

/**
 * The attested Get (docs/ARCHITECTURE.md "The attested release") through kmip-client's {@link AttestedKeyFetcher}: the
 * key comes back only wrapped to an ephemeral key that exists solely in this process, after the key manager verified an
 * SNP report binding its nonce and that key.
 *
 * <p>A key the server hands out without a challenge (round 1 returns it as is) is not attestation-bound; it is refused
 * and destroyed unused, because a disk key anyone with the client certificate can fetch is a setup mistake. KMIP 2.1 is spoken without negotiating: the attestation
 * credential and the ID Placeholder exist there, and negotiation would cost the boot a third round trip.
 */
public final class AttestedKeySource implements KeySource {
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
        Secret key;
        try {
            key = fetcher.fetchAttested(keyId);
        } catch (UnboundKeyException e) {
            throw new KeySourceException(e.getMessage(), e);
        } catch (AttestationException e) {
            throw new KeySourceException("cannot obtain an SNP attestation report: " + e.getMessage(), e);
        } catch (KmipOperationException e) {
            throw new KeySourceException("key manager refused key '" + keyId + "': " + e.getMessage(), e);
        } catch (KmipTransportException e) {
            throw new KeySourceException(
                    "cannot get key '" + keyId + "' from " + transport.endpoint() + ": " + e.getMessage(), e);
        }
        try {
            return key.toByteArray();
        } finally {
            key.destroy();
        }
    }
}
