package dev.snpkm.server.conformance;

import dev.snpkm.kmip.text.Placeholders;
import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a test case's placeholders into stand-in items and remembers which items they became (by identity, since two
 * stand-ins may be equal), so the runner can substitute real identifiers into requests and the comparator can treat
 * placeholder values in expected responses as "whatever the server produced".
 */
final class CasePlaceholders implements Placeholders {
    private final Placeholders standIns;
    private final Map<Ttlv, String> placeholderOf = new IdentityHashMap<>();

    CasePlaceholders(Instant now) {
        this.standIns = Placeholders.standIns(now);
    }

    @Override
    public Ttlv resolve(String placeholder, int tag, ItemType type) {
        Ttlv item = switch (type) {
            case DATE_TIME, TEXT_STRING, BYTE_STRING -> standIns.resolve(placeholder, tag, type);
            // Server-produced values of other types ($CORRELATION_VALUE, ...) only need a typed stand-in.
            case INTEGER -> Ttlv.integer(tag, 0);
            case LONG_INTEGER -> Ttlv.longInteger(tag, 0);
            case DATE_TIME_EXTENDED -> Ttlv.dateTimeExtended(tag, now());
            default ->
                throw new IllegalArgumentException(
                        "no stand-in for placeholder " + placeholder + " of type " + type.encodingName());
        };
        placeholderOf.put(item, placeholder);
        return item;
    }

    /** The placeholder text an item was read from, if it was a placeholder. */
    Optional<String> placeholderOf(Ttlv item) {
        return Optional.ofNullable(placeholderOf.get(item));
    }

    private static long now() {
        return Instant.now().toEpochMilli() * 1000;
    }
}
