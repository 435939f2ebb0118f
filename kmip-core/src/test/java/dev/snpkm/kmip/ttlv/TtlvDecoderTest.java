package dev.snpkm.kmip.ttlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder refuses each kind of malformed input with a message naming offset, tag and problem. */
class TtlvDecoderTest {
    private static final HexFormat HEX = HexFormat.of();
    private final TtlvDecoder decoder = new TtlvDecoder();

    private static byte[] hex(String h) {
        return HEX.parseHex(h.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x0C, 0x0F, 0x80, 0xFF})
    void unknownItemTypeIsRefusedNamingTheTypeCode(int code) {
        byte[] wire = hex("42002000 00000004 00000008 00000000");
        wire[3] = (byte) code;
        assertThatThrownBy(() -> decoder.decode(wire))
                .isInstanceOf(TtlvException.class)
                .hasMessage("malformed TTLV at offset 0, tag 0x420020: unknown item type 0x%02X", code);
    }

    @ParameterizedTest
    @EnumSource(
            value = ItemType.class,
            names = {"INTEGER", "LONG_INTEGER", "ENUMERATION", "BOOLEAN", "DATE_TIME", "INTERVAL", "DATE_TIME_EXTENDED"
            })
    void everyFixedSizeTypeRefusesEveryOtherLength(ItemType type) {
        for (int wrong : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16}) {
            if (wrong == type.fixedLength()) {
                continue;
            }
            byte[] wire = new byte[8 + 16];
            wire[0] = 0x42;
            wire[2] = 0x20;
            wire[3] = (byte) type.code();
            wire[7] = (byte) wrong;
            assertThatThrownBy(() -> decoder.decode(wire))
                    .as("%s with length %d", type, wrong)
                    .isInstanceOf(TtlvException.class)
                    .hasMessage(
                            "malformed TTLV at offset 0, tag 0x420020: %s must have length %d, not %d",
                            type.encodingName(), type.fixedLength(), wrong);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 9, 12, 257})
    void bigIntegerLengthMustBeANonZeroMultipleOfEight(int length) {
        byte[] wire = new byte[8 + 264];
        wire[0] = 0x42;
        wire[2] = 0x20;
        wire[3] = 0x04;
        wire[6] = (byte) (length >> 8);
        wire[7] = (byte) length;
        assertThatThrownBy(() -> decoder.decode(wire))
                .hasMessageEndingWith("Big Integer length " + length + " is not a non-zero multiple of 8");
    }

    @Test
    void booleanOtherThanZeroOrOneIsRefused() {
        assertThatThrownBy(() -> decoder.decode(hex("42002006 00000008 00000000 00000002")))
                .isInstanceOf(TtlvException.class)
                .hasMessage("malformed TTLV at offset 0, tag 0x420020: Boolean value must be 0 or 1, not 2");
        assertThatThrownBy(() -> decoder.decode(hex("42002006 00000008 01000000 00000001")))
                .hasMessageContaining("Boolean value must be 0 or 1");
    }

    @Test
    void booleanZeroAndOneDecode() throws TtlvException {
        assertThat(decoder.decode(hex("42002006 00000008 00000000 00000000"))).isEqualTo(Ttlv.bool(0x420020, false));
        assertThat(decoder.decode(hex("42002006 00000008 00000000 00000001"))).isEqualTo(Ttlv.bool(0x420020, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3", "ff", "e282", "eda080", "c0af", "f4908080"})
    void invalidUtf8TextStringIsRefused(String badBytes) {
        int n = badBytes.length() / 2;
        String padded = badBytes + "00".repeat(8 - n);
        byte[] wire = hex(String.format("42002007 %08x %s", n, padded));
        assertThatThrownBy(() -> decoder.decode(wire))
                .isInstanceOf(TtlvException.class)
                .hasMessage("malformed TTLV at offset 0, tag 0x420020: Text String is not valid UTF-8");
    }

    @Test
    void textStringOfMultiByteUtf8Decodes() throws TtlvException {
        assertThat(decoder.decode(hex("42002007 00000007 c3a9e282ac7a7a00"))).isEqualTo(Ttlv.text(0x420020, "é€zz"));
    }

    @Test
    void trailingBytesAfterTheItemAreRefused() {
        assertThatThrownBy(() -> decoder.decode(hex("42002002 00000004 00000008 00000000 42002002 00000004")))
                .isInstanceOf(TtlvException.class)
                .hasMessage("malformed TTLV at offset 16: 8 trailing bytes after the item");
    }

    @Test
    void messageOverTheSizeLimitIsRefusedBeforeParsing() {
        TtlvDecoder small = new TtlvDecoder(new TtlvLimits(64, 8));
        byte[] wire = TtlvEncoder.encode(Ttlv.bytes(0x420020, new byte[64]));
        assertThatThrownBy(() -> small.decode(wire))
                .isInstanceOf(TtlvException.class)
                .hasMessage("malformed TTLV at offset 0: message of 72 bytes exceeds the limit of 64");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 7, 12, 20})
    void structureLengthNotAMultipleOfEightIsRefused(int length) {
        byte[] wire = new byte[8 + 24];
        wire[0] = 0x42;
        wire[2] = 0x20;
        wire[3] = 0x01;
        wire[7] = (byte) length;
        assertThatThrownBy(() -> decoder.decode(wire))
                .hasMessage(
                        "malformed TTLV at offset 0, tag 0x420020: Structure length %d is not a multiple of 8", length);
    }

    @Test
    void errorOffsetPointsAtTheFailingChildNotTheMessage() {
        // Structure{Integer ok, Boolean 7}: the Boolean starts at byte 24.
        byte[] wire = hex("42007801 00000020 42000d02 00000004 00000001 00000000 42000806 00000008 00000000 00000007");
        assertThatThrownBy(() -> decoder.decode(wire))
                .hasMessage("malformed TTLV at offset 24, tag 0x420008: Boolean value must be 0 or 1, not 7");
    }

    @Test
    void truncatedHeaderIsRefused() {
        assertThatThrownBy(() -> decoder.decode(hex("420020020000")))
                .hasMessage("malformed TTLV at offset 0: need 8 header bytes, only 6 left");
    }

    @Test
    void extensionTagsAndExtensionEnumerationValuesPassUnharmed() throws TtlvException {
        Ttlv item = Ttlv.structure(
                0x54FFFF,
                Ttlv.enumeration(0x540001, 0x80000001),
                Ttlv.enumeration(0x420057, 0x8FFFFFFF),
                Ttlv.text(0x540000, "vendor"),
                Ttlv.integer(0x42002C, 0x80000000));
        byte[] wire = TtlvEncoder.encode(item);
        assertThat(HEX.formatHex(wire, 0, 8)).isEqualTo("54ffff0100000040");
        Ttlv decoded = decoder.decode(wire);
        assertThat(decoded).isEqualTo(item);
        assertThat(((Ttlv.Enumeration) ((Ttlv.Structure) decoded).children().get(1)).value())
                .isEqualTo(0x8FFFFFFF);
        assertThat(TtlvEncoder.encode(decoded)).isEqualTo(wire);
    }

    @Test
    void intervalIsUnsignedSoTheTopBitIsKept() throws TtlvException {
        assertThat(decoder.decode(hex("4200200a 00000004 ffffffff 00000000")))
                .isEqualTo(Ttlv.interval(0x420020, 0xFFFF_FFFFL));
    }

    @Test
    void byteStringClaimingTwoGibibytesFailsFastWithoutAllocatingIt() {
        byte[] wire = hex("42002008 80000000 00000000 00000000");
        assertTimeoutPreemptively(
                Duration.ofSeconds(1),
                () -> assertThatThrownBy(() -> decoder.decode(wire))
                        .isInstanceOf(TtlvException.class)
                        .hasMessage(
                                "malformed TTLV at offset 0, tag 0x420020: ByteString length 2147483648 overruns its "
                                        + "parent (8 bytes left)"));
    }

    @Test
    void lengthNearFourGibibytesDoesNotOverflowTheBoundsCheck() {
        byte[] wire = hex("42002007 fffffff9 00000000 00000000");
        assertThatThrownBy(() -> decoder.decode(wire))
                .isInstanceOf(TtlvException.class)
                .hasMessageContaining("overruns its parent");
    }

    @Test
    void decodedStructuresAreImmutableAndEqualToBuiltOnesWithManyChildren() throws TtlvException {
        // More children than the decoder's first buffer holds, so the buffer grows.
        List<Ttlv> children = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            children.add(Ttlv.integer(0x420020, i));
        }
        Ttlv.Structure built = Ttlv.structure(0x420001, children);
        Ttlv.Structure decoded = (Ttlv.Structure) decoder.decode(TtlvEncoder.encode(built));
        assertThat(decoded).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(decoded.children()).hasSize(20).containsExactlyElementsOf(children);
        assertThatThrownBy(() -> decoded.children().add(Ttlv.integer(0x420020, 99)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decoded.children().set(0, Ttlv.integer(0x420020, 99)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Ttlv.structure(0x420001, decoded.children())).isEqualTo(built);
    }
}
