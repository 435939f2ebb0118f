package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.operations.ResultReasons;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one object's attributes may add up to. Custom attributes are multi-instance and each Add Attribute may carry up
 * to a message's worth, so without a bound a client could grow one object until the store refuses to read it back
 * (16 MiB per object), and make every read of it, every Locate that meets it, decode that much.
 */
public final class AttributeBounds {
    /** Attribute instances per object: the standard attributes are a few dozen, a generous share for custom ones. */
    public static final int MAX_INSTANCES = 1_024;

    /** Encoded bytes of one object's attributes: ~50 times what an object's standard attributes take. */
    public static final long MAX_BYTES = 64L << 10;

    private AttributeBounds() {}

    /**
     * Refuses an edit that takes the attributes over a bound and grows them; one that shrinks an object already over
     * a bound (stored before the bound existed) goes through, so it can be brought back under it.
     */
    public static void checkGrowth(Attributes before, Attributes after, KmipVersion v) {
        Ttlv.Structure encoded = StoredAttributes.encode(after);
        if (after.list().size() > before.list().size()
                || TtlvEncoder.encodedLength(encoded) > TtlvEncoder.encodedLength(StoredAttributes.encode(before))) {
            check(after, encoded, v);
        }
    }

    /**
     * Refuses, before the objects exist, Links of {@code type} to {@code count} new objects (Create Split Key's Child
     * Links, Derive Key's Derived Key Link) that would take {@code current} over a bound: repeated, they would grow the
     * source without limit, as no Add Attribute may. The store's uids are UUIDs, so one stands in for each new uid.
     */
    public static void checkRoomForLinks(Attributes current, LinkType type, int count, KmipVersion v) {
        checkRoomForLinks(current, current, type, count, v);
    }

    /**
     * As {@link #checkRoomForLinks(Attributes, LinkType, int, KmipVersion)}, where the same change also takes some
     * attributes away: {@code kept} is what is left of {@code current} when the links are added (a Re-key moves the
     * Names to the replacement).
     */
    public static void checkRoomForLinks(Attributes current, Attributes kept, LinkType type, int count, KmipVersion v) {
        List<Attribute> after = new ArrayList<>(kept.list());
        String placeholder = new UUID(0, 0).toString();
        for (int i = 0; i < count; i++) {
            after.add(Attribute.of(AttributeNames.LINK, Link.of(type, placeholder)));
        }
        checkGrowth(current, new Attributes(after), v);
    }

    /**
     * Refuses attributes over either bound, Server Limit Exceeded (General Failure before KMIP 2.0); {@code encoded}
     * is their stored form, which the caller has made anyway.
     */
    public static void check(Attributes attributes, Ttlv.Structure encoded, KmipVersion v) {
        int instances = attributes.list().size();
        if (instances > MAX_INSTANCES) {
            throw ResultReasons.serverLimitExceeded(
                    v, "an object may carry " + MAX_INSTANCES + " attribute instances; this change makes " + instances);
        }
        long bytes = TtlvEncoder.encodedLength(encoded);
        if (bytes > MAX_BYTES) {
            throw ResultReasons.serverLimitExceeded(
                    v, "an object's attributes may take " + MAX_BYTES + " bytes encoded; this change makes " + bytes);
        }
    }
}
