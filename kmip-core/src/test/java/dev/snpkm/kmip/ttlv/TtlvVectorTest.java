package dev.snpkm.kmip.ttlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snpkm.kmip.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec against published vectors: the spec's worked examples, the Profiles wire dump and PyKMIP's encodings. */
class TtlvVectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private final TtlvDecoder decoder = new TtlvDecoder();

    static Stream<Arguments> specExamples() throws IOException {
        JsonNode root = JSON.readTree(
                TestData.resolve("kmip/ttlv-hex/spec-9.1.2-ttlv-examples.json").toFile());
        List<Arguments> out = new ArrayList<>();
        root.get("vectors")
                .forEach(v -> out.add(Arguments.of(v.get("description").asText(), v)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specExamples")
    void specExampleDecodesToItsStatedValueAndReencodesIdentically(String description, JsonNode vector)
            throws TtlvException {
        byte[] wire = HEX.parseHex(vector.get("hex").asText());
        Ttlv decoded = decoder.decode(wire);
        assertThat(decoded).isEqualTo(expectedItem(vector));
        assertThat(TtlvEncoder.encode(decoded)).isEqualTo(wire);
    }

    /** Builds the item a vector's tag/type/value fields describe, independently of the decoder. */
    private static Ttlv expectedItem(JsonNode v) {
        int tag = Integer.decode(v.get("tag").asText());
        JsonNode value = v.get("value");
        switch (ItemType.ofEncodingName(v.get("type").asText())) {
            case STRUCTURE: {
                List<Ttlv> children = new ArrayList<>();
                value.forEach(c -> children.add(expectedItem(c)));
                return Ttlv.structure(tag, children);
            }
            case INTEGER:
                return Ttlv.integer(tag, value.intValue());
            case LONG_INTEGER:
                return Ttlv.longInteger(tag, value.longValue());
            case BIG_INTEGER:
                return Ttlv.bigInteger(tag, value.bigIntegerValue());
            case ENUMERATION:
                return Ttlv.enumeration(tag, value.intValue());
            case BOOLEAN:
                return Ttlv.bool(tag, value.booleanValue());
            case TEXT_STRING:
                return Ttlv.text(tag, value.textValue());
            case BYTE_STRING:
                return Ttlv.bytes(tag, HEX.parseHex(value.textValue()));
            case DATE_TIME:
                return Ttlv.dateTime(
                        tag, OffsetDateTime.parse(value.textValue()).toEpochSecond());
            case INTERVAL:
                return Ttlv.interval(tag, value.longValue());
            default:
                throw new IllegalArgumentException("no example of type " + v.get("type"));
        }
    }

    static Stream<Arguments> profilesWireMessages() throws IOException {
        JsonNode root = JSON.readTree(TestData.resolve("kmip/ttlv-hex/profiles-2.1-MSGENC-HTTPS-M-1-wire.json")
                .toFile());
        List<Arguments> out = new ArrayList<>();
        root.get("messages")
                .forEach(m -> out.add(Arguments.of(
                        m.get("direction").asText() + " " + m.get("step").asInt(),
                        m.get("hex").asText())));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profilesWireMessages")
    void profilesHttpsWireMessageRoundTripsByteIdentically(String name, String hex) throws TtlvException {
        byte[] wire = HEX.parseHex(hex);
        Ttlv decoded = decoder.decode(wire);
        assertThat(decoded.tag()).isIn(0x420078, 0x42007B); // Request Message / Response Message
        assertThat(TtlvEncoder.encode(decoded)).isEqualTo(wire);
    }

    record PyKmipEncoding(String source, String hex, boolean valid) {
        @Override
        public String toString() {
            return source;
        }
    }

    static Stream<PyKmipEncoding> pyKmipEncodings() throws IOException {
        List<PyKmipEncoding> out = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.resolve("kmip/ttlv-hex/pykmip-unit-test-encodings.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String source = n.get("file").asText().replaceFirst("^kmip/tests/unit/", "") + ":"
                    + n.get("line").asInt() + " " + n.get("var").asText();
            out.add(new PyKmipEncoding(
                    source, n.get("hex").asText(), n.get("valid_ttlv").asBoolean()));
        }
        assertThat(out).hasSize(300);
        assertThat(out).filteredOn(e -> !e.valid()).hasSize(7);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pyKmipEncodings")
    void pyKmipEncodingDecodesAndReencodesIdenticallyOrIsRefused(PyKmipEncoding e) {
        byte[] wire = HEX.parseHex(e.hex());
        if (e.valid()) {
            Ttlv decoded = decodeOrFail(wire, e);
            assertThat(TtlvEncoder.encode(decoded)).as(e.source()).isEqualTo(wire);
        } else {
            assertThat(catchThrowable(() -> decoder.decode(wire)))
                    .as(e.source())
                    .isInstanceOf(TtlvException.class)
                    .hasMessageStartingWith("malformed TTLV at offset ");
        }
    }

    private Ttlv decodeOrFail(byte[] wire, PyKmipEncoding e) {
        try {
            return decoder.decode(wire);
        } catch (TtlvException ex) {
            throw new AssertionError(e.source() + " is valid TTLV but was refused: " + ex.getMessage(), ex);
        }
    }

    /**
     * Exact messages for all seven malformed PyKMIP encodings: each names offset, tag and the real problem. (The four
     * payload ones are PyKMIP fixtures whose outer Length disagrees with the bytes given; they are PyKMIP's own
     * negative tests, so refusing them is right.)
     */
    @Test
    void pyKmipMalformedEncodingsAreRefusedWithPreciseMessages() throws IOException {
        Map<String, String> expected = Map.of(
                "services/server/test_session.py:876 buffer_full",
                "malformed TTLV at offset 0, tag 0x000000: unknown item type 0x00",
                "core/primitives/test_big_integer.py:67 self.encoding_bad_length",
                "malformed TTLV at offset 0, tag 0x420000: Big Integer length 257 is not a non-zero multiple of 8",
                "core/misc/test_server_information.py:35 self.encoding_b",
                "malformed TTLV at offset 0, tag 0x420088: Structure length 4 is not a multiple of 8",
                "core/messages/payloads/test_get_attribute_list.py:475 self.full_encoding_with_reference_structs",
                "malformed TTLV at offset 0, tag 0x42007C: Structure length 208 overruns its parent (192 bytes left)",
                "core/messages/payloads/test_create.py:1178 self.no_unique_identifier_encoding",
                "malformed TTLV at offset 0, tag 0x42007C: Structure length 80 overruns its parent (64 bytes left)",
                "core/messages/payloads/test_get.py:805 self.partial_encoding_missing_object_type",
                "malformed TTLV at offset 0, tag 0x42007C: Structure length 160 overruns its parent (152 bytes left)",
                "core/messages/payloads/test_get_attributes.py:97 self.full_encoding_with_reference_structs",
                "malformed TTLV at offset 0, tag 0x420079: Structure length 208 overruns its parent (192 bytes left)");
        Map<String, PyKmipEncoding> bySource = new java.util.HashMap<>();
        pyKmipEncodings().forEach(e -> bySource.put(e.source(), e));
        expected.forEach((source, message) -> assertThatThrownBy(
                        () -> decoder.decode(HEX.parseHex(bySource.get(source).hex())))
                .as(source)
                .isInstanceOf(TtlvException.class)
                .hasMessage(message));
    }
}
