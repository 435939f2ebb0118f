package dev.snpkm.client.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How the client decides that the peer is the right key manager, on top of the certificate chain check against the
 * configured CAs (which always runs).
 */
public sealed interface ServerVerification {

    /** The server certificate's SubjectAltName must match the host we dialled (RFC 2818 / RFC 6125, JDK "HTTPS"). */
    record Hostname() implements ServerVerification {}

    /**
     * The server certificate's public key must have this SHA-256 SPKI digest; the host name is not checked. For
     * appliances addressed by an IP or name that their certificate does not carry.
     */
    record PinnedKey(byte[] spkiSha256) implements ServerVerification {
        public PinnedKey {
            if (spkiSha256.length != 32) {
                throw new IllegalArgumentException("a key pin is the 32-byte SHA-256 of the SubjectPublicKeyInfo");
            }
            spkiSha256 = spkiSha256.clone();
        }

        /** Parses 64 hex digits (colons allowed, as openssl prints them). */
        public static PinnedKey ofHex(String hex) {
            return new PinnedKey(
                    HexFormat.of().parseHex(hex.replace(":", "").trim().toLowerCase(Locale.ROOT)));
        }

        /** The pin of a certificate's public key. */
        public static byte[] pinOf(Certificate certificate) {
            try {
                return MessageDigest.getInstance("SHA-256")
                        .digest(certificate.getPublicKey().getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from the JDK", e);
            }
        }

        boolean matches(Certificate certificate) {
            return MessageDigest.isEqual(spkiSha256, pinOf(certificate));
        }

        @Override
        public byte[] spkiSha256() {
            return spkiSha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PinnedKey p && MessageDigest.isEqual(p.spkiSha256, spkiSha256);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(spkiSha256);
        }

        @Override
        public String toString() {
            return "PinnedKey[" + HexFormat.of().formatHex(spkiSha256) + "]";
        }
    }
}
