package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
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
    /**
     * Filter attributes one Locate may give. Each is compared with every instance of its attribute on every object the
     * scan reads (up to 1,024 instances), so their number bounds the CPU a single Locate can take; real clients send a
     * handful.
     */
    public static final int MAX_FILTERS = 64;

    /** The distinct filters by attribute name, in request order: grouped once per Locate, not per row. */
    private final Map<String, List<Attribute>> byName;

    private LocateFilters(Map<String, List<Attribute>> byName) {
        this.byName = byName;
    }

    /** The request's filters; more than {@link #MAX_FILTERS} (after dropping repeats) is Invalid Field. */
    public static LocateFilters of(Attributes filters) {
        Map<String, List<Attribute>> byName = new LinkedHashMap<>();
        int distinct = 0;
        for (Attribute f : filters.list()) {
            List<Attribute> same = byName.computeIfAbsent(f.name(), k -> new ArrayList<>());
            if (!isDateBound(f) && same.stream().anyMatch(g -> sameValue(g, f))) {
                continue; // a repeated filter asks nothing more (date bounds are kept: two equal ones are a range)
            }
            same.add(f);
            if (++distinct > MAX_FILTERS) {
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "a Locate may give at most " + MAX_FILTERS + " distinct filter attributes");
            }
        }
        return new LocateFilters(byName);
    }

    public boolean matches(Attributes objectAttributes) {
        for (Map.Entry<String, List<Attribute>> e : byName.entrySet()) {
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

    private static boolean isDateBound(Attribute a) {
        return a.item().orElse(null) instanceof Ttlv.DateTime;
    }

    private static boolean isDateRange(List<Attribute> wanted) {
        return wanted.size() == 2 && wanted.stream().allMatch(LocateFilters::isDateBound);
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
