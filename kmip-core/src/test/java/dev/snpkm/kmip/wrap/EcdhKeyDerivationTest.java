package dev.snpkm.kmip.wrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EcdhKeyDerivationTest {
    private static final byte[] Z = filled(48, 0x11);
    private static final byte[] EPHEMERAL = filled(97, 0x04);
    private static final byte[] RECIPIENT = filled(97, 0x05);

    @Test
    void fixedInfoIsTheLengthPrefixedLabelPointsAndKekBits() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] label = "KMIP-SNP-ECDH-A256KW-v1".getBytes(StandardCharsets.US_ASCII);
        expected.write(new byte[] {0, 0, 0, (byte) label.length});
        expected.write(label);
        expected.write(new byte[] {0, 0, 0, 97});
        expected.write(EPHEMERAL);
        expected.write(new byte[] {0, 0, 0, 97});
        expected.write(RECIPIENT);
        expected.write(new byte[] {0, 0, 1, 0}); // 256 bits
        assertThat(EcdhKeyDerivation.fixedInfo(EPHEMERAL, RECIPIENT)).isEqualTo(expected.toByteArray());
    }

    @Test
    void kekIsTheFirst32BytesOfSha384OverCounterZAndFixedInfo() throws Exception {
        MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
        sha384.update(new byte[] {0, 0, 0, 1});
        sha384.update(Z);
        sha384.update(EcdhKeyDerivation.fixedInfo(EPHEMERAL, RECIPIENT));
        byte[] expected = Arrays.copyOf(sha384.digest(), 32);
        assertThat(EcdhKeyDerivation.kek(Z, EPHEMERAL, RECIPIENT)).isEqualTo(expected);
        assertThat(EcdhKeyDerivation.kek(Z, RECIPIENT, EPHEMERAL))
                .as("the points' roles are bound")
                .isNotEqualTo(expected);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
