package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.ServerServices;
import java.util.Optional;
import java.util.Set;

/**
 * The Lease Time attribute (KMIP 1.4 §3.15, 2.1 §4.28): set by the server, never by a client (AttributeRules lists it
 * server-only), on the cryptographic objects it creates or registers. It holds the longest lease the server grants
 * ({@link ServerServices#leaseTime()}); Obtain Lease hands out leases of that length.
 */
public final class Leases {
    public static final String ATTRIBUTE = "Lease Time";

    /** 1.4 "All Managed Cryptographic Objects", 2.1 "All Cryptographic Objects": not Opaque Objects or Templates. */
    private static final Set<ObjectType> LEASABLE = Set.of(
            ObjectType.SYMMETRIC_KEY,
            ObjectType.PUBLIC_KEY,
            ObjectType.PRIVATE_KEY,
            ObjectType.SPLIT_KEY,
            ObjectType.SECRET_DATA,
            ObjectType.CERTIFICATE,
            ObjectType.PGP_KEY);

    private Leases() {}

    public static boolean isLeasable(ObjectType type) {
        return LEASABLE.contains(type);
    }

    /** The attribute a new object of this type gets; empty for types without leases. */
    public static Optional<Attribute> initial(ObjectType type, OperationContext ctx) {
        if (!isLeasable(type)) {
            return Optional.empty();
        }
        return Optional.of(Attribute.of(
                ATTRIBUTE,
                Ttlv.interval(Tag.ATTRIBUTE_VALUE, ctx.services().leaseTime().toSeconds())));
    }
}
