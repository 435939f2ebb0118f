package dev.snpkm.kmip.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportDataBindingTest {
    private static final byte[] NONCE = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            NONCE[i] = (byte) (i + 1);
        }
    }

    /** Bytes standing in for an SPKI: the binding hashes them without parsing, so the vector needs no real key. */
    private static final byte[] FIXED_SPKI = "not-a-real-spki".getBytes(StandardCharsets.US_ASCII);

    /** A stand-in whose SPKI bytes are known, so the expected value can be computed outside Java. */
    private static final PublicKey FIXED_KEY = new PublicKey() {
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
            return FIXED_SPKI.clone();
        }
    };

    // Expected values computed with Python hashlib from the docs/ARCHITECTURE.md formula ("The attested release").
    @Test
    void unwrappedReleaseHashesThirtyTwoZeroBytesInPlaceOfTheKeyDigest() {
        assertThat(HexFormat.of().formatHex(ReportDataBinding.reportData(NONCE, Optional.empty())))
                .isEqualTo("587bab03297acd4abe9b2f0324a3bd02ffbe5a8d513db1195b4b1a041817b251"
                        + "187bf0a0035c3c85d33f7180765a84f22f50effe67a094854d9799d858871820");
    }

    @Test
    void wrappedReleaseBindsTheSha256OfTheWrappingKeySpki() {
        assertThat(HexFormat.of().formatHex(ReportDataBinding.reportData(NONCE, Optional.of(FIXED_KEY))))
                .isEqualTo("289213e2e8e617352037244eb5d3cf238bbff4e2e3552dd396781f176488d3f5"
                        + "74eb5b7ff9e3ff93c130156006c859ca2b799467bc86705387e70ad4d5ebd83d");
    }

    /** The vectors again, derived here from the formula with MessageDigest over one concatenated input. */
    @Test
    void equalsTheFormulaComputedIndependently() throws Exception {
        byte[] domain = "KMIP-SNP-RELEASE-v1".getBytes(StandardCharsets.US_ASCII);
        byte[] keyDigest = MessageDigest.getInstance("SHA-256").digest(FIXED_SPKI);
        byte[] wrapped = ByteBuffer.allocate(domain.length + 32 + 32)
                .put(domain)
                .put(NONCE)
                .put(keyDigest)
                .array();
        byte[] unwrapped = ByteBuffer.allocate(domain.length + 32 + 32)
                .put(domain)
                .put(NONCE)
                .put(new byte[32])
                .array();

        assertThat(ReportDataBinding.reportData(NONCE, FIXED_SPKI))
                .isEqualTo(MessageDigest.getInstance("SHA-512").digest(wrapped));
        assertThat(ReportDataBinding.reportData(NONCE, (byte[]) null))
                .isEqualTo(MessageDigest.getInstance("SHA-512").digest(unwrapped));
    }

    /**
     * The guest passes its ephemeral key as a PublicKey (kmip-client), the gate the SPKI bytes it registered
     * (kmip-server): for a real key both entry points give the same 64 bytes.
     */
    @Test
    void publicKeyAndSpkiEntryPointsAgreeForARealKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey key = g.generateKeyPair().getPublic();

        byte[] clientSide = ReportDataBinding.reportData(NONCE, Optional.of(key));
        byte[] serverSide = ReportDataBinding.reportData(NONCE, key.getEncoded());

        assertThat(clientSide).hasSize(ReportDataBinding.BYTES).isEqualTo(serverSide);
        assertThat(clientSide).isNotEqualTo(ReportDataBinding.reportData(NONCE, Optional.empty()));
    }

    @Test
    void reportDataIsSixtyFourBytesAndChangesWithTheNonceAndTheKey() {
        byte[] other = NONCE.clone();
        other[0] ^= 1;
        byte[] a = ReportDataBinding.reportData(NONCE, Optional.empty());
        assertThat(a).hasSize(ReportDataBinding.BYTES);
        assertThat(ReportDataBinding.reportData(other, Optional.empty())).isNotEqualTo(a);
        byte[] otherKey = FIXED_SPKI.clone();
        otherKey[0] ^= 1;
        assertThat(ReportDataBinding.reportData(NONCE, otherKey))
                .isNotEqualTo(ReportDataBinding.reportData(NONCE, FIXED_SPKI));
    }

    @Test
    void emptyNonceIsRefused() {
        assertThatThrownBy(() -> ReportDataBinding.reportData(new byte[0], Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonce");
    }
}
