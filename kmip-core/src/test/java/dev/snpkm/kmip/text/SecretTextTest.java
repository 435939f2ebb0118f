package dev.snpkm.kmip.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTextTest {
    private static final String MIXED = "key \"00ff\" é € 😀 tab\t";

    @Test
    void utf8RoundTripsEveryWidthOfCharacter() throws KmipTextException {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
        SecretText text = SecretText.utf8(bytes);
        assertThat(text.toString()).isEqualTo(MIXED);
        assertThat(text.length()).isEqualTo(MIXED.length());
        assertThat(text.toUtf8()).isEqualTo(bytes);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithoutEchoingThem() {
        byte[] overlong = {'a', (byte) 0xC0, (byte) 0xAF};
        byte[] truncated = {'a', (byte) 0xE2, (byte) 0x82};
        for (byte[] bad : new byte[][] {overlong, truncated}) {
            assertThatThrownBy(() -> SecretText.utf8(bad))
                    .isInstanceOf(KmipTextException.class)
                    .hasMessageContaining("not UTF-8 text");
        }
    }

    @Test
    void aLoneSurrogateIsEncodedAsStringGetBytesDoes() {
        String lone = "a\uD800b\uDC00c";
        SecretText text = new SecretText(4).append(lone);
        assertThat(text.toUtf8()).isEqualTo(lone.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hexIsWrittenInLowerCaseStraightFromTheBytes() {
        SecretText text = new SecretText(4).append('"').appendHex(new byte[] {0, 0x0A, (byte) 0xFF, 0x7F});
        assertThat(text.toString()).isEqualTo("\"000aff7f");
        assertThat(text.append(-42L).toString()).endsWith("-42");
    }

    @Test
    void growingZeroesTheBufferItLeaves() {
        SecretText text = new SecretText(16);
        text.appendHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        char[] first = text.buffer();
        text.appendHex(new byte[] {(byte) 0xAB});
        assertThat(text.buffer()).isNotSameAs(first);
        assertThat(first).containsOnly('\0');
        assertThat(text.toString()).isEqualTo("0102030405060708ab");
    }

    @Test
    void wipeZeroesTheTextAndEmptiesIt() throws KmipTextException {
        SecretText text = SecretText.utf8("00112233".getBytes(StandardCharsets.UTF_8));
        char[] buffer = text.buffer();
        text.wipe();
        assertThat(buffer).containsOnly('\0');
        assertThat(text.isZeroed()).isTrue();
        assertThat(text.length()).isZero();
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void charAtAndSubSequenceStayWithinTheText() {
        SecretText text = new SecretText(32).append("abc");
        assertThat(text.charAt(2)).isEqualTo('c');
        assertThat(text.subSequence(1, 3).toString()).isEqualTo("bc");
        assertThatThrownBy(() -> text.charAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> text.subSequence(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void hexIsReadFromTheTextItselfAsciiDigitsOnly() {
        assertThat(ScalarText.parseHex(new SecretText(8).append("0x00Ff"))).containsExactly(0, 0xFF);
        assertThatThrownBy(() -> ScalarText.parseHex("０１")) // full-width digits: Character.digit takes them
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an even number of hex digits (value of 2 characters)");
        assertThatThrownBy(() -> ScalarText.parseHex("abc")).hasMessageContaining("value of 3 characters");
        assertThat(ScalarText.parseBigInteger(new SecretText(8).append("ff")))
                .containsExactly(-1, -1, -1, -1, -1, -1, -1, -1);
    }
}
