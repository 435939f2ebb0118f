package dev.snpkm.kmip.ttlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TtlvCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private final TtlvDecoder decoder = new TtlvDecoder();

    private Ttlv roundTrip(String hex) throws TtlvException {
        byte[] wire = HEX.parseHex(hex);
        Ttlv item = decoder.decode(wire);
        assertThat(HEX.formatHex(TtlvEncoder.encode(item))).isEqualTo(hex.toLowerCase());
        return item;
    }

    @Test
    void specExamplesDecodeToTheirValuesAndReencodeIdentically() throws TtlvException {
        assertThat(roundTrip("42002002000000040000000800000000")).isEqualTo(Ttlv.integer(0x420020, 8));
        assertThat(roundTrip("420020030000000801b69b4ba5749200"))
                .isEqualTo(Ttlv.longInteger(0x420020, 123456789000000000L));
        assertThat(((Ttlv.BigInt) roundTrip("42002004000000100000000003fd35eb6bc2df4618080000")).value())
                .isEqualTo(new BigInteger("1234567890000000000000000000"));
        assertThat(roundTrip("420020070000000b48656c6c6f20576f726c640000000000"))
                .isEqualTo(Ttlv.text(0x420020, "Hello World"));
        assertThat(roundTrip("4200200a00000004000d2f0000000000")).isEqualTo(Ttlv.interval(0x420020, 864000));
        assertThat(roundTrip("42002001000000204200040500000004000000fe000000004200050200000004000000ff00000000"))
                .isEqualTo(Ttlv.structure(0x420020, Ttlv.enumeration(0x420004, 254), Ttlv.integer(0x420005, 255)));
    }

    @Test
    void nonZeroPaddingIsRefusedNamingOffsetAndTag() {
        assertThatThrownBy(() -> decoder.decode(HEX.parseHex("42002002000000040000000800000001")))
                .isInstanceOf(TtlvException.class)
                .hasMessageContaining("offset 0")
                .hasMessageContaining("0x420020")
                .hasMessageContaining("padding");
    }

    @Test
    void wrongFixedLengthIsRefused() {
        assertThatThrownBy(() -> decoder.decode(HEX.parseHex("42002002000000080000000800000000")))
                .hasMessageContaining("Integer must have length 4");
    }

    @Test
    void childOverrunningParentIsRefused() {
        assertThatThrownBy(() -> decoder.decode(HEX.parseHex("42002001000000084200040500000004000000fe00000000")))
                .hasMessageContaining("overruns");
    }

    @Test
    void nestingBeyondTheLimitIsRefused() {
        Ttlv item = Ttlv.integer(0x420001, 1);
        for (int i = 0; i < 5; i++) {
            item = Ttlv.structure(0x420001, item);
        }
        byte[] wire = TtlvEncoder.encode(item);
        assertThatThrownBy(() -> new TtlvDecoder(new TtlvLimits(1 << 20, 3)).decode(wire))
                .hasMessageContaining("nesting deeper than 3");
    }

    @Test
    void textLengthCountedWithoutEncodingMatchesTheEncodedBytes() {
        for (String text :
                new String[] {"", "ascii", "é", "€", "\uD83D\uDD11 key", "lone \uD800 surrogate", "\uDC00"}) {
            Ttlv.TextString item = Ttlv.text(0x420094, text);
            assertThat(item.utf8Length())
                    .as(text)
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertThat(TtlvEncoder.encode(item)).hasSize(8 + (item.utf8Length() + 7) / 8 * 8);
        }
    }
}
