package dev.snpkm.server.cryptoservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** ChaCha20-Poly1305 against RFC 8439's §2.8.2 vector and the JDK's cipher, with the truncated tags the JDK refuses. */
class ChaCha20Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 8439 §2.8.2 (IETF Trust, public test vector).
    private static final byte[] KEY = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] NONCE = HEX.parseHex("070000004041424344454647");
    private static final byte[] AAD = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
    private static final byte[] PLAIN = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip "
                    + "for the future, sunscreen would be it.")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String CIPHERTEXT = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58"
            + "fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116";
    private static final String TAG = "1ae10b594f09e26a7e902ecbd0600691";

    @Test
    void encryptsRfc8439Vector() throws Exception {
        byte[] out = new ChaCha20Poly1305(true, KEY, NONCE, AAD, 16).doFinal(PLAIN);
        assertThat(HEX.formatHex(out)).isEqualTo(CIPHERTEXT + TAG);
    }

    @Test
    void decryptsWithTheWholeTagOrATruncatedOneAndRefusesAWrongOne() throws Exception {
        byte[] sealed = HEX.parseHex(CIPHERTEXT + TAG);
        assertThat(new ChaCha20Poly1305(false, KEY, NONCE, AAD, 16).doFinal(sealed))
                .isEqualTo(PLAIN);
        byte[] truncated = Arrays.copyOf(sealed, sealed.length - 4);
        assertThat(new ChaCha20Poly1305(false, KEY, NONCE, AAD, 12).doFinal(truncated))
                .isEqualTo(PLAIN);
        byte[] tampered = sealed.clone();
        tampered[0] ^= 1;
        assertThatThrownBy(() -> new ChaCha20Poly1305(false, KEY, NONCE, AAD, 16).doFinal(tampered))
                .isInstanceOf(AEADBadTagException.class);
        byte[] otherAad = AAD.clone();
        otherAad[0] ^= 1;
        assertThatThrownBy(() -> new ChaCha20Poly1305(false, KEY, NONCE, otherAad, 16).doFinal(sealed))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void matchesTheJdkForRandomInputsAndPartsGiveTheSameResult() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int length : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 1000}) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            byte[] aad = new byte[length % 20];
            byte[] data = new byte[length];
            random.nextBytes(key);
            random.nextBytes(nonce);
            random.nextBytes(aad);
            random.nextBytes(data);
            Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            jdk.updateAAD(aad);
            byte[] expected = jdk.doFinal(data);
            assertThat(new ChaCha20Poly1305(true, key, nonce, aad, 16).doFinal(data))
                    .as("%d bytes", length)
                    .isEqualTo(expected);

            ChaCha20Poly1305 parts = new ChaCha20Poly1305(true, key, nonce, aad, 16);
            int half = length / 3;
            byte[] first = parts.update(Arrays.copyOf(data, half));
            byte[] rest = parts.doFinal(Arrays.copyOfRange(data, half, length));
            assertThat(concat(first, rest)).isEqualTo(expected);

            ChaCha20Poly1305 decrypt = new ChaCha20Poly1305(false, key, nonce, aad, 16);
            assertThat(decrypt.update(Arrays.copyOf(expected, half)))
                    .as("no plaintext before the tag is verified")
                    .isEmpty();
            assertThat(decrypt.doFinal(Arrays.copyOfRange(expected, half, expected.length)))
                    .isEqualTo(data);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
