package dev.snpkm.client.attestation;

import java.security.GeneralSecurityException;
import java.security.PublicKey;

/**
 * A one-release key pair the key manager wraps the released key to (KMIP Key Wrapping Specification). The private key
 * never leaves this object; the SHA-256 of its public key's SPKI goes into REPORT_DATA
 * ({@link dev.snpkm.kmip.release.ReportDataBinding}), so the key manager releases only to the key the attested guest
 * chose.
 *
 * <p>The JDK cannot destroy an RSA or EC private key in place, so a pair lives only as long as one fetch; callers drop
 * the object as soon as the key is unwrapped.
 */
public sealed interface EphemeralWrappingKey permits EcdhWrappingKey, RsaWrappingKey {

    /** A fresh key pair for the {@link ReleaseWrapping#DEFAULT default} scheme (ECDH P-256 + AES key wrap). */
    static EphemeralWrappingKey generate() {
        return generate(ReleaseWrapping.DEFAULT);
    }

    /** A fresh key pair for {@code wrapping}. */
    static EphemeralWrappingKey generate(ReleaseWrapping wrapping) {
        return switch (wrapping) {
            case ECDH_P256_AES_KW -> EcdhWrappingKey.generate(EcdhWrappingKey.Curve.P_256);
            case ECDH_P384_AES_KW -> EcdhWrappingKey.generate(EcdhWrappingKey.Curve.P_384);
            case RSA_OAEP_SHA256 -> RsaWrappingKey.generate();
        };
    }

    /** The scheme the key manager must wrap with; it decides what the fetcher registers and asks for. */
    ReleaseWrapping wrapping();

    PublicKey publicKey();

    /** The DER SubjectPublicKeyInfo, as registered with the key manager and hashed into REPORT_DATA. */
    default byte[] subjectPublicKeyInfo() {
        return publicKey().getEncoded();
    }

    /** The Cryptographic Length registered with the public key: the RSA modulus or the EC field size in bits. */
    int cryptographicLength();

    /**
     * Recovers what the key manager wrapped to {@link #publicKey()}: the Key Value bytes of the released key block.
     *
     * @return the plaintext; the caller zeroes it
     * @throws GeneralSecurityException the bytes were not wrapped to this key, or were changed on the way
     */
    byte[] unwrap(byte[] wrappedKey) throws GeneralSecurityException;
}
