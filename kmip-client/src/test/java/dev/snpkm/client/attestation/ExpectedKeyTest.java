package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.server.testing.Requests;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A disk key must be what kmipctl keys create makes; anything else is destroyed and named, never returned. */
class ExpectedKeyTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0x5A);
        return b;
    }

    private static ManagedObject aes(byte[] key, @Nullable Integer declaredBits) {
        return new ManagedObject.SymmetricKey(new KeyBlock(
                EnumCode.of(KeyFormatType.RAW),
                null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(key)),
                EnumCode.of(CryptographicAlgorithm.AES),
                declaredBits,
                null));
    }

    private static ReleasedKey released(ManagedObject object) throws Exception {
        return WrappedKeyOpener.openPlain(object);
    }

    @Test
    void anAesSymmetricKeyOf128192Or256BitsIsHandedOver() throws Exception {
        for (int bytes : new int[] {16, 24, 32}) {
            Secret key = ExpectedKey.AES.require("k", released(aes(bytes(bytes), bytes * 8)));
            assertThat(key.toByteArray()).isEqualTo(bytes(bytes));
        }
        assertThat(ExpectedKey.AES.require("k", released(aes(bytes(32), null))).length())
                .as("no declared length: the material decides")
                .isEqualTo(32);
    }

    @Test
    void everyOtherKindIsRefusedNamedAndDestroyed() throws Exception {
        Object[][] cases = {
            {Requests.password("1234".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), "Secret Data of 32 bits"},
            {Requests.password(bytes(32)), "Secret Data of 256 bits"},
            {aes(new byte[] {7}, 8), "AES Symmetric Key of 8 bits"},
            {aes(bytes(8), 64), "AES Symmetric Key of 64 bits"},
            {aes(bytes(64), 512), "AES Symmetric Key of 512 bits"},
            {aes(bytes(32), 128), "AES Symmetric Key of 256 bits (declared 128)"},
            {
                new ManagedObject.SymmetricKey(KeyBlock.raw(bytes(32), CryptographicAlgorithm.HMAC_SHA256, 256)),
                "HMAC_SHA256 Symmetric Key of 256 bits"
            },
            {
                new ManagedObject.SymmetricKey(new KeyBlock(
                        EnumCode.of(KeyFormatType.RAW),
                        null,
                        KeyValue.Plain.of(KeyMaterial.Raw.of(bytes(32))),
                        null,
                        256,
                        null)),
                "Symmetric Key of 256 bits"
            },
        };
        for (Object[] c : cases) {
            ReleasedKey released = released((ManagedObject) c[0]);

            assertThatThrownBy(() -> ExpectedKey.AES.require("disk-1", released))
                    .as("%s", c[1])
                    .isInstanceOf(UnsuitableKeyException.class)
                    .hasMessage(
                            "key 'disk-1' was released as " + c[1]
                                    + ", not as the AES Symmetric Key of 128, 192 or 256 bits expected; it was destroyed unused");
            assertThat(released.material().isDestroyed()).as("%s", c[1]).isTrue();
        }
    }

    @Test
    void theRefusalNeverShowsTheMaterial() throws Exception {
        byte[] pin = "12345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> ExpectedKey.AES.require("k", released(Requests.password(pin.clone()))))
                .message()
                .doesNotContain("12345678")
                .doesNotContain(HexFormat.of().formatHex(pin));
    }
}
