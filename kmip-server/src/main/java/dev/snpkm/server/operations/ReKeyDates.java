package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The replacement key's dates in Re-key (KMIP 1.4 §4.4, 2.1 §6.1.44): without an Offset, the Activation, Process
 * Start, Protect Stop and Deactivation Dates are copied from the existing key; with an Offset, the Activation Date is
 * now + Offset and each other date the existing key has moves by the same amount as the Activation Date did
 * (e.g. new Deactivation Date = old Deactivation Date + (new Activation Date - old Activation Date)).
 */
final class ReKeyDates {
    private static final List<String> SHIFTED =
            List.of("Process Start Date", "Protect Stop Date", AttributeNames.DEACTIVATION_DATE);

    private ReKeyDates() {}

    static List<Attribute> of(Attributes existing, @Nullable Long offsetSeconds, long now) {
        Optional<Long> oldActivation = StoredAttributes.date(existing, AttributeNames.ACTIVATION_DATE);
        long shift;
        List<Attribute> out = new ArrayList<>();
        if (offsetSeconds == null) {
            shift = 0;
            oldActivation.ifPresent(d -> out.add(AttributeFactory.date(AttributeNames.ACTIVATION_DATE, d)));
        } else {
            long newActivation = now + offsetSeconds;
            shift = oldActivation.map(d -> newActivation - d).orElse(0L);
            out.add(AttributeFactory.date(AttributeNames.ACTIVATION_DATE, newActivation));
        }
        for (String name : SHIFTED) {
            StoredAttributes.date(existing, name).ifPresent(d -> out.add(AttributeFactory.date(name, d + shift)));
        }
        return out;
    }
}
