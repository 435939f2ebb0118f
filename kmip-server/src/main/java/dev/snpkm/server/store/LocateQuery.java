package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.function.Predicate;

/**
 * A Locate: equality filters on indexed columns (null = any), then a predicate over the full attribute structure for
 * what the columns cannot express, then a cap on the number of results. Results come oldest first.
 */
public record LocateQuery(Integer objectType, Integer state, String owner, String name, Integer cryptographicAlgorithm,
        Integer cryptographicLength, String objectGroup, Predicate<Ttlv.Structure> attributeFilter, int maxItems) {

    public LocateQuery {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be positive");
        }
    }

    /** Matches everything, up to 1 000 objects. */
    public static LocateQuery all() {
        return new LocateQuery(null, null, null, null, null, null, null, a -> true, 1_000);
    }

    public LocateQuery objectType(int v) {
        return new LocateQuery(v, state, owner, name, cryptographicAlgorithm, cryptographicLength, objectGroup,
                attributeFilter, maxItems);
    }

    public LocateQuery state(int v) {
        return new LocateQuery(objectType, v, owner, name, cryptographicAlgorithm, cryptographicLength, objectGroup,
                attributeFilter, maxItems);
    }

    public LocateQuery owner(String v) {
        return new LocateQuery(objectType, state, v, name, cryptographicAlgorithm, cryptographicLength, objectGroup,
                attributeFilter, maxItems);
    }

    public LocateQuery name(String v) {
        return new LocateQuery(objectType, state, owner, v, cryptographicAlgorithm, cryptographicLength, objectGroup,
                attributeFilter, maxItems);
    }

    public LocateQuery cryptographicAlgorithm(int v) {
        return new LocateQuery(objectType, state, owner, name, v, cryptographicLength, objectGroup, attributeFilter,
                maxItems);
    }

    public LocateQuery cryptographicLength(int v) {
        return new LocateQuery(objectType, state, owner, name, cryptographicAlgorithm, v, objectGroup,
                attributeFilter, maxItems);
    }

    public LocateQuery objectGroup(String v) {
        return new LocateQuery(objectType, state, owner, name, cryptographicAlgorithm, cryptographicLength, v,
                attributeFilter, maxItems);
    }

    public LocateQuery matching(Predicate<Ttlv.Structure> filter) {
        return new LocateQuery(objectType, state, owner, name, cryptographicAlgorithm, cryptographicLength,
                objectGroup, filter, maxItems);
    }

    public LocateQuery maxItems(int v) {
        return new LocateQuery(objectType, state, owner, name, cryptographicAlgorithm, cryptographicLength,
                objectGroup, attributeFilter, v);
    }
}
