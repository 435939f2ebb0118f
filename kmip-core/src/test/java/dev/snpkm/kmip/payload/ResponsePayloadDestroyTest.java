package dev.snpkm.kmip.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.types.Secret;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResponsePayloadDestroyTest {
    @Test
    void aGetResponseZeroesTheReleasedKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5A);
        KeyBlock block = KeyBlock.raw(key, CryptographicAlgorithm.AES, 256);
        ResponsePayload payload = Get.Response.of("k1", new ManagedObject.SymmetricKey(block));

        payload.destroy();

        Secret held = ((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material()).bytes();
        assertThat(held.isDestroyed()).isTrue();
    }

    @Test
    void aWrappedReleaseIsZeroedToo() {
        Secret wrapped = Secret.of(new byte[] {1, 2, 3, 4});
        KeyBlock block = new KeyBlock(
                KeyBlock.raw(new byte[16], CryptographicAlgorithm.AES, 128).keyFormatType(),
                null,
                new KeyValue.Wrapped(wrapped),
                null,
                null,
                null);

        Get.Response.of("k2", new ManagedObject.SymmetricKey(block)).destroy();

        assertThat(wrapped.isDestroyed()).isTrue();
    }

    @Test
    void aPayloadWithoutSecretsIsLeftAsItIs() {
        Activate.Response r = new Activate.Response("k3");
        r.destroy();
        assertThat(r.uniqueIdentifier()).isEqualTo("k3");
    }
}
