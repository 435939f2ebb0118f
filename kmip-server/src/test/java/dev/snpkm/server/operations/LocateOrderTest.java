package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order of Locate's identifiers: KMIP 2.x lists the most recently created object first, and Offset Items and
 * Maximum Items page through that order; a 1.x client, for which the spec sets no order, keeps the oldest-first order
 * it always had.
 */
class LocateOrderTest {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void kmip2ListsNewestFirstAndPagesFromTheNewest() {
        try (var s = server.session(server.owner)) {
            String group = "order-" + System.nanoTime();
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                created.add(s.call(
                                KmipVersion.V2_1,
                                Operation.CREATE,
                                Requests.aes(128, AttributeFactory.text("Object Group", group)))
                        .payload(Create.Response.class)
                        .orElseThrow()
                        .uniqueIdentifier());
            }
            Attributes filter = Attributes.of(AttributeFactory.text("Object Group", group));
            List<String> newestFirst = List.of(created.get(2), created.get(1), created.get(0));

            assertThat(locate(s, KmipVersion.V2_1, null, null, filter)).containsExactlyElementsOf(newestFirst);
            assertThat(locate(s, KmipVersion.V2_0, null, null, filter)).containsExactlyElementsOf(newestFirst);
            assertThat(locate(s, KmipVersion.V2_1, 1, null, filter))
                    .as("Maximum Items 1: the newest")
                    .containsExactly(created.get(2));
            assertThat(locate(s, KmipVersion.V2_1, 1, 1, filter))
                    .as("Offset Items 1: the next newest")
                    .containsExactly(created.get(1));
            assertThat(locate(s, KmipVersion.V2_1, 5, 2, filter)).containsExactly(created.get(0));
            assertThat(locate(s, KmipVersion.V1_4, null, null, filter)).containsExactlyElementsOf(created);
        }
    }

    private static List<String> locate(
            EngineFixture.Session s, KmipVersion v, Integer max, Integer offset, Attributes filter) {
        return s.call(v, Operation.LOCATE, new Locate.Request(max, offset, null, null, filter))
                .payload(Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers();
    }
}
