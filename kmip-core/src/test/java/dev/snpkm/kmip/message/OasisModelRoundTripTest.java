package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.PayloadMappings;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.testing.OasisTestCases;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.xml.KmipXml;
import dev.snpkm.kmip.xml.KmipXmlTestCase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Done-when test for the typed model: every Request and Response Message of every OASIS Profiles 1.4 and 2.1 test case
 * maps from the tree into the typed model and back without loss: XML → TTLV → bytes → model → TTLV → XML.
 */
class OasisModelRoundTripTest {
    private final TtlvDecoder decoder = new TtlvDecoder();

    @TestFactory
    Stream<DynamicTest> everyOasisMessageRoundTripsThroughTheTypedModel() {
        return OasisTestCases.files().stream()
                .map(file -> DynamicTest.dynamicTest(
                        file.getParent().getParent().getFileName() + "/"
                                + file.getParent().getFileName() + "/" + file.getFileName(),
                        () -> roundTrip(file)));
    }

    private void roundTrip(Path file) throws Exception {
        List<Ttlv> messages = KmipXmlTestCase.load(file);
        KmipVersion version = OasisTestCases.versionOf(file);
        for (int i = 0; i < messages.size(); i++) {
            Ttlv fromXml = messages.get(i);
            Ttlv fromWire = decoder.decode(TtlvEncoder.encode(fromXml));
            Ttlv back;
            if (fromWire.tag() == Tag.REQUEST_MESSAGE) {
                RequestMessage m = MessageMapper.requestFromTtlv(fromWire);
                m.batchItems().forEach(b -> assertTyped(b.operation(), b.payload()));
                back = MessageMapper.toTtlv(m);
            } else {
                ResponseMessage m = MessageMapper.responseFromTtlv(fromWire);
                m.batchItems().forEach(b -> assertTyped(b.operation(), b.payload()));
                back = MessageMapper.toTtlv(m);
            }
            assertThat(KmipXml.render(back, version))
                    .as("message %d", i + 1)
                    .isEqualTo(KmipXml.render(fromXml, version));
            assertThat(back).as("message %d tree", i + 1).isEqualTo(fromXml);
        }
    }

    /** Operations in the mapping table get their typed record, never the raw fallback. */
    private static void assertTyped(EnumCode<Operation> op, Object payload) {
        if (payload != null && PayloadMappings.forOperation(op).isPresent()) {
            assertThat(payload).as("payload of %s", op).isNotInstanceOf(RawPayload.class);
        }
    }
}
