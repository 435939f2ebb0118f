package dev.snpkm.kmip.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void copiesInAndOutAndNeverPrintsTheBytes() {
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        Secret s = Secret.of(key);
        key[0] = 0;
        assertThat(s.toByteArray()[0]).isEqualTo((byte) 0x11);
        s.toByteArray()[1] = 0;
        assertThat(s.toByteArray()[1]).isEqualTo((byte) 0x22);
        assertThat(s.toString()).doesNotContain("11").doesNotContain("22").contains("4 bytes");
    }

    @Test
    void destroyZeroesAndForbidsReads() {
        Secret s = Secret.of(new byte[] {1, 2, 3});
        s.destroy();
        assertThat(s.isDestroyed()).isTrue();
        assertThatThrownBy(s::toByteArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void managedObjectToStringHidesKeyMaterialAndDestroyWipesIt() {
        byte[] key = new byte[16];
        java.util.Arrays.fill(key, (byte) 0xAB);
        ManagedObject.SymmetricKey k =
                new ManagedObject.SymmetricKey(KeyBlock.raw(key, CryptographicAlgorithm.AES, 128));
        assertThat(k.toString()).doesNotContainIgnoringCase("abab").contains("Secret[16 bytes]");
        k.destroy();
        assertThat(k.toString()).contains("destroyed");
    }

    @Test
    void equalityIsByContent() {
        assertThat(Secret.of(new byte[] {1, 2})).isEqualTo(Secret.of(new byte[] {1, 2}));
        assertThat(Secret.of(new byte[] {1, 2})).isNotEqualTo(Secret.of(new byte[] {1, 3}));
        assertThat(Bytes.ofHex("0102")).isEqualTo(Bytes.of(new byte[] {1, 2}));
    }
}
