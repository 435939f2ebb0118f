package dev.snpkm.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.json.KmipJson;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.xml.KmipXml;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JSON or XML request refused before it is parsed is answered in the version it names. */
class TextVersionProbeTest {
    private static final KmipRegistry R = KmipRegistry.get();

    @ParameterizedTest
    @ValueSource(strings = {"2.1", "2.0", "1.4", "1.0"})
    void theVersionARenderedRequestNamesIsRead(String version) {
        KmipVersion v = KmipVersion.parse(version);
        Ttlv request = request(v);
        for (String text : new String[] {KmipJson.render(request, v), KmipXml.render(request, v)}) {
            byte[] frame = TextVersionProbe.frame(text.getBytes(StandardCharsets.UTF_8));
            assertThat(ProtocolVersionProbe.read(frame)).as(text).contains(v);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"tag\":\"0x420078\",\"value\":[{\"tag\":\"0x420077\",\"value\":[{\"tag\":\"0x420069\",\"value\":["
                        + "{\"tag\":\"0x42006A\",\"type\":\"Integer\",\"value\":2},"
                        + "{\"tag\":\"0x42006B\",\"type\":\"Integer\",\"value\":0}]}]}]}",
                "<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type=\"Integer\" value=\"2\"/>"
                        + "<ProtocolVersionMinor type=\"Integer\" value=\"0\"/></ProtocolVersion></RequestHeader>"
                        + "</RequestMessage>"
            })
    void tagsByHexOrByNameAreRead(String text) {
        assertThat(ProtocolVersionProbe.read(TextVersionProbe.frame(text.getBytes(StandardCharsets.UTF_8))))
                .contains(KmipVersion.V2_0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "not json at all", "{\"tag\":\"RequestMessage\",\"value\":[]}", "<ProtocolVersionMajor/>"})
    void textNamingNoVersionGivesNoFrame(String text) {
        assertThat(TextVersionProbe.frame(text.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    private static Ttlv request(KmipVersion v) {
        return Ttlv.structure(
                R.tagValue("Request Message"),
                Ttlv.structure(
                        R.tagValue("Request Header"),
                        Ttlv.structure(
                                R.tagValue("Protocol Version"),
                                Ttlv.integer(R.tagValue("Protocol Version Major"), v.major()),
                                Ttlv.integer(R.tagValue("Protocol Version Minor"), v.minor())),
                        Ttlv.integer(R.tagValue("Batch Count"), 1)));
    }
}
