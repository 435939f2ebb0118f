package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.registry.KmipVersion;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * MAC and MAC Verify: HMAC (RFC 2104) with SHA-1 or SHA-2. The algorithm is the Cryptographic Parameters' Cryptographic
 * Algorithm if it names an HMAC (the Profiles' CS-AC cases MAC with an "AES" key this way), else the key's own.
 */
public final class MacAlgorithms {
    private static final Map<CryptographicAlgorithm, String> HMACS = Map.of(
            CryptographicAlgorithm.HMAC_SHA1,
            "HmacSHA1",
            CryptographicAlgorithm.HMAC_SHA224,
            "HmacSHA224",
            CryptographicAlgorithm.HMAC_SHA256,
            "HmacSHA256",
            CryptographicAlgorithm.HMAC_SHA384,
            "HmacSHA384",
            CryptographicAlgorithm.HMAC_SHA512,
            "HmacSHA512");

    private MacAlgorithms() {}

    /** A MAC keyed with {@code key} (copied by the JCA; the caller zeroes its array). */
    public static Mac start(
            @Nullable EnumCode<CryptographicAlgorithm> keyAlgorithm,
            CryptographicParameters p,
            byte[] key,
            KmipVersion v) {
        String name = hmac(p.cryptographicAlgorithm())
                .or(() -> hmac(Optional.ofNullable(keyAlgorithm)))
                .orElseThrow(() -> ServiceRefusals.badParameters(
                        v,
                        "MAC supports HMAC-SHA1, HMAC-SHA224, "
                                + "HMAC-SHA256, HMAC-SHA384 and HMAC-SHA512: name one as the Cryptographic Algorithm of the "
                                + "key or of the Cryptographic Parameters"));
        if (key.length == 0) {
            throw ServiceRefusals.badParameters(v, "the MAC key is empty");
        }
        try {
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(key, name));
            return mac;
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.badParameters(v, "cannot set up " + name + ": " + e.getMessage());
        }
    }

    private static Optional<String> hmac(Optional<EnumCode<CryptographicAlgorithm>> a) {
        return a.flatMap(EnumCode::known).map(HMACS::get);
    }
}
