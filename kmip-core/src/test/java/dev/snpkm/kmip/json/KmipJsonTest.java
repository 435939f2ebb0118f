package dev.snpkm.kmip.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KmipJsonTest {
    @Test
    void structureOmitsTypeAndHoldsItsChildrenInAnArray() throws KmipTextException {
        Ttlv item = Ttlv.structure(0x420069, Ttlv.integer(0x42006A, 2), Ttlv.integer(0x42006B, 1));
        String json = KmipJson.render(item);
        assertThat(json)
                .isEqualTo("{\"tag\": \"ProtocolVersion\", \"value\": [\n"
                        + "  {\"tag\": \"ProtocolVersionMajor\", \"type\": \"Integer\", \"value\": 2},\n"
                        + "  {\"tag\": \"ProtocolVersionMinor\", \"type\": \"Integer\", \"value\": 1}\n"
                        + "]}\n");
        assertThat(KmipJson.parse(json)).isEqualTo(item);
    }

    @Test
    void everyTypeRoundTripsIncludingExtensionTagsAndValues() throws KmipTextException {
        Ttlv item = Ttlv.structure(
                0x54FFFF,
                Ttlv.enumeration(0x540001, 0x80000001),
                Ttlv.enumeration(0x420057, 2),
                Ttlv.integer(0x42002C, 0x0C),
                Ttlv.longInteger(0x420020, Long.MIN_VALUE),
                Ttlv.bigInteger(0x420020, new BigInteger("-1234567890123456789012345678901234567890")),
                Ttlv.bool(0x420020, false),
                Ttlv.text(0x420020, "quote \" backslash \\ nl \n ctl \u0001 é"),
                Ttlv.bytes(0x420020, new byte[] {0, (byte) 0xFF}),
                Ttlv.dateTime(0x420020, 0x47DA67F8L),
                Ttlv.interval(0x420020, 0xFFFF_FFFFL),
                Ttlv.dateTimeExtended(0x420020, -1),
                Ttlv.structure(0x420020));
        String json = KmipJson.render(item);
        assertThat(json)
                .contains(
                        "\"tag\": \"0x54FFFF\"",
                        "\"value\": \"SymmetricKey\"",
                        "\"value\": \"Encrypt Decrypt\"",
                        "\"value\": \"0x80000001\"",
                        "\"value\": \"00ff\"");
        assertThat(KmipJson.parse(json)).isEqualTo(item);
    }

    @Test
    void numbersAndHexStringsAreBothAccepted() throws KmipTextException {
        assertThat(KmipJson.parse("{\"tag\":\"ObjectType\",\"type\":\"Enumeration\",\"value\":2}"))
                .isEqualTo(Ttlv.enumeration(0x420057, 2));
        assertThat(KmipJson.parse("{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":\"0x10\"}"))
                .isEqualTo(Ttlv.integer(0x42000D, 16));
    }

    @Test
    void aMaskIsReadFromNamesSeparatedBySpacesOrBarsAndWrittenWithSpaces() throws KmipTextException {
        String bars = "{\"tag\":\"CryptographicUsageMask\",\"type\":\"Integer\",\"value\":\"Encrypt|Decrypt\"}";
        String spaces = "{\"tag\":\"CryptographicUsageMask\",\"type\":\"Integer\",\"value\":\"Encrypt Decrypt\"}";

        assertThat(KmipJson.parse(bars)).isEqualTo(Ttlv.integer(0x42002C, 12));
        assertThat(KmipJson.parse(spaces)).isEqualTo(Ttlv.integer(0x42002C, 12));
        assertThat(KmipJson.render(Ttlv.integer(0x42002C, 12))).contains("\"value\": \"Encrypt Decrypt\"");
    }

    @Test
    void malformedJsonIsRefusedWithPosition() {
        assertThatThrownBy(() -> KmipJson.parse("{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":1} x"))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("unexpected content after");
        assertThatThrownBy(() -> KmipJson.parse("{\"tag\":\"BatchCount\",\"tag\":\"BatchCount\"}"))
                .hasMessageContaining("duplicate member");
        assertThatThrownBy(() -> KmipJson.parse("{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":1.5}"))
                .hasMessageContaining("integers");
        assertThatThrownBy(() -> KmipJson.parse("[".repeat(100))).hasMessageContaining("nesting deeper");
    }

    @Test
    void valuesOutsideTheTypesRangeAreRefused() {
        assertThatThrownBy(() -> KmipJson.parse("{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":4294967296}"))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("$.BatchCount");
        assertThatThrownBy(() -> KmipJson.parse("{\"tag\":\"BatchCount\",\"type\":\"Integer\",\"value\":true}"))
                .hasMessageContaining("cannot have the JSON value Boolean");
    }
}
