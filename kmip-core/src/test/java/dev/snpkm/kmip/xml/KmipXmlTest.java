package dev.snpkm.kmip.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.Placeholders;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KmipXmlTest {
    @Test
    void extensionTagsRenderAsGenericTtlvElementsAndParseBack() throws KmipTextException {
        Ttlv item = Ttlv.structure(0x54FFFF, Ttlv.enumeration(0x540001, 0x80000001), Ttlv.text(0x420094, "id"));
        String xml = KmipXml.render(item);
        assertThat(xml)
                .isEqualTo("<TTLV tag=\"0x54FFFF\">\n"
                        + "  <TTLV tag=\"0x540001\" type=\"Enumeration\" value=\"0x80000001\"/>\n"
                        + "  <UniqueIdentifier type=\"TextString\" value=\"id\"/>\n"
                        + "</TTLV>\n");
        assertThat(KmipXml.parse(xml)).isEqualTo(item);
    }

    @Test
    void enumerationsRenderByNameAndUnknownValuesByHex() throws KmipTextException {
        assertThat(KmipXml.render(Ttlv.enumeration(0x420057, 2)))
                .isEqualTo("<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>\n");
        assertThat(KmipXml.render(Ttlv.enumeration(0x420057, 0x80000042)))
                .isEqualTo("<ObjectType type=\"Enumeration\" value=\"0x80000042\"/>\n");
        assertThat(KmipXml.parse("<ObjectType type=\"Enumeration\" value=\"0x00000002\"/>"))
                .isEqualTo(Ttlv.enumeration(0x420057, 2));
        assertThat(KmipXml.parse("<ObjectType type=\"Enumeration\" value=\"Symmetric Key\"/>"))
                .as("the specification name is accepted too")
                .isEqualTo(Ttlv.enumeration(0x420057, 2));
    }

    @Test
    void enumerationNamesFollowTheRequestedVersion() {
        Ttlv mgf1 = Ttlv.enumeration(0x420101, 1); // Mask Generator: "MGF1" in 1.4, spelled "MFG1" in the 2.x table
        assertThat(KmipXml.render(mgf1, KmipVersion.V1_4)).contains("value=\"MGF1\"");
        assertThat(KmipXml.render(mgf1, KmipVersion.V2_1)).contains("value=\"MFG1\"");
    }

    @Test
    void cryptographicUsageMaskIsSpaceSeparatedNamesEitherOrder() throws KmipTextException {
        Ttlv mask = Ttlv.integer(0x42002C, 0x0C);
        assertThat(KmipXml.render(mask))
                .isEqualTo("<CryptographicUsageMask type=\"Integer\" value=\"Encrypt Decrypt\"/>\n");
        assertThat(KmipXml.parse("<CryptographicUsageMask type=\"Integer\" value=\"Decrypt Encrypt\"/>"))
                .isEqualTo(mask);
        assertThat(KmipXml.parse("<CryptographicUsageMask type=\"Integer\" value=\"0x0000000C\"/>"))
                .isEqualTo(mask);
        assertThat(KmipXml.parse("<CryptographicUsageMask type=\"Integer\" value=\"12\"/>"))
                .isEqualTo(mask);
    }

    @Test
    void maskWithAnExtensionBitRendersAsHex() {
        assertThat(KmipXml.render(Ttlv.integer(0x42002C, 0x80000004)))
                .isEqualTo("<CryptographicUsageMask type=\"Integer\" value=\"0x80000004\"/>\n");
    }

    @Test
    void kmip1AttributeValueIsNamedThroughItsSiblingAttributeName() throws KmipTextException {
        Ttlv state = Ttlv.structure(0x420008, Ttlv.text(0x42000A, "State"), Ttlv.enumeration(0x42000B, 1));
        Ttlv usage =
                Ttlv.structure(0x420008, Ttlv.text(0x42000A, "Cryptographic Usage Mask"), Ttlv.integer(0x42000B, 0x0C));
        String stateXml = KmipXml.render(state, KmipVersion.V1_4);
        String usageXml = KmipXml.render(usage, KmipVersion.V1_4);
        assertThat(stateXml).contains("<AttributeValue type=\"Enumeration\" value=\"PreActive\"/>");
        assertThat(usageXml).contains("<AttributeValue type=\"Integer\" value=\"Encrypt Decrypt\"/>");
        assertThat(KmipXml.parse(stateXml)).isEqualTo(state);
        assertThat(KmipXml.parse(usageXml)).isEqualTo(usage);
    }

    @Test
    void kmip2AttributeReferenceEnumerationIsATagName() throws KmipTextException {
        Ttlv ref = Ttlv.enumeration(0x42013B, 0x42008D);
        assertThat(KmipXml.render(ref)).isEqualTo("<AttributeReference type=\"Enumeration\" value=\"State\"/>\n");
        assertThat(KmipXml.parse("<AttributeReference type=\"Enumeration\" value=\"State\"/>"))
                .isEqualTo(ref);
    }

    @Test
    void scalarTypesUseTheirProfileForms() throws KmipTextException {
        Ttlv s = Ttlv.structure(
                0x420020,
                Ttlv.dateTime(0x420020, 0x47DA67F8L),
                Ttlv.dateTimeExtended(0x420020, 1_205_495_800_123_456L),
                Ttlv.bytes(0x420020, new byte[] {1, 2, (byte) 0xAB}),
                Ttlv.bigInteger(0x420020, java.math.BigInteger.valueOf(65537)),
                Ttlv.interval(0x420020, 864000),
                Ttlv.longInteger(0x420020, -5),
                Ttlv.bool(0x420020, true),
                Ttlv.text(0x420020, "a<b & \"c\"\n\td"));
        String xml = KmipXml.render(s);
        assertThat(xml)
                .contains(
                        "type=\"DateTime\" value=\"2008-03-14T11:56:40+00:00\"",
                        "type=\"DateTimeExtended\" value=\"1205495800123456\"",
                        "type=\"ByteString\" value=\"0102ab\"",
                        "type=\"BigInteger\" value=\"0000000000010001\"",
                        "type=\"Interval\" value=\"864000\"",
                        "type=\"TextString\" value=\"a&lt;b &amp; &quot;c&quot;&#10;&#9;d\"");
        assertThat(KmipXml.parse(xml)).isEqualTo(s);
    }

    @Test
    void dateTimeInAnotherZoneMeansTheSameInstant() throws KmipTextException {
        assertThat(KmipXml.parse("<CompromiseDate type=\"DateTime\" value=\"2000-02-02T00:00:00+10:00\"/>"))
                .isEqualTo(Ttlv.dateTime(
                        0x420020, Instant.parse("2000-02-01T14:00:00Z").getEpochSecond()));
    }

    @Test
    void dateTimeWithoutAZoneIsRefused() {
        assertThatThrownBy(() -> KmipXml.parse("<CompromiseDate type=\"DateTime\" value=\"2000-02-02T00:00:00\"/>"))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("/CompromiseDate")
                .hasMessageContaining("time zone");
    }

    @Test
    void unknownNamesAreRefusedNamingThePath() {
        assertThatThrownBy(
                        () -> KmipXml.parse("<RequestMessage><Bogus type=\"Integer\" value=\"1\"/></RequestMessage>"))
                .isInstanceOf(KmipTextException.class)
                .hasMessage("/RequestMessage/Bogus[1]: unknown KMIP tag name 'Bogus' (use the CamelCase name from the "
                        + "tag table or 0x hex)");
        assertThatThrownBy(() -> KmipXml.parse("<ObjectType type=\"Enumeration\" value=\"Spaceship\"/>"))
                .hasMessageContaining("'Spaceship' is not a value of the Object Type enumeration");
        assertThatThrownBy(() -> KmipXml.parse("<ObjectType type=\"Number\" value=\"1\"/>"))
                .hasMessageContaining("unknown type 'Number'");
    }

    @Test
    void badByteStringHexIsRefusedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> KmipXml.parse("<KeyMaterial type=\"ByteString\" value=\"secretzz\"/>"))
                .isInstanceOf(KmipTextException.class)
                .hasMessageNotContaining("secret")
                .hasMessageContaining("hex");
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<UniqueIdentifier type=\"TextString\" value=\"&e;\"/>";
        assertThatThrownBy(() -> KmipXml.parse(xxe))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void placeholdersGoToTheResolverWithTagAndType() throws KmipTextException {
        String xml = "<RequestPayload><UniqueIdentifier type=\"TextString\" value=\"$UNIQUE_IDENTIFIER_1\"/>"
                + "<ActivationDate type=\"DateTime\" value=\"$NOW-3600\"/></RequestPayload>";
        Placeholders server = (p, tag, type) -> p.startsWith("$UNIQUE") ? Ttlv.text(tag, "uuid-42") : null;
        Ttlv parsed = KmipXml.parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                (p, tag, type) -> p.startsWith("$NOW")
                        ? Placeholders.standIns().resolve(p, tag, type)
                        : server.resolve(p, tag, type));
        assertThat(parsed)
                .isEqualTo(Ttlv.structure(
                        0x420079,
                        Ttlv.text(0x420094, "uuid-42"),
                        Ttlv.dateTime(0x420001, Placeholders.STAND_IN_NOW.getEpochSecond() - 3600)));
    }

    @Test
    void withoutAResolverADateTimePlaceholderIsAnError() {
        assertThatThrownBy(() -> KmipXml.parse("<ActivationDate type=\"DateTime\" value=\"$NOW\"/>"))
                .isInstanceOf(KmipTextException.class)
                .hasMessageContaining("'$NOW' is not an xsd:dateTime");
    }

    @Test
    void controlCharactersXmlCannotCarryAreRefusedOnRender() {
        assertThatThrownBy(() -> KmipXml.render(Ttlv.text(0x420094, "a\u0001b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0001");
    }
}
