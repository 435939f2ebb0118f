package dev.snpkm.kmip.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snpkm.kmip.testing.OasisTestCases;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.xml.KmipXmlTestCase;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every OASIS message survives XML → Ttlv → JSON → Ttlv, and the JSON is valid to an independent parser. */
class OasisJsonRoundTripTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyOasisMessageRoundTripsThroughJson() {
        return OasisTestCases.files().stream()
                .map(file -> DynamicTest.dynamicTest(
                        file.getParent().getParent().getFileName() + "/"
                                + file.getParent().getFileName() + "/" + file.getFileName(),
                        () -> roundTrip(file)));
    }

    private void roundTrip(Path file) throws Exception {
        for (Ttlv message : KmipXmlTestCase.load(file)) {
            String json = KmipJson.render(message, OasisTestCases.versionOf(file));
            assertThat(JACKSON.readTree(json).get("value").isArray()).isTrue();
            assertThat(KmipJson.parse(json)).as(json).isEqualTo(message);
        }
    }
}
