package dev.snpkm.client.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseBindingTest {
    private static final byte[] NONCE = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            NONCE[i] = (byte) (i + 1);
        }
    }

    /** A stand-in whose SPKI bytes are known, so the expected value can be computed outside Java. */
    private static final PublicKey FIXED_SPKI = new PublicKey() {
        @Override
        public String getAlgorithm() {
            return "RSA";
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            return "not-a-real-spki".getBytes(StandardCharsets.US_ASCII);
        }
    };

    // Expected values computed with Python hashlib from the docs/ARCHITECTURE.md formula ("The attested release").
    @Test
    void unwrappedReleaseHashesThirtyTwoZeroBytesInPlaceOfTheKeyDigest() {
        assertThat(HexFormat.of().formatHex(ReleaseBinding.reportData(NONCE, Optional.empty()))).isEqualTo(
                "587bab03297acd4abe9b2f0324a3bd02ffbe5a8d513db1195b4b1a041817b251"
                + "187bf0a0035c3c85d33f7180765a84f22f50effe67a094854d9799d858871820");
    }

    @Test
    void wrappedReleaseBindsTheSha256OfTheWrappingKeySpki() {
        assertThat(HexFormat.of().formatHex(ReleaseBinding.reportData(NONCE, Optional.of(FIXED_SPKI)))).isEqualTo(
                "289213e2e8e617352037244eb5d3cf238bbff4e2e3552dd396781f176488d3f5"
                + "74eb5b7ff9e3ff93c130156006c859ca2b799467bc86705387e70ad4d5ebd83d");
    }

    @Test
    void reportDataIsSixtyFourBytesAndChangesWithTheNonce() {
        byte[] other = NONCE.clone();
        other[0] ^= 1;
        byte[] a = ReleaseBinding.reportData(NONCE, Optional.empty());
        assertThat(a).hasSize(AttestationProvider.REPORT_DATA_BYTES);
        assertThat(ReleaseBinding.reportData(other, Optional.empty())).isNotEqualTo(a);
    }

    @Test
    void emptyNonceIsRefused() {
        assertThatThrownBy(() -> ReleaseBinding.reportData(new byte[0], Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
