package dev.snpkm.unlock.key;

import static dev.snpkm.unlock.key.GetKeyProcessor.tag;
import static dev.snpkm.unlock.key.GetKeyProcessor.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawKmipGetTest {
    private static final byte[] DEK = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DEK[i] = (byte) (0xA0 + i);
        }
    }

    private final GetKeyProcessor server = new GetKeyProcessor(Map.of("disk-1", DEK));

    private Ttlv.Structure answer(String id) throws Exception {
        // Through the codec both ways, as on the wire.
        Ttlv.Structure request = (Ttlv.Structure) new TtlvDecoder().decode(TtlvEncoder.encode(RawKmipGet.request(id)));
        return (Ttlv.Structure) new TtlvDecoder().decode(TtlvEncoder.encode(server.process(request, null)));
    }

    @Test
    void requestIsAKmip14GetWithOnlyVersionAndBatchCountInTheHeader() {
        Ttlv.Structure request = RawKmipGet.request("disk-1");
        Ttlv.Structure header = (Ttlv.Structure) request.child(tag("Request Header")).orElseThrow();
        Ttlv.Structure item = (Ttlv.Structure) request.child(tag("Batch Item")).orElseThrow();

        assertThat(header.children()).extracting(Ttlv::tag).containsExactly(tag("Protocol Version"),
                tag("Batch Count"));
        assertThat(item.child(tag("Operation"))).contains(Ttlv.enumeration(tag("Operation"), value("Operation", "Get")));
        assertThat(((Ttlv.Structure) item.child(tag("Request Payload")).orElseThrow()).children())
                .containsExactly(Ttlv.text(tag("Unique Identifier"), "disk-1"));
    }

    @Test
    void keyMaterialIsTakenFromTheSymmetricKeyBlock() throws Exception {
        assertThat(RawKmipGet.keyMaterial(answer("disk-1"))).isEqualTo(DEK);
    }

    @Test
    void aRefusalCarriesTheResultReasonAndMessage() {
        assertThatThrownBy(() -> RawKmipGet.keyMaterial(answer("nope"))).isInstanceOf(KeySourceException.class)
                .hasMessage("key manager refused the Get: Item Not Found: no object nope");
    }

    @Test
    void aWrappedKeyIsRefusedByThisPlainSource() throws Exception {
        Ttlv.Structure wrapped = Ttlv.structure(tag("Response Message"), Ttlv.structure(tag("Batch Item"),
                Ttlv.enumeration(tag("Result Status"), value("Result Status", "Success")),
                Ttlv.structure(tag("Response Payload"),
                        Ttlv.enumeration(tag("Object Type"), value("Object Type", "Symmetric Key")),
                        Ttlv.structure(tag("Symmetric Key"), Ttlv.structure(tag("Key Block"),
                                Ttlv.enumeration(tag("Key Format Type"), value("Key Format Type", "Raw")),
                                Ttlv.bytes(tag("Key Value"), new byte[40]),
                                Ttlv.structure(tag("Key Wrapping Data")))))));
        assertThatThrownBy(() -> RawKmipGet.keyMaterial(wrapped)).hasMessageContaining("returned wrapped");
    }
}
