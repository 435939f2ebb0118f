package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AesKeyUnwrapTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 3394 §4.6: wrap 256 bits of key data with a 256-bit KEK.
    private static final byte[] KEK = HEX.parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    private static final byte[] KEY_DATA =
            HEX.parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
    private static final byte[] CIPHERTEXT =
            HEX.parseHex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

    @Test
    void unwrapsTheRfc3394Section46Vector() throws GeneralSecurityException {
        assertThat(AesKeyUnwrap.unwrap(KEK, CIPHERTEXT)).isEqualTo(KEY_DATA);
    }

    @Test
    void wrapsToTheRfc3394Section46Vector() throws GeneralSecurityException {
        assertThat(AesKeyUnwrap.wrap(KEK, KEY_DATA.clone())).isEqualTo(CIPHERTEXT);
    }

    @Test
    void tamperedCiphertextFailsTheIntegrityCheck() {
        byte[] tampered = CIPHERTEXT.clone();
        tampered[10] ^= 0x01;
        assertThatThrownBy(() -> AesKeyUnwrap.unwrap(KEK, tampered)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void wrongKekFailsTheIntegrityCheck() {
        byte[] otherKek = KEK.clone();
        otherKek[0] ^= 0x01;
        assertThatThrownBy(() -> AesKeyUnwrap.unwrap(otherKek, CIPHERTEXT))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void inputThatCannotBeRfc3394OutputIsRefused() {
        assertThatThrownBy(() -> AesKeyUnwrap.unwrap(KEK, new byte[20]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("multiple of 8");
    }
}
