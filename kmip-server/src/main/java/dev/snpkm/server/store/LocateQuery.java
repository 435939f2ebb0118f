package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
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
        return new LocateQuery(
                v,
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

    public LocateQuery state(int v) {
        return new LocateQuery(
                objectType,
                v,
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

    /** Only the owner's objects. */
    public LocateQuery owner(String v) {
        return ownerOrGrantedTo(v, List.of());
    }

    /** The owner's objects and those granted to any of {@code identities} (a client's subject DN and fingerprint). */
    public LocateQuery ownerOrGrantedTo(String v, List<String> identities) {
        return new LocateQuery(
                objectType,
                state,
                v,
                identities,
                name,
                cryptographicAlgorithm,
                cryptographicLength,
                objectGroup,
                attributeFilter,
                maxItems,
                descending);
    }

    public LocateQuery name(String v) {
        return new LocateQuery(
                objectType,
                state,
                owner,
                grantees,
                v,
                cryptographicAlgorithm,
                cryptographicLength,
                objectGroup,
                attributeFilter,
                maxItems,
                descending);
    }

    public LocateQuery cryptographicAlgorithm(int v) {
        return new LocateQuery(
                objectType,
                state,
                owner,
                grantees,
                name,
                v,
                cryptographicLength,
                objectGroup,
                attributeFilter,
                maxItems,
                descending);
    }

    public LocateQuery cryptographicLength(int v) {
        return new LocateQuery(
                objectType,
                state,
                owner,
                grantees,
                name,
                cryptographicAlgorithm,
                v,
                objectGroup,
                attributeFilter,
                maxItems,
                descending);
    }

    public LocateQuery objectGroup(String v) {
        return new LocateQuery(
                objectType,
                state,
                owner,
                grantees,
                name,
                cryptographicAlgorithm,
                cryptographicLength,
                v,
                attributeFilter,
                maxItems,
                descending);
    }

    public LocateQuery matching(Predicate<Ttlv.Structure> filter) {
        return new LocateQuery(
                objectType,
                state,
                owner,
                grantees,
                name,
                cryptographicAlgorithm,
                cryptographicLength,
                objectGroup,
                filter,
                maxItems,
                descending);
    }

    public LocateQuery maxItems(int v) {
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
                v,
                descending);
    }

    /** Results by creation time, newest first. */
    public LocateQuery newestFirst() {
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
                true);
    }
}
