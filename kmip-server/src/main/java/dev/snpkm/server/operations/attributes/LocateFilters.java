package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether an object's attributes satisfy a Locate's filter attributes (KMIP 1.4 §4.9, 2.1 §6.1.27). Every filter must
 * be matched by an equal attribute of the object (a Name by its value), except that a date attribute given twice is a
 * range: the object's date must lie between the first and second value, both inclusive.
 */
public final class LocateFilters {
    private LocateFilters() {}

    public static boolean matches(Attributes objectAttributes, Attributes filters) {
        for (Map.Entry<String, List<Attribute>> e : byName(filters).entrySet()) {
            List<Attribute> wanted = e.getValue();
            List<Attribute> present = objectAttributes.all(e.getKey());
            if (isDateRange(wanted)) {
                long from = epochSeconds(wanted.get(0));
                long to = epochSeconds(wanted.get(1));
                if (present.stream()
                        .noneMatch(a -> a.item().orElse(null) instanceof Ttlv.DateTime d
                                && d.epochSeconds() >= from
                                && d.epochSeconds() <= to)) {
                    return false;
                }
                continue;
            }
            for (Attribute filter : wanted) {
                if (present.stream().noneMatch(a -> sameValue(a, filter))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, List<Attribute>> byName(Attributes filters) {
        Map<String, List<Attribute>> out = new LinkedHashMap<>();
        for (Attribute f : filters.list()) {
            out.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    private static boolean isDateRange(List<Attribute> wanted) {
        return wanted.size() == 2 && wanted.stream().allMatch(a -> a.item().orElse(null) instanceof Ttlv.DateTime);
    }

    private static long epochSeconds(Attribute a) {
        return ((Ttlv.DateTime) a.item().orElseThrow()).epochSeconds();
    }

    private static boolean sameValue(Attribute a, Attribute filter) {
        if (a.value() instanceof Name n && filter.value() instanceof Name f) {
            return n.value().equals(f.value());
        }
        return a.value().equals(filter.value());
    }
}
