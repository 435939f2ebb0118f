package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.types.Bytes;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NonceTest {
    private static final String VALUE_HEX = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    @Test
    void toStringShowsTheIdButNeverTheValue() {
        Nonce n = new Nonce(
                Bytes.ofHex("0102030405060708"), Bytes.of(HexFormat.of().parseHex(VALUE_HEX)));

        assertThat(n.toString())
                .contains("0102030405060708")
                .contains("32 bytes")
                .doesNotContainIgnoringCase(VALUE_HEX)
                .doesNotContainIgnoringCase(VALUE_HEX.substring(0, 16));
    }
}
