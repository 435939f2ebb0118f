package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.PaddingMethod;
import org.junit.jupiter.api.Test;

class ReleaseWrappingTest {
    @Test
    void ecdhP256WithAesKeyWrapIsTheDefaultAndBothCurvesAskForNistKeyWrapOnAnEcdhKey() {
        assertThat(ReleaseWrapping.DEFAULT).isEqualTo(ReleaseWrapping.ECDH_P256_AES_KW);
        EphemeralWrappingKey key = EphemeralWrappingKey.generate();
        assertThat(key.wrapping()).isEqualTo(ReleaseWrapping.ECDH_P256_AES_KW);
        assertThat(key.cryptographicLength()).isEqualTo(256);
        for (ReleaseWrapping ecdh :
                new ReleaseWrapping[] {ReleaseWrapping.ECDH_P256_AES_KW, ReleaseWrapping.ECDH_P384_AES_KW}) {
            assertThat(ecdh.keyAlgorithm()).isEqualTo(CryptographicAlgorithm.ECDH);
            assertThat(ecdh.parameters().blockCipherMode()).contains(EnumCode.of(BlockCipherMode.NIST_KEY_WRAP));
            assertThat(EphemeralWrappingKey.generate(ecdh).wrapping()).isEqualTo(ecdh);
        }
    }

    @Test
    void rsaOaepStaysSelectable() {
        EphemeralWrappingKey rsa = EphemeralWrappingKey.generate(ReleaseWrapping.RSA_OAEP_SHA256);
        assertThat(rsa).isInstanceOf(RsaWrappingKey.class);
        assertThat(rsa.cryptographicLength()).isEqualTo(3072);
        assertThat(ReleaseWrapping.RSA_OAEP_SHA256.parameters().paddingMethod())
                .contains(EnumCode.of(PaddingMethod.OAEP));
    }

    @Test
    void settingNamesRoundTripAndAnUnknownNameListsTheChoices() {
        for (ReleaseWrapping w : ReleaseWrapping.values()) {
            assertThat(ReleaseWrapping.ofSettingName(w.settingName())).isEqualTo(w);
        }
        assertThatThrownBy(() -> ReleaseWrapping.ofSettingName("ecdh"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ecdh-p256, ecdh-p384, rsa-oaep");
    }
}
