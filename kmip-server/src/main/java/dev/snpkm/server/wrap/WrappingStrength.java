package dev.snpkm.server.wrap;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * How strong a wrap to a public key is: the key's security strength in bits, after NIST SP 800-57 Part 1 Rev. 5,
 * Table 2 (RSA by modulus size, EC by curve). A key is never wrapped to a public key weaker than {@link #LEAST_BITS},
 * and a release policy may ask for more ({@code minimum-wrapping-strength}).
 *
 * @param bits the strength in bits; 0 for a key the table does not rate (RSA under 1024 bits, another curve or kind)
 * @param key what the key is, for an error message ("RSA-2048", "EC P-256")
 */
public record WrappingStrength(int bits, String key) {
    /** RSA below 2048 bits is disallowed for key transport (NIST SP 800-131A Rev. 2, section 6). */
    public static final int LEAST_BITS = 112;

    /** The strengths a policy may require: SP 800-57's levels from the least this server wraps to. */
    public static final List<Integer> LEVELS = List.of(112, 128, 192, 256);

    /** SP 800-57 Table 2, RSA: the least modulus size for each strength, strongest first. */
    private static final int[][] RSA_MODULUS_BITS = {{15360, 256}, {7680, 192}, {3072, 128}, {2048, 112}, {1024, 80}};

    /** The strength of the key this DER SubjectPublicKeyInfo holds; 0 if unreadable or of a kind never wrapped to. */
    public static WrappingStrength of(byte[] spkiDer) {
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(spkiDer);
        } catch (IllegalArgumentException e) {
            return new WrappingStrength(0, "an unreadable SubjectPublicKeyInfo");
        }
        return spki == null ? new WrappingStrength(0, "no key") : of(spki);
    }

    public static WrappingStrength of(SubjectPublicKeyInfo spki) {
        var algorithm = spki.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return rsa(spki);
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return EcdhCurve.of(spki)
                    .map(c -> new WrappingStrength(c.securityBits(), "EC " + c))
                    .orElse(new WrappingStrength(0, "EC " + EcdhCurve.describe(spki)));
        }
        return new WrappingStrength(0, "a key of algorithm " + algorithm.getId());
    }

    private static WrappingStrength rsa(SubjectPublicKeyInfo spki) {
        int n;
        try {
            n = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
        } catch (IOException | IllegalArgumentException e) {
            return new WrappingStrength(0, "an unreadable RSA key");
        }
        for (int[] row : RSA_MODULUS_BITS) {
            if (n >= row[0]) {
                return new WrappingStrength(row[1], "RSA-" + n);
            }
        }
        return new WrappingStrength(0, "RSA-" + n);
    }

    /** For messages: "RSA-2048 (112-bit security)". */
    public String describe() {
        return bits == 0 ? key : key + " (" + bits + "-bit security)";
    }
}
