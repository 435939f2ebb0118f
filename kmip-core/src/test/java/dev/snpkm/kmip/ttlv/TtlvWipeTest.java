package dev.snpkm.kmip.ttlv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Ttlv#wipe}: every Byte String and Big Integer of a tree is zeroed in place, at any depth; other items are left
 * alone.
 */
class TtlvWipeTest {
    private static final int KEY_MATERIAL = 0x420043;
    private static final int KEY_VALUE = 0x420045;
    private static final int KEY_BLOCK = 0x420040;
    private static final int LENGTH = 0x42002A;
    private static final int PRIVATE_EXPONENT = 0x420063;

    @Test
    void zeroesEveryByteStringAtAnyDepthInPlace() {
        byte[] key = {1, 2, 3, 4, 5, 6, 7, 8};
        Ttlv.Structure tree = Ttlv.structure(
                KEY_BLOCK,
                List.of(
                        Ttlv.integer(LENGTH, 64),
                        Ttlv.structure(KEY_VALUE, Ttlv.bytes(KEY_MATERIAL, key)),
                        Ttlv.bytes(KEY_MATERIAL, key)));
        byte[] before = TtlvEncoder.encode(tree);

        Ttlv.wipe(tree);

        Ttlv.ByteString nested = (Ttlv.ByteString)
                ((Ttlv.Structure) tree.children().get(1)).children().get(0);
        assertThat(nested.value()).containsOnly(0).hasSize(8);
        assertThat(((Ttlv.ByteString) tree.children().get(2)).value())
                .containsOnly(0)
                .hasSize(8);
        assertThat(((Ttlv.IntegerItem) tree.children().get(0)).value()).isEqualTo(64);
        assertThat(key).as("the caller's array was copied in, never shared").containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        byte[] after = TtlvEncoder.encode(tree);
        assertThat(after).hasSameSizeAs(before).isNotEqualTo(before);
    }

    @Test
    void zeroesBigIntegersTheComponentsOfATransparentPrivateKey() {
        BigInteger privateExponent = new BigInteger("123456789abcdef0123456789abcdef", 16);
        Ttlv.Structure tree = Ttlv.structure(
                KEY_VALUE, Ttlv.structure(KEY_MATERIAL, Ttlv.bigInteger(PRIVATE_EXPONENT, privateExponent)));

        Ttlv.wipe(tree);

        Ttlv.BigInt wiped = (Ttlv.BigInt)
                ((Ttlv.Structure) tree.children().get(0)).children().get(0);
        assertThat(wiped.encoded()).containsOnly(0).hasSize(16);
        assertThat(wiped.value()).isZero();
    }
}
