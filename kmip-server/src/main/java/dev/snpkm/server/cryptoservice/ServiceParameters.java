package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.ttlv.Ttlv;
import org.jspecify.annotations.Nullable;

/**
 * The Cryptographic Parameters an operation runs with: each field the request gives, else the key's Cryptographic
 * Parameters attribute (KMIP 1.4 §4.29-4.34: "if omitted, the server uses the Cryptographic Parameters attribute of the
 * key"; a field given in the request overrides the attribute's).
 */
public final class ServiceParameters {
    private ServiceParameters() {}

    public static CryptographicParameters merge(
            @Nullable CryptographicParameters request, @Nullable CryptographicParameters attribute) {
        CryptographicParameters.Builder b = CryptographicParameters.builder();
        if (attribute != null) {
            attribute.fields().forEach(b::set);
        }
        if (request != null) {
            for (Ttlv f : request.fields()) {
                b.set(f);
            }
        }
        return b.build();
    }
}
