package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A Locate: equality filters on indexed columns (null = any), then a predicate over the full attribute structure for
 * what the columns cannot express, then a cap on the number of results. Results come oldest first, or newest first
 * when asked ({@link #newestFirst()}: KMIP 2.x Locate), the cap then keeping the newest.
 *
 * @param owner objects of this owner (null = any owner)
 * @param descending newest first ({@link #newestFirst()}) rather than oldest first
 * @param grantees with an owner: also the objects granted (x-authorized-client) to any of these identities; empty =
 *     none. This only narrows the scan: the caller still checks its access to each object found.
 */
public record LocateQuery(
        @Nullable Integer objectType,
        @Nullable Integer state,
        @Nullable String owner,
        List<String> grantees,
        @Nullable String name,
        @Nullable Integer cryptographicAlgorithm,
        @Nullable Integer cryptographicLength,
        @Nullable String objectGroup,
        Predicate<Ttlv.Structure> attributeFilter,
        int maxItems,
        boolean descending) {

    public LocateQuery {
        grantees = List.copyOf(grantees);
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be positive");
        }
        if (owner == null && !grantees.isEmpty()) {
            throw new IllegalArgumentException("grantees widen an owner filter; without one every object matches");
        }
    }

    /** Matches everything, up to 1 000 objects. */
    public static LocateQuery all() {
        return new LocateQuery(null, null, null, List.of(), null, null, null, null, a -> true, 1_000, false);
    }

    public LocateQuery objectType(int v) {
        return with(b -> b.objectType = v);
    }

    public LocateQuery state(int v) {
        return with(b -> b.state = v);
    }

    /** Only the owner's objects. */
    public LocateQuery owner(String v) {
        return ownerOrGrantedTo(v, List.of());
    }

    /** The owner's objects and those granted to any of {@code identities} (a client's subject DN and fingerprint). */
    public LocateQuery ownerOrGrantedTo(String v, List<String> identities) {
        return with(b -> {
            b.owner = v;
            b.grantees = identities;
        });
    }

    public LocateQuery name(String v) {
        return with(b -> b.name = v);
    }

    public LocateQuery cryptographicAlgorithm(int v) {
        return with(b -> b.cryptographicAlgorithm = v);
    }

    public LocateQuery cryptographicLength(int v) {
        return with(b -> b.cryptographicLength = v);
    }

    public LocateQuery objectGroup(String v) {
        return with(b -> b.objectGroup = v);
    }

    public LocateQuery matching(Predicate<Ttlv.Structure> filter) {
        return with(b -> b.attributeFilter = filter);
    }

    public LocateQuery maxItems(int v) {
        return with(b -> b.maxItems = v);
    }

    /** Results by creation time, newest first. */
    public LocateQuery newestFirst() {
        return with(b -> b.descending = true);
    }

    /** A copy with {@code change} applied, checked again by the canonical constructor. */
    private LocateQuery with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The one place that copies every component: the fluent methods above each change one or two. */
    private static final class Builder {
        private @Nullable Integer objectType;
        private @Nullable Integer state;
        private @Nullable String owner;
        private List<String> grantees;
        private @Nullable String name;
        private @Nullable Integer cryptographicAlgorithm;
        private @Nullable Integer cryptographicLength;
        private @Nullable String objectGroup;
        private Predicate<Ttlv.Structure> attributeFilter;
        private int maxItems;
        private boolean descending;

        Builder(LocateQuery q) {
            objectType = q.objectType;
            state = q.state;
            owner = q.owner;
            grantees = q.grantees;
            name = q.name;
            cryptographicAlgorithm = q.cryptographicAlgorithm;
            cryptographicLength = q.cryptographicLength;
            objectGroup = q.objectGroup;
            attributeFilter = q.attributeFilter;
            maxItems = q.maxItems;
            descending = q.descending;
        }

        LocateQuery build() {
            return new LocateQuery(
                    objectType,
                    state,
                    owner,
                    grantees,
                    name,
                    cryptographicAlgorithm,
                    cryptographicLength,
                    objectGroup,
                    attributeFilter,
                    maxItems,
                    descending);
        }
    }
}
