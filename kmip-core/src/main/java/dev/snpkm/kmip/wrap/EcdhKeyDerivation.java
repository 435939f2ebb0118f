package dev.snpkm.kmip.wrap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The KEK derivation of the ECDH + AES key wrap route (docs/KEY-WRAPPING.md), shared by the key manager that wraps
 * and the client that unwraps so that both sides derive from one definition: KEK = the first 32 bytes of
 * SHA-384(00000001 ‖ Z ‖ FixedInfo) (NIST SP 800-56C rev2 §4.1 one-step KDF, one block since 32 ≤ 48), with FixedInfo
 * = len‖{@link #ALGORITHM_ID} ‖ len‖ephemeral point ‖ len‖recipient point ‖ 00000100 (SP 800-56A rev3 §5.8.2.1.1,
 * 4-byte big-endian lengths, points uncompressed SEC1).
 */
public final class EcdhKeyDerivation {
    /** FixedInfo's AlgorithmID: ASCII, no terminator. */
    public static final String ALGORITHM_ID = "KMIP-SNP-ECDH-A256KW-v1";
    /** AES-256. */
    public static final int KEK_BYTES = 32;

    private static final byte[] ALGORITHM_ID_BYTES = ALGORITHM_ID.getBytes(StandardCharsets.US_ASCII);

    private EcdhKeyDerivation() {}

    /** The KEK for shared secret {@code z}; the caller zeroes z and the returned array. */
    public static byte[] kek(byte[] z, byte[] ephemeralPoint, byte[] recipientPoint) {
        MessageDigest sha384;
        try {
            sha384 = MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-384", e); // every Java SE platform has it
        }
        sha384.update(new byte[] {0, 0, 0, 1});
        sha384.update(z);
        sha384.update(fixedInfo(ephemeralPoint, recipientPoint));
        byte[] block = sha384.digest();
        byte[] kek = Arrays.copyOf(block, KEK_BYTES);
        Arrays.fill(block, (byte) 0);
        return kek;
    }

    /** AlgorithmID ‖ PartyUInfo (ephemeral point) ‖ PartyVInfo (recipient point) ‖ SuppPubInfo (KEK bits). */
    static byte[] fixedInfo(byte[] ephemeralPoint, byte[] recipientPoint) {
        return ByteBuffer.allocate(16 + ALGORITHM_ID_BYTES.length + ephemeralPoint.length + recipientPoint.length)
                .putInt(ALGORITHM_ID_BYTES.length)
                .put(ALGORITHM_ID_BYTES)
                .putInt(ephemeralPoint.length)
                .put(ephemeralPoint)
                .putInt(recipientPoint.length)
                .put(recipientPoint)
                .putInt(KEK_BYTES * 8)
                .array();
    }
}
