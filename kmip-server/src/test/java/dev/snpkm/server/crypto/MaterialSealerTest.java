package dev.snpkm.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaterialSealerTest {
    private static final byte[] KEY_A = filled(0x11);
    private static final byte[] KEY_B = filled(0x22);
    private final byte[] material = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealedMaterialOpensForItsOwnUid() {
        MaterialSealer sealer = new MaterialSealer(new SoftwareMasterKey(1, KEY_A));
        byte[] envelope = sealer.seal("uid-1", material);

        assertThat(sealer.unseal("uid-1", envelope)).isEqualTo(material);
        assertThat(envelope[0]).as("key version byte").isEqualTo((byte) 1);
        assertThat(envelope.length).isEqualTo(1 + 12 + material.length + 16);
    }

    @Test
    void eachSealUsesAFreshNonce() {
        MaterialSealer sealer = new MaterialSealer(new SoftwareMasterKey(1, KEY_A));
        assertThat(sealer.seal("uid-1", material)).isNotEqualTo(sealer.seal("uid-1", material));
    }

    @Test
    void materialMovedToAnotherUidFailsAuthenticationNamingThatUid() {
        MaterialSealer sealer = new MaterialSealer(new SoftwareMasterKey(1, KEY_A));
        byte[] envelope = sealer.seal("uid-1", material);

        assertThatThrownBy(() -> sealer.unseal("uid-2", envelope))
                .isInstanceOf(SealedMaterialException.class)
                .hasMessageContaining("uid-2")
                .hasMessageContaining("failed authentication")
                .hasMessageNotContaining("0123456789");
    }

    @Test
    void flippedCiphertextBitFailsAuthentication() {
        MaterialSealer sealer = new MaterialSealer(new SoftwareMasterKey(1, KEY_A));
        byte[] envelope = sealer.seal("uid-1", material);
        envelope[20] ^= 1;

        assertThatThrownBy(() -> sealer.unseal("uid-1", envelope))
                .isInstanceOf(SealedMaterialException.class)
                .hasMessageContaining("uid-1");
    }

    @Test
    void rewrittenVersionByteFailsEvenWhenThatKeyIsHeld() {
        MaterialSealer sealer =
                new MaterialSealer(new SoftwareMasterKey(2, KEY_B), List.of(new SoftwareMasterKey(1, KEY_A)));
        byte[] envelope = sealer.seal("uid-1", material);
        envelope[0] = 1;

        assertThatThrownBy(() -> sealer.unseal("uid-1", envelope)).isInstanceOf(SealedMaterialException.class);
    }

    @Test
    void afterRotationOldEnvelopesStillOpenAndAreFlaggedForResealing() {
        byte[] old = new MaterialSealer(new SoftwareMasterKey(1, KEY_A)).seal("uid-1", material);
        MaterialSealer rotated =
                new MaterialSealer(new SoftwareMasterKey(2, KEY_B), List.of(new SoftwareMasterKey(1, KEY_A)));

        assertThat(rotated.unseal("uid-1", old)).isEqualTo(material);
        assertThat(rotated.isSealedUnderOlderKey(old)).isTrue();
        assertThat(rotated.isSealedUnderOlderKey(rotated.seal("uid-1", material)))
                .isFalse();
    }

    @Test
    void envelopeUnderAnUnknownKeyVersionNamesTheMissingVersion() {
        byte[] old = new MaterialSealer(new SoftwareMasterKey(7, KEY_A)).seal("uid-1", material);
        MaterialSealer other = new MaterialSealer(new SoftwareMasterKey(2, KEY_B));

        assertThatThrownBy(() -> other.unseal("uid-1", old)).hasMessageContaining("master key version 7");
    }

    @Test
    void masterKeyMustBe32Bytes() {
        assertThatThrownBy(() -> new SoftwareMasterKey(1, new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SoftwareMasterKey(3, KEY_A).toString()).doesNotContain("11");
    }

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }
}
