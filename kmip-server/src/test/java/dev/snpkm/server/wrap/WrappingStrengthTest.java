package dev.snpkm.server.wrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WrappingStrengthTest {

    /** SP 800-57 Part 1 Rev. 5 Table 2, at and just under each step; the modulus need not be a real RSA one. */
    @ParameterizedTest
    @CsvSource({
        "512, 0",
        "1023, 0",
        "1024, 80",
        "2047, 80",
        "2048, 112",
        "3071, 112",
        "3072, 128",
        "4096, 128",
        "7679, 128",
        "7680, 192",
        "15359, 192",
        "15360, 256"
    })
    void rsaByModulusSize(int modulusBits, int strength) throws Exception {
        BigInteger modulus = BigInteger.ONE.shiftLeft(modulusBits - 1).setBit(0);
        byte[] spki = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        new RSAPublicKey(modulus, BigInteger.valueOf(65537)))
                .getEncoded();

        WrappingStrength s = WrappingStrength.of(spki);

        assertThat(s.bits()).isEqualTo(strength);
        assertThat(s.key()).isEqualTo("RSA-" + modulusBits);
    }

    @ParameterizedTest
    @CsvSource({"secp256r1, 128, EC P-256 (128-bit security)", "secp384r1, 192, EC P-384 (192-bit security)"})
    void ecByCurve(String curve, int strength, String described) throws Exception {
        WrappingStrength s = WrappingStrength.of(ecKey(curve));

        assertThat(s.bits()).isEqualTo(strength);
        assertThat(s.describe()).isEqualTo(described);
    }

    @ParameterizedTest
    @CsvSource({"EC secp521r1", "Ed25519", "unreadable"})
    void aKeyThisServerDoesNotWrapToHasNoStrength(String kind) throws Exception {
        byte[] spki = switch (kind) {
            case "EC secp521r1" -> ecKey("secp521r1");
            case "Ed25519" ->
                KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded();
            default -> new byte[] {0x30, 0x03, 0x02, 0x01, 0x00};
        };

        WrappingStrength s = WrappingStrength.of(spki);

        assertThat(s.bits()).isZero();
        assertThat(s.describe()).doesNotContain("bit security");
        if (kind.startsWith("EC")) {
            assertThat(s.describe()).isEqualTo(kind);
        }
    }

    private static byte[] ecKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair().getPublic().getEncoded();
    }
}
