package dev.snpkm.server.operations.material;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SymmetricKeyGenerationTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void tripleDesOf168BitsIsThreeDesKeysWithOddParity() {
        byte[] key = SymmetricKeyGeneration.generate(EnumCode.of(CryptographicAlgorithm.TRIPLE_DES), 168, RANDOM);

        assertThat(key).hasSize(24);
        for (byte b : key) {
            assertThat(Integer.bitCount(b & 0xFF) % 2).as("parity of %02x", b).isEqualTo(1);
        }
    }

    @Test
    void aesKeysHaveTheirLengthInBytes() {
        assertThat(SymmetricKeyGeneration.generate(EnumCode.of(CryptographicAlgorithm.AES), 192, RANDOM))
                .hasSize(24);
    }

    @Test
    void twoKeyTripleDesSingleDesAndOddAesLengthsAreInvalidField() {
        for (var refused : new Object[][] {
            {CryptographicAlgorithm.TRIPLE_DES, 112}, {CryptographicAlgorithm.DES, 56}, {CryptographicAlgorithm.AES, 64}
        }) {
            assertThatThrownBy(() -> SymmetricKeyGeneration.generate(
                            EnumCode.of((CryptographicAlgorithm) refused[0]), (Integer) refused[1], RANDOM))
                    .isInstanceOfSatisfying(
                            KmipOperationException.class,
                            e -> assertThat(e.reason()).isEqualTo(ResultReason.INVALID_FIELD))
                    .hasMessageContaining("3DES keys of 168 bits");
        }
    }

    @Test
    void parityBitIsTheLowBit() {
        assertThat(SymmetricKeyGeneration.withOddParity((byte) 0x00)).isEqualTo((byte) 0x01);
        assertThat(SymmetricKeyGeneration.withOddParity((byte) 0x03)).isEqualTo((byte) 0x02);
        assertThat(SymmetricKeyGeneration.withOddParity((byte) 0xFE)).isEqualTo((byte) 0xFE);
    }
}
