package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The symmetric keys the server generates (Create, Re-key), by algorithm and Cryptographic Length:
 * <ul>
 *   <li>AES of 128, 192 or 256 bits;</li>
 *   <li>Triple DES of 168 bits (three keys, 24 bytes with odd parity, as DES keys are defined in FIPS 46-3 §1 and
 *       SP 800-67 §3.1), which the Symmetric Key Foundry profiles still require (KMIP Profiles 1.4 and 2.1, test
 *       cases SKFF-M-4, -8, -12). Two-key Triple DES (112 bits) and single DES are refused: SP 800-131A Rev. 2
 *       disallows them.</li>
 * </ul>
 * Anything else is Invalid Field with the table in the message.
 */
public final class SymmetricKeyGeneration {
    private record Generated(CryptographicAlgorithm algorithm, Set<Integer> lengths, int bytesPer56Bits) {}

    private static final List<Generated> TABLE = List.of(
            new Generated(CryptographicAlgorithm.AES, Set.of(128, 192, 256), 0),
            new Generated(CryptographicAlgorithm.TRIPLE_DES, Set.of(168), 8));

    private static final String SUPPORTED =
            "this server creates AES keys of 128, 192 or 256 bits and 3DES keys of" + " 168 bits";

    private SymmetricKeyGeneration() {}

    /** Fresh key bytes for the algorithm and length; Invalid Field if the server does not create such keys. */
    public static byte[] generate(EnumCode<CryptographicAlgorithm> algorithm, int bits, SecureRandom random) {
        Generated g = checked(algorithm, bits);
        if (g.bytesPer56Bits() == 0) {
            byte[] key = new byte[bits / 8];
            random.nextBytes(key);
            return key;
        }
        byte[] key = new byte[bits / 56 * g.bytesPer56Bits()];
        random.nextBytes(key);
        for (int i = 0; i < key.length; i++) {
            key[i] = withOddParity(key[i]);
        }
        return key;
    }

    private static Generated checked(EnumCode<CryptographicAlgorithm> algorithm, int bits) {
        return find(algorithm, bits)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "cannot create a " + algorithm + " key of " + bits + " bits: " + SUPPORTED));
    }

    /** Whether the server creates keys of this algorithm and length. */
    public static boolean creates(EnumCode<CryptographicAlgorithm> algorithm, int bits) {
        return find(algorithm, bits).isPresent();
    }

    private static Optional<Generated> find(EnumCode<CryptographicAlgorithm> algorithm, int bits) {
        return TABLE.stream()
                .filter(g -> algorithm.is(g.algorithm()) && g.lengths().contains(bits))
                .findFirst();
    }

    /** The low bit of each DES key byte makes the byte's bit count odd (FIPS 46-3 §1). */
    static byte withOddParity(byte b) {
        int high = b & 0xFE;
        return (byte) (Integer.bitCount(high) % 2 == 0 ? high | 1 : high);
    }
}
