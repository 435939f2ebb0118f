package dev.snpkm.server.operations.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Locate's filters bound its cost: each is compared with every instance of its attribute on every row scanned, so
 * a request may give a bounded number of distinct ones (a repeated filter asks nothing more and is dropped).
 */
class LocateFiltersTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void aRepeatedFilterIsOneFilter() {
        String group = "repeat-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.CREATE, Requests.aes(128, AttributeFactory.text("Object Group", group)))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            List<Attribute> same = Collections.nCopies(1_000, AttributeFactory.text("Object Group", group));

            ResponseBatchItem found = s.call(V, Operation.LOCATE, Locate.Request.of(new Attributes(same)));

            assertThat(found.isSuccess()).as(found.resultMessage()).isTrue();
            assertThat(found.payload(Locate.Response.class).orElseThrow().uniqueIdentifiers())
                    .containsExactly(uid);
        }
    }

    @Test
    void moreThanSixtyFourDistinctFiltersAreInvalidField() {
        try (var s = server.session(server.owner)) {
            List<Attribute> many = IntStream.rangeClosed(0, LocateFilters.MAX_FILTERS)
                    .mapToObj(i -> AttributeFactory.text("Object Group", "g-" + i))
                    .toList();

            ResponseBatchItem refused = s.call(V, Operation.LOCATE, Locate.Request.of(new Attributes(many)));

            assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(refused.resultMessage()).contains("at most 64 distinct filter attributes");
        }
    }
}
