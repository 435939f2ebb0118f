package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.registry.KmipVersion;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.jspecify.annotations.Nullable;

/** Stored asymmetric material (PKCS#8 private keys, SubjectPublicKeyInfo public keys) as JCA keys. */
public final class AsymmetricKeys {
    private AsymmetricKeys() {}

    /** RSA or EC (ECDSA keys are EC keys). */
    public static String family(@Nullable EnumCode<CryptographicAlgorithm> algorithm, KmipVersion v) {
        if (algorithm != null && algorithm.is(CryptographicAlgorithm.RSA)) {
            return "RSA";
        } else if (algorithm != null
                && (algorithm.is(CryptographicAlgorithm.EC) || algorithm.is(CryptographicAlgorithm.ECDSA))) {
            return "EC";
        }
        throw ServiceRefusals.badParameters(
                v,
                "asymmetric services support RSA and EC keys; the key's " + "Cryptographic Algorithm is "
                        + (algorithm == null ? "not set" : algorithm));
    }

    /** The private key of a PKCS#8 blob; the blob is left to the caller to zero. */
    public static PrivateKey privateKey(String family, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.unsupported("the stored " + family + " private key cannot be read");
        }
    }

    public static PublicKey publicKey(String family, byte[] spki) {
        try {
            return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.unsupported("the stored " + family + " public key cannot be read");
        }
    }
}
