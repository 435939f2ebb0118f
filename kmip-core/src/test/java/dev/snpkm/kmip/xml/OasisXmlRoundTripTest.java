package dev.snpkm.kmip.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.testing.OasisTestCases;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Done-when test for the XML encoding: every Request and Response Message of every OASIS Profiles 1.4 and 2.1 test
 * case parses (so every element name and enumeration name resolves through the registry) and survives
 * XML → Ttlv → TTLV bytes → Ttlv → XML → Ttlv unchanged.
 */
class OasisXmlRoundTripTest {
    private final TtlvDecoder decoder = new TtlvDecoder();

    @TestFactory
    Stream<DynamicTest> everyOasisMessageRoundTripsThroughTtlvAndXml() {
        return OasisTestCases.files().stream()
                .map(file -> DynamicTest.dynamicTest(
                        file.getParent().getParent().getFileName() + "/"
                                + file.getParent().getFileName() + "/" + file.getFileName(),
                        () -> roundTrip(file)));
    }

    private void roundTrip(Path file) throws Exception {
        List<Ttlv> messages = KmipXmlTestCase.load(file);
        assertThat(messages).isNotEmpty();
        assertThat(messages.get(0).tag())
                .as("first message is a Request Message")
                .isEqualTo(0x420078);
        KmipVersion version = OasisTestCases.versionOf(file);
        for (int i = 0; i < messages.size(); i++) {
            Ttlv fromXml = messages.get(i);
            Ttlv fromWire = decoder.decode(TtlvEncoder.encode(fromXml));
            assertThat(fromWire).as("message %d via TTLV", i).isEqualTo(fromXml);
            String rendered = KmipXml.render(fromWire, version);
            Ttlv reparsed = KmipXml.parse(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)));
            assertThat(reparsed)
                    .as("message %d via rendered XML:%n%s", i, rendered)
                    .isEqualTo(fromXml);
            assertThat(KmipXml.render(reparsed, version))
                    .as("rendering is stable")
                    .isEqualTo(rendered);
        }
    }
}
