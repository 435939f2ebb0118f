package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.registry.KmipVersion;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * KMIP Hashing Algorithm → JCA digest name: the SHA-1, SHA-2 and SHA-3 families. MD2, MD4, MD5, RIPEMD-160, Tiger and
 * Whirlpool are refused (broken or not in the JDK).
 */
public final class DigestAlgorithms {
    private static final Map<HashingAlgorithm, String> JCA = Map.ofEntries(
            Map.entry(HashingAlgorithm.SHA_1, "SHA-1"),
            Map.entry(HashingAlgorithm.SHA_224, "SHA-224"),
            Map.entry(HashingAlgorithm.SHA_256, "SHA-256"),
            Map.entry(HashingAlgorithm.SHA_384, "SHA-384"),
            Map.entry(HashingAlgorithm.SHA_512, "SHA-512"),
            Map.entry(HashingAlgorithm.SHA_512_224, "SHA-512/224"),
            Map.entry(HashingAlgorithm.SHA_512_256, "SHA-512/256"),
            Map.entry(HashingAlgorithm.SHA3_224, "SHA3-224"),
            Map.entry(HashingAlgorithm.SHA3_256, "SHA3-256"),
            Map.entry(HashingAlgorithm.SHA3_384, "SHA3-384"),
            Map.entry(HashingAlgorithm.SHA3_512, "SHA3-512"));

    private DigestAlgorithms() {}

    /** The JCA name of a supported Hashing Algorithm. */
    public static String jcaName(EnumCode<HashingAlgorithm> h, @Nullable KmipVersion v) {
        return h.known()
                .map(JCA::get)
                .orElseThrow(() -> ServiceRefusals.badParameters(
                        v, "Hashing Algorithm " + h + " is not supported; use SHA-1, SHA-2 (224 to 512) or SHA3"));
    }

    public static MessageDigest digest(EnumCode<HashingAlgorithm> h, KmipVersion v) {
        try {
            return MessageDigest.getInstance(jcaName(h, v));
        } catch (NoSuchAlgorithmException e) {
            throw ServiceRefusals.unsupported("this JDK has no " + h + " digest");
        }
    }
}
