package dev.snpkm.kmip.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.testing.TestData;
import dev.snpkm.kmip.text.Placeholders;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KmipXmlTestCaseTest {
    private final Path aklc = TestData.resolve("kmip/oasis-profiles/v2.1/mandatory/AKLC-M-1-21.xml");

    @Test
    void loadsRequestsAndResponsesAlternatingInFileOrder() throws Exception {
        List<Ttlv> messages = KmipXmlTestCase.load(aklc);
        assertThat(messages).hasSizeGreaterThan(2).hasSize(messages.size() / 2 * 2);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).tag()).isEqualTo(i % 2 == 0 ? 0x420078 : 0x42007B);
        }
    }

    @Test
    void theCallersResolverSeesEveryPlaceholderWithItsType() throws Exception {
        List<String> seen = new ArrayList<>();
        KmipXmlTestCase.load(aklc, (p, tag, type) -> {
            seen.add(p + ":" + type.encodingName());
            return Placeholders.standIns().resolve(p, tag, type);
        });
        assertThat(seen).contains("$UNIQUE_IDENTIFIER_0:TextString", "$NOW:DateTime");
    }
}
