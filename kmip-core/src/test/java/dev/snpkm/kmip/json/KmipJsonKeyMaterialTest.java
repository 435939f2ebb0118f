package dev.snpkm.kmip.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key in KMIP JSON is read from, and written to, text that is zeroed afterwards: never a String. */
class KmipJsonKeyMaterialTest {
    private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String KEY_VALUE_JSON = "{\"tag\": \"KeyValue\", \"value\": [\n"
            + "  {\"tag\": \"KeyMaterial\", \"type\": \"ByteString\", \"value\": \"" + KEY_HEX + "\"},\n"
            + "  {\"tag\": \"0x420063\", \"type\": \"BigInteger\", \"value\": \"0x" + KEY_HEX + "\"}\n"
            + "]}\n";

    @Test
    void everyStringTheParserMadeIsZeroedOnceTheTreeIsBuilt() throws KmipTextException {
        List<SecretText> strings = new ArrayList<>();
        SecretText body = SecretText.utf8(KEY_VALUE_JSON.getBytes(StandardCharsets.UTF_8));

        Ttlv tree = KmipJson.parse(body, strings);

        Ttlv.Structure keyValue = (Ttlv.Structure) tree;
        assertThat(((Ttlv.ByteString) keyValue.children().get(0)).value())
                .hasSize(32)
                .startsWith(0, 1, 2);
        assertThat(((Ttlv.BigInt) keyValue.children().get(1)).encoded())
                .hasSize(32)
                .startsWith(0, 1, 2);
        // the string values (member names are not secret and not kept): the Structure's tag, and each child's tag,
        // type and value; the key twice among them
        assertThat(strings).hasSize(7);
        assertThat(strings).allSatisfy(s -> assertThat(s.isZeroed()).isTrue());
        assertThat(body.toString()).as("the caller zeroes its own body").contains(KEY_HEX);
    }

    @Test
    void theStringsAreZeroedWhenTheDocumentFailsAfterTheKey() {
        List<SecretText> strings = new ArrayList<>();
        String broken = KEY_VALUE_JSON.replace("]}", "]"); // the key was read, then the document ends early

        assertThatThrownBy(() -> KmipJson.parse(broken, strings))
                .isInstanceOf(KmipTextException.class)
                .hasMessageNotContaining(KEY_HEX);
        assertThat(strings)
                .hasSizeGreaterThan(3)
                .allSatisfy(s -> assertThat(s.isZeroed()).isTrue());
    }

    @Test
    void aBadKeyIsRefusedWithoutEchoingIt() {
        String odd = KEY_VALUE_JSON.replaceFirst(KEY_HEX, KEY_HEX.substring(1));
        assertThatThrownBy(() -> KmipJson.parse(odd))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("not an even number of hex digits (value of 63 characters)")
                .hasMessageNotContaining(KEY_HEX.substring(1, 20));
    }

    @Test
    void theKeyIsWrittenAsTheStringRenderingWritesIt() throws KmipTextException {
        Ttlv tree = KmipJson.parse(KEY_VALUE_JSON);
        byte[] utf8 = KmipJson.renderUtf8(tree, dev.snpkm.kmip.registry.KmipVersion.V2_1);
        assertThat(new String(utf8, StandardCharsets.UTF_8))
                .isEqualTo(KmipJson.render(tree))
                .contains("\"value\": \"" + KEY_HEX + "\"", "\"value\": \"0x" + KEY_HEX + "\"");
    }

    @Test
    void aUnicodeEscapeTakesFourAsciiHexDigitsOnly() {
        for (String escape : new String[] {"\\u+12a", "\\u-12a", "\\u１２３４", "\\u12g4"}) {
            String json = "{\"tag\": \"Name\", \"type\": \"TextString\", \"value\": \"" + escape + "\"}";
            assertThatThrownBy(() -> KmipJson.parse(json))
                    .as(escape)
                    .isInstanceOf(KmipTextException.class)
                    .hasMessageContaining("bad \\u escape");
        }
    }

    @Test
    void aNumberOfThousandsOfDigitsIsRefusedByItsLengthBeforeItIsParsed() {
        String json = "{\"tag\": \"BatchCount\", \"type\": \"Integer\", \"value\": " + "9".repeat(200_000) + "}";
        assertThatThrownBy(() -> KmipJson.parse(json))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("a number of more than 40 digits");
        String longest = "{\"tag\": \"0x420020\", \"type\": \"LongInteger\", \"value\": -9223372036854775808}";
        assertThatCode(() -> KmipJson.parse(longest)).doesNotThrowAnyException();
    }

    @Test
    void aBodyOfManyEmptyStringsCostsWhatTheirStringsDid() throws KmipTextException {
        // A string's buffer is the size of its text: the 16 or 64 characters a buffer once started with, times a body
        // of 300,000 empty strings, took ~70 MiB to parse.
        List<SecretText> strings = new ArrayList<>();
        String json = "{\"tag\": \"KeyValue\", \"value\": [" + "\"\",".repeat(9) + "\"\"]}";
        assertThatThrownBy(() -> KmipJson.parse(json, strings)).isInstanceOf(KmipTextException.class);
        assertThat(strings).hasSize(11).allSatisfy(s -> assertThat(s.capacity()).isLessThanOrEqualTo(8));
    }
}
