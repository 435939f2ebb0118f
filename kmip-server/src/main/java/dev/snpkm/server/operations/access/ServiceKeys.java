package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.ResultReasons;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The checks every cryptographic service (Encrypt, Decrypt, Sign, Signature Verify, MAC, MAC Verify) runs before it
 * touches a key, in the order a client should learn of them:
 * <ol>
 * <li>access, through {@link ObjectAccess} (owner or administrator; an x-authorized-client grant is read-only, so a
 * grantee is Permission Denied);</li>
 * <li>the attestation binding: a bound key is never used by a service, whatever its mask and state (ARCHITECTURE.md
 * "No bypass"); the refusal is audited and counted through {@link BoundRefusal};</li>
 * <li>the object type the operation takes;</li>
 * <li>the lifecycle state (KMIP 1.4 §3.22, SP 800-57): applying protection (Encrypt, Sign, MAC) needs an Active key;
 * processing protected data (Decrypt, Signature Verify, MAC Verify) may also use a Deactivated or Compromised one;</li>
 * <li>the Cryptographic Usage Mask bit of the operation (KMIP 1.4 §3.19);</li>
 * <li>the usage period: Protect Stop Date ends applying protection, Process Start Date begins processing (KMIP 1.4
 * §3.25, §3.26); outside it the key is in the wrong state for the operation (2.x Wrong Key Lifecycle State, 1.x
 * Permission Denied, as the Profiles' CS-BC-M-14 and CS-AC-M-8 cases expect).</li>
 * </ol>
 */
public final class ServiceKeys {
    private static final Set<State> PROTECTING_STATES = EnumSet.of(State.ACTIVE);
    private static final Set<State> PROCESSING_STATES = EnumSet.of(State.ACTIVE, State.DEACTIVATED, State.COMPROMISED);

    private ServiceKeys() {}

    /** What an operation asks of its key. */
    public record Use(Operation operation, CryptographicUsageMask mask, boolean protecting, Set<ObjectType> types) {
        public Use {
            types = Set.copyOf(types);
        }
    }

    /** The checked key the request names (omitted: the ID Placeholder); its material is unsealed by the caller. */
    public static KmipObject load(@Nullable UniqueIdentifier uid, Use use, OperationContext ctx) {
        return check(ObjectAccess.load(uid, ctx), use, ctx);
    }

    /** A stream's key, checked again for every part: a key revoked or bound mid-stream stops the stream. */
    public static KmipObject loadUid(String uid, Use use, OperationContext ctx) {
        return check(ObjectAccess.loadUid(uid, ctx), use, ctx);
    }

    /**
     * A key the client will apply protection with itself (Get Usage Allocation): checked as a protecting service's
     * key is, where any one of {@code anyOf} (in order of preference for the message) is the usage bit it needs.
     */
    public static KmipObject loadForProtection(
            @Nullable UniqueIdentifier uid,
            Operation op,
            Set<ObjectType> types,
            List<CryptographicUsageMask> anyOf,
            OperationContext ctx) {
        KmipObject o = ObjectAccess.load(uid, ctx);
        CryptographicUsageMask bit = anyOf.stream()
                .filter(b -> (o.usageMask() & b.value()) != 0)
                .findFirst()
                .orElse(anyOf.get(0));
        return check(o, new Use(op, bit, true, types), ctx);
    }

    private static KmipObject check(KmipObject o, Use use, OperationContext ctx) {
        String op = use.operation().specName();
        if (o.isBound()) {
            throw BoundRefusal.refuse(
                    o,
                    use.operation(),
                    "object " + o.uid() + " is bound to attestation policy '"
                            + o.attestationPolicy().orElse("") + "'; a bound key is never used for " + op
                            + ", its material is released only by an attested Get",
                    ctx);
        }
        if (!use.types().contains(o.objectType())) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    op + " takes a " + names(use.types()) + ", object " + o.uid() + " is a "
                            + o.objectType().specName());
        }
        if (o.state() == State.DESTROYED
                || o.state() == State.DESTROYED_COMPROMISED
                || !o.row().hasMaterial()) {
            throw ResultReasons.destroyed(ctx.version(), "object " + o.uid() + " was destroyed; its material is gone");
        }
        if (!(use.protecting() ? PROTECTING_STATES : PROCESSING_STATES).contains(o.state())) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "object " + o.uid() + " is " + o.state().specName() + "; " + op + " needs an Active key"
                            + (use.protecting() ? "" : " (or a Deactivated or Compromised one)"));
        }
        if ((o.usageMask() & use.mask().value()) == 0) {
            throw ResultReasons.incompatibleUsageMask(
                    ctx.version(),
                    "object " + o.uid() + " does not allow " + op + ": its Cryptographic Usage Mask lacks "
                            + use.mask().specName());
        }
        long now = ctx.now();
        if (use.protecting()) {
            requireBeforeProtectStop(o, op, ctx);
        } else {
            StoredAttributes.date(o.attributes(), "Process Start Date")
                    .filter(start -> now < start)
                    .ifPresent(start -> {
                        throw ResultReasons.wrongState(
                                ctx.version(),
                                "object " + o.uid() + " is before its Process Start Date; it may not be used for " + op
                                        + " yet");
                    });
        }
        return o;
    }

    /**
     * Protect Stop Date ends every use that applies protection with the key (KMIP 1.4 §3.25): the services', and a key
     * wrap's ({@link WrappingKeys}).
     */
    static void requireBeforeProtectStop(KmipObject o, String op, OperationContext ctx) {
        long now = ctx.now();
        StoredAttributes.date(o.attributes(), "Protect Stop Date")
                .filter(stop -> now >= stop)
                .ifPresent(stop -> {
                    throw ResultReasons.wrongState(
                            ctx.version(),
                            "object " + o.uid() + " is past its Protect Stop Date; it may no longer be used for " + op);
                });
    }

    /** The key's material in its stored form; the caller closes (zeroes) it. */
    public static StoredMaterial material(KmipObject o, OperationContext ctx) {
        return StoredMaterial.decode(ctx.services().store().material(o.uid()));
    }

    private static String names(Set<ObjectType> types) {
        return String.join(
                " or ", types.stream().map(ObjectType::specName).sorted().toList());
    }
}
