package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.MessageExtension;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KMIP 1.4 §6.16, 2.1 §9.13: a Message Extension whose Criticality Indicator is true must be understood or the item
 * fails; this server understands none, so such an item is Feature Not Supported (it was silently run), while a
 * non-critical one is ignored.
 */
class CriticalMessageExtensionTest {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static ResponseBatchItem createWith(KmipVersion v, boolean critical) {
        MessageExtension x =
                new MessageExtension("example-vendor", critical, new Ttlv.Structure(Tag.VENDOR_EXTENSION, List.of()));
        RequestBatchItem item =
                new RequestBatchItem(EnumCode.of(Operation.CREATE), null, null, Requests.aes(256), List.of(x));
        try (var s = server.session(server.owner)) {
            return s.send(RequestHeader.builder(v).build(), List.of(item))
                    .batchItems()
                    .get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1", "1.4", "2.0", "2.1"})
    void aCriticalExtensionFailsTheItemAndANonCriticalOneIsIgnored(String version) {
        KmipVersion v = KmipVersion.parse(version);
        ResponseBatchItem critical = createWith(v, true);
        assertThat(critical.resultReason())
                .as(critical.resultMessage())
                .isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
        assertThat(critical.resultMessage()).contains("example-vendor", "critical");
        assertThat(critical.payload()).isNull();
        ResponseBatchItem ignored = createWith(v, false);
        assertThat(ignored.isSuccess()).as(ignored.resultMessage()).isTrue();
    }
}
