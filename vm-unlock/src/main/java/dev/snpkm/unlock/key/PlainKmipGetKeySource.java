package dev.snpkm.unlock.key;

import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;

/**
 * A plain KMIP Get over mutually authenticated TLS: enough for keys without an attestation policy, and the
 * end-to-end path until the attested Get exists. The server sees only the client certificate, not the guest's state.
 */
public final class PlainKmipGetKeySource implements KeySource {
    private final KmipTransport transport;

    public PlainKmipGetKeySource(KmipTransport transport) {
        this.transport = transport;
    }

    @Override
    public byte[] fetchKey(String keyId) throws KeySourceException {
        try {
            return RawKmipGet.keyMaterial(transport.send(RawKmipGet.request(keyId)));
        } catch (KmipTransportException e) {
            throw new KeySourceException("cannot get key '" + keyId + "' from " + transport.endpoint() + ": "
                    + e.getMessage(), e);
        }
    }
}
