package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Re-key's replacement dates and names (KMIP 1.4 §4.4, 2.1 §6.1.44), unit and through the real engine. */
class ReKeyDatesTest {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static final long T = 1_800_000_000L;

    @Test
    void withoutOffsetTheDatesAreCopied() {
        Attributes old = Attributes.of(
                AttributeFactory.date("Activation Date", T),
                AttributeFactory.date("Deactivation Date", T + 500),
                AttributeFactory.date("Protect Stop Date", T + 400));

        var dates = new Attributes(ReKeyDates.of(old, null, T + 100));

        assertThat(StoredAttributes.date(dates, "Activation Date")).contains(T);
        assertThat(StoredAttributes.date(dates, "Deactivation Date")).contains(T + 500);
        assertThat(StoredAttributes.date(dates, "Protect Stop Date")).contains(T + 400);
        assertThat(StoredAttributes.date(dates, "Process Start Date")).isEmpty();
    }

    @Test
    void withOffsetEveryDateMovesAsTheActivationDateDid() {
        Attributes old = Attributes.of(
                AttributeFactory.date("Activation Date", T),
                AttributeFactory.date("Process Start Date", T + 10),
                AttributeFactory.date("Deactivation Date", T + 500));

        var dates = new Attributes(ReKeyDates.of(old, 60L, T + 100));

        // new Activation = now + Offset = T + 160: a shift of 160
        assertThat(StoredAttributes.date(dates, "Activation Date")).contains(T + 160);
        assertThat(StoredAttributes.date(dates, "Process Start Date")).contains(T + 170);
        assertThat(StoredAttributes.date(dates, "Deactivation Date")).contains(T + 660);
    }

    @Test
    void theReplacementGetsTheShiftedDeactivationDateAndTheOldNames() {
        long now = Instant.now().getEpochSecond();
        String label = "rekey-dates-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String old = s.call(
                            KmipVersion.V2_1,
                            Operation.CREATE,
                            Requests.aes(
                                    128,
                                    name(label),
                                    activeSince(Instant.ofEpochSecond(now - 100)),
                                    AttributeFactory.date("Deactivation Date", now + 1000)))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String replacement = s.call(
                            KmipVersion.V2_1,
                            Operation.RE_KEY,
                            new ReKey.Request(UniqueIdentifier.of(old), 50L, null, null))
                    .payload(ReKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();

            Attributes got = s.call(
                            KmipVersion.V2_1,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(replacement), List.of()))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();
            long activation = StoredAttributes.date(got, "Activation Date").orElseThrow();
            assertThat(activation).isBetween(now + 50, now + 60);
            assertThat(StoredAttributes.date(got, "Deactivation Date"))
                    .contains(now + 1000 + (activation - (now - 100)));
            assertThat(got.value("Name", dev.snpkm.kmip.attribute.Name.class))
                    .map(n -> n.value())
                    .contains(label);
        }
    }
}
