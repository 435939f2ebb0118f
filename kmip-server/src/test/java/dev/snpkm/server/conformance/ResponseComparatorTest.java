package dev.snpkm.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.xml.KmipXml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseComparatorTest {
    private final CasePlaceholders placeholders = new CasePlaceholders(Instant.now());
    private final LearnedIdentifiers learned = new LearnedIdentifiers();

    private static final String GET_ATTRIBUTES_21 = """
            <ResponseMessage>
              <ResponseHeader>
                <ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
                <TimeStamp type="DateTime" value="%s"/>
                <BatchCount type="Integer" value="1"/>
              </ResponseHeader>
              <BatchItem>
                <Operation type="Enumeration" value="GetAttributes"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload>
                  <UniqueIdentifier type="TextString" value="%s"/>
                  <Attributes>%s</Attributes>
                </ResponsePayload>
              </BatchItem>
            </ResponseMessage>""";

    private static final String STATE = "<State type=\"Enumeration\" value=\"%s\"/>";
    private static final String ALGORITHM = "<CryptographicAlgorithm type=\"Enumeration\" value=\"AES\"/>";
    private static final String LENGTH = "<CryptographicLength type=\"Integer\" value=\"256\"/>";
    private static final String MASK = "<CryptographicUsageMask type=\"Integer\" value=\"Decrypt Encrypt\"/>";

    private Ttlv expected(String attributes) {
        return parse(GET_ATTRIBUTES_21.formatted("$NOW", "$UNIQUE_IDENTIFIER_0", attributes));
    }

    private Ttlv actual(String id, String attributes) {
        return parse(GET_ATTRIBUTES_21.formatted("2031-05-06T07:08:09Z", id, attributes));
    }

    private Ttlv parse(String xml) {
        try {
            return KmipXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), placeholders);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> compare(Ttlv expected, Ttlv actual) {
        return new ResponseComparator(placeholders, b -> false).compare(expected, actual, learned);
    }

    @Test
    void equalResponseWithOtherIdentifierAndTimeConformsAndTeachesTheIdentifier() {
        List<String> diffs = compare(
                expected(String.format(STATE, "PreActive") + ALGORITHM),
                actual("key-77", String.format(STATE, "PreActive") + ALGORITHM));

        assertThat(diffs).isEmpty();
        assertThat(learned.get(0)).contains("key-77");
    }

    @Test
    void reorderedAttributesConform() {
        assertThat(compare(
                        expected(String.format(STATE, "Active") + ALGORITHM + LENGTH + MASK),
                        actual("1", MASK + LENGTH + String.format(STATE, "Active") + ALGORITHM)))
                .isEmpty();
    }

    @Test
    void extraAttributesBeyondThoseExpectedConform() {
        assertThat(compare(expected(ALGORITHM), actual("1", LENGTH + ALGORITHM + String.format(STATE, "Active"))))
                .isEmpty();
    }

    @Test
    void wrongEnumerationIsReportedWithItsPathAndNames() {
        List<String> diffs = compare(
                expected(String.format(STATE, "PreActive") + ALGORITHM),
                actual("1", ALGORITHM + String.format(STATE, "Active")));

        assertThat(diffs)
                .containsExactly("BatchItem[0]/ResponsePayload/Attributes/State expected PreActive, got Active");
    }

    @Test
    void missingAttributeIsReported() {
        assertThat(compare(expected(ALGORITHM + LENGTH), actual("1", ALGORITHM)))
                .containsExactly("BatchItem[0]/ResponsePayload/Attributes/CryptographicLength missing (expected 256)");
    }

    @Test
    void wrongMaskIsReportedByName() {
        assertThat(compare(expected(MASK), actual("1", "<CryptographicUsageMask type=\"Integer\" value=\"Encrypt\"/>")))
                .singleElement()
                .asString()
                .contains("CryptographicUsageMask expected", "Decrypt", "got Encrypt");
    }

    @Test
    void identifierMustStayTheSameWithinACase() {
        learned.accept(0, "key-1");

        assertThat(compare(expected(ALGORITHM), actual("key-2", ALGORITHM)))
                .containsExactly(
                        "BatchItem[0]/ResponsePayload/UniqueIdentifier expected $UNIQUE_IDENTIFIER_0 (= 'key-1'), got 'key-2'");
    }

    private static final String CREATE_21 = """
            <ResponseMessage>
              <ResponseHeader>
                <ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
                <TimeStamp type="DateTime" value="$NOW"/>
                %s
                <BatchCount type="Integer" value="1"/>
              </ResponseHeader>
              <BatchItem>
                <Operation type="Enumeration" value="Create"/>
                %s
              </BatchItem>
            </ResponseMessage>""";
    private static final String SUCCESS = """
            <ResultStatus type="Enumeration" value="Success"/>
            <ResponsePayload>
              <ObjectType type="Enumeration" value="SymmetricKey"/>
              <UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/>
            </ResponsePayload>""";

    @Test
    void failedOperationIsReportedWithTheServersReasonAndMessage() {
        Ttlv actual = parse(CREATE_21.formatted("", """
                <ResultStatus type="Enumeration" value="OperationFailed"/>
                <ResultReason type="Enumeration" value="ItemNotFound"/>
                <ResultMessage type="TextString" value="no such template"/>"""));

        assertThat(compare(parse(CREATE_21.formatted("", SUCCESS)), actual))
                .first()
                .isEqualTo(
                        "BatchItem[0]/ResultStatus expected Success, got OperationFailed (reason ItemNotFound: no such template)");
    }

    @Test
    void missingPayloadFieldIsReported() {
        Ttlv actual = parse(CREATE_21.formatted("", """
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload>
                  <UniqueIdentifier type="TextString" value="9"/>
                </ResponsePayload>"""));

        assertThat(compare(parse(CREATE_21.formatted("", SUCCESS)), actual))
                .containsExactly("BatchItem[0]/ResponsePayload/ObjectType missing (expected SymmetricKey)");
    }

    @Test
    void unexpectedPayloadFieldIsReported() {
        Ttlv actual = parse(CREATE_21.formatted(
                "",
                SUCCESS.replace(
                        "</ResponsePayload>",
                        "<CryptographicLength type=\"Integer\" value=\"256\"/></ResponsePayload>")));

        assertThat(compare(parse(CREATE_21.formatted("", SUCCESS)), actual))
                .containsExactly("BatchItem[0]/ResponsePayload/CryptographicLength unexpected (got 256)");
    }

    @Test
    void correlationValuesAndResultMessageTextAreIgnored() {
        Ttlv actual = parse(CREATE_21.formatted(
                "<ClientCorrelationValue type=\"TextString\" value=\"c\"/>"
                        + "<ServerCorrelationValue type=\"TextString\" value=\"s-123\"/>",
                SUCCESS.replace(
                        "<ResponsePayload>",
                        "<ResultMessage type=\"TextString\" value=\"created\"/><ResponsePayload>")));

        assertThat(compare(parse(CREATE_21.formatted("", SUCCESS)), actual)).isEmpty();
    }

    @Test
    void batchCountAndOperationMustMatch() {
        Ttlv actual = parse(CREATE_21
                .formatted("", SUCCESS)
                .replace("\"Create\"", "\"Register\"")
                .replace("<BatchCount type=\"Integer\" value=\"1\"/>", "<BatchCount type=\"Integer\" value=\"2\"/>"));

        assertThat(compare(parse(CREATE_21.formatted("", SUCCESS)), actual))
                .containsExactly(
                        "ResponseHeader/BatchCount expected 1, got 2",
                        "BatchItem[0]/Operation expected Create, got Register");
    }

    private static final String GET_ATTRIBUTES_14 = """
            <ResponseMessage>
              <ResponseHeader>
                <ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion>
                <TimeStamp type="DateTime" value="$NOW"/>
                <BatchCount type="Integer" value="1"/>
              </ResponseHeader>
              <BatchItem>
                <Operation type="Enumeration" value="GetAttributes"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload>
                  <UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/>
                  %s
                </ResponsePayload>
              </BatchItem>
            </ResponseMessage>""";
    private static final String ATTRIBUTE_14 = "<Attribute><AttributeName type=\"TextString\" value=\"%s\"/>%s"
            + "<AttributeValue type=\"%s\" value=\"%s\"/></Attribute>";

    @Test
    void version1AttributesMatchByNameInAnyOrderWithExtrasAndImplicitIndexZero() {
        String state = ATTRIBUTE_14.formatted("State", "", "Enumeration", "PreActive");
        String length = ATTRIBUTE_14.formatted("Cryptographic Length", "", "Integer", "128");
        String lengthIndexed = ATTRIBUTE_14.formatted(
                "Cryptographic Length", "<AttributeIndex type=\"Integer\" value=\"0\"/>", "Integer", "128");
        String extra = ATTRIBUTE_14.formatted("Object Type", "", "Enumeration", "SymmetricKey");

        assertThat(compare(
                        parse(GET_ATTRIBUTES_14.formatted(state + length)),
                        parse(GET_ATTRIBUTES_14.formatted(extra + lengthIndexed + state))))
                .isEmpty();
    }

    @Test
    void version1AttributeValueIsComparedWithItsNamesMeaning() {
        String expected = ATTRIBUTE_14.formatted("State", "", "Enumeration", "PreActive");
        String actual = ATTRIBUTE_14.formatted("State", "", "Enumeration", "Active");

        assertThat(compare(parse(GET_ATTRIBUTES_14.formatted(expected)), parse(GET_ATTRIBUTES_14.formatted(actual))))
                .containsExactly("BatchItem[0]/ResponsePayload/Attribute[State]/AttributeValue expected PreActive, "
                        + "got Active");
    }

    private static final String KEY_BLOCK = """
            <ResponseMessage>
              <ResponseHeader>
                <ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
                <TimeStamp type="DateTime" value="$NOW"/>
                <BatchCount type="Integer" value="1"/>
              </ResponseHeader>
              <BatchItem>
                <Operation type="Enumeration" value="Get"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload>
                  <KeyMaterial type="ByteString" value="%s"/>
                </ResponsePayload>
              </BatchItem>
            </ResponseMessage>""";

    @Test
    void generatedKeyMaterialNeedsOnlyTheSameSize() {
        Ttlv expected = parse(KEY_BLOCK.formatted("00112233445566778899aabbccddeeff"));
        ResponseComparator comparator = new ResponseComparator(placeholders, b -> false);

        assertThat(comparator.compare(
                        expected, parse(KEY_BLOCK.formatted("ffeeddccbbaa99887766554433221100")), learned))
                .isEmpty();
        assertThat(comparator.compare(expected, parse(KEY_BLOCK.formatted("ffeeddccbbaa9988")), learned))
                .containsExactly("BatchItem[0]/ResponsePayload/KeyMaterial expected a server-generated value of 16 "
                        + "bytes, got 8 bytes");
    }

    @Test
    void registeredKeyMaterialMustMatchExactly() {
        Ttlv expected = parse(KEY_BLOCK.formatted("00112233445566778899aabbccddeeff"));
        ResponseComparator comparator = new ResponseComparator(
                placeholders,
                b -> Set.of("00112233445566778899aabbccddeeff")
                        .contains(java.util.HexFormat.of().formatHex(b)));

        assertThat(comparator.compare(
                        expected, parse(KEY_BLOCK.formatted("ffeeddccbbaa99887766554433221100")), learned))
                .singleElement()
                .asString()
                .startsWith("BatchItem[0]/ResponsePayload/KeyMaterial expected");
    }

    private static final String QUERY_14 = """
            <ResponseMessage>
              <ResponseHeader>
                <ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion>
                <TimeStamp type="DateTime" value="$NOW"/>
                <BatchCount type="Integer" value="1"/>
              </ResponseHeader>
              <BatchItem>
                <Operation type="Enumeration" value="Query"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload>%s</ResponsePayload>
              </BatchItem>
            </ResponseMessage>""";

    @Test
    void queryAnswerMustListTheExpectedOperationsInAnyOrderAndMayListMore() {
        Ttlv expected = parse(QUERY_14.formatted("""
                <Operation type="Enumeration" value="Query"/>
                <Operation type="Enumeration" value="Register"/>
                <ObjectType type="Enumeration" value="SecretData"/>
                <VendorIdentification type="TextString" value="server-vendor.com"/>
                <ServerInformation/>"""));
        Ttlv more = parse(QUERY_14.formatted("""
                <Operation type="Enumeration" value="Create"/>
                <Operation type="Enumeration" value="Register"/>
                <Operation type="Enumeration" value="Query"/>
                <ObjectType type="Enumeration" value="SymmetricKey"/>
                <ObjectType type="Enumeration" value="SecretData"/>
                <VendorIdentification type="TextString" value="snpkm"/>
                <ServerInformation><Comment type="TextString" value="build 7"/></ServerInformation>"""));
        Ttlv fewer = parse(QUERY_14.formatted("""
                <Operation type="Enumeration" value="Query"/>
                <ObjectType type="Enumeration" value="SecretData"/>
                <VendorIdentification type="TextString" value="snpkm"/>
                <ServerInformation/>"""));

        assertThat(compare(expected, more)).isEmpty();
        assertThat(compare(expected, fewer))
                .containsExactly("BatchItem[0]/ResponsePayload/Operation missing (expected Register)");
    }

    private static final String X931 = "<RandomNumberGenerator><RNGAlgorithm type=\"Enumeration\" value=\"ANSIX9_31\"/>"
            + ALGORITHM + LENGTH + "</RandomNumberGenerator>";

    private static String rng(String fields) {
        return "<RandomNumberGenerator>" + fields + "</RandomNumberGenerator>";
    }

    private static final String DRBG = "<RNGAlgorithm type=\"Enumeration\" value=\"DRBG\"/>"
            + "<HashingAlgorithm type=\"Enumeration\" value=\"SHA_256\"/>";

    @Test
    void randomNumberGeneratorMayNameTheServersOwnGenerator() {
        assertThat(compare(expected(X931), actual("1", rng(DRBG)))).isEmpty();
    }

    @Test
    void randomNumberGeneratorMustStillBeThere() {
        assertThat(compare(expected(X931 + ALGORITHM), actual("1", ALGORITHM)))
                .containsExactly("BatchItem[0]/ResponsePayload/Attributes/RandomNumberGenerator missing");
    }

    @Test
    void randomNumberGeneratorMustBeWellFormedRngParameters() {
        assertThat(compare(expected(X931), actual("1", rng(LENGTH))))
                .containsExactly(
                        "BatchItem[0]/ResponsePayload/Attributes/RandomNumberGenerator expected RNG Parameters with one RNG "
                                + "Algorithm, got 0");
        assertThat(compare(expected(X931), actual("1", rng(DRBG + String.format(STATE, "Active")))))
                .containsExactly(
                        "BatchItem[0]/ResponsePayload/Attributes/RandomNumberGenerator RNG Parameters hold State, which is "
                                + "no RNG Parameters field");
    }

    @Test
    void version1RandomNumberGeneratorValueFollowsTheSameRule() {
        String x931 = "<Attribute><AttributeName type=\"TextString\" value=\"Random Number Generator\"/>"
                + "<AttributeValue><RNGAlgorithm type=\"Enumeration\" value=\"ANSIX9_31\"/>" + ALGORITHM
                + "</AttributeValue></Attribute>";
        String drbg = "<Attribute><AttributeName type=\"TextString\" value=\"Random Number Generator\"/>"
                + "<AttributeValue>" + DRBG + "</AttributeValue></Attribute>";
        String empty = "<Attribute><AttributeName type=\"TextString\" value=\"Random Number Generator\"/>"
                + "<AttributeValue>" + LENGTH + "</AttributeValue></Attribute>";

        assertThat(compare(parse(GET_ATTRIBUTES_14.formatted(x931)), parse(GET_ATTRIBUTES_14.formatted(drbg))))
                .isEmpty();
        assertThat(compare(parse(GET_ATTRIBUTES_14.formatted(x931)), parse(GET_ATTRIBUTES_14.formatted(empty))))
                .containsExactly("BatchItem[0]/ResponsePayload/Attribute[Random Number Generator]/AttributeValue "
                        + "expected RNG Parameters with one RNG Algorithm, got 0");
    }
}
