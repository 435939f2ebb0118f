package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.server.lifecycle.KeyLifecycle;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.ResultReasons;
import dev.snpkm.server.store.StoredObject;
import java.util.Optional;
import java.util.Set;

/**
 * The wrapping key a Key Wrapping Specification names (KMIP 1.4 §2.1.6): resolved through the batch (the VM's public
 * key registered earlier in the same batch), the client's own (or any, for an administrator: a grant gives read access,
 * not a wrapping key), a Public or Symmetric Key, Active,
 * with the Wrap Key usage bit, before its Protect Stop Date, with Usage Limits left (a wrap spends them), and not
 * itself attestation-bound (its material must never leave through a wrap).
 */
public final class WrappingKeys {
    private WrappingKeys() {}

    public static KmipObject resolve(KeyWrappingSpecification kws, OperationContext ctx) {
        if (!kws.wrappingMethod().is(WrappingMethod.ENCRYPT)) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "Wrapping Method " + kws.wrappingMethod() + " is not supported; use Encrypt");
        }
        if (kws.encryptionKey() == null || kws.macSignatureKey() != null) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "key wrapping needs Encryption Key Information and no MAC/Signature Key Information");
        }
        String uid = ctx.batch().resolve(kws.encryptionKey().uniqueIdentifier());
        Optional<KmipObject> ephemeral = ctx.batch().ephemeralKey(uid);
        if (ephemeral.isPresent()) {
            // the client's own, Active, unbound Public Key by construction
            return requireWrapUsage(ephemeral.get(), ctx);
        }
        StoredObject row = ctx.services()
                .store()
                .get(uid)
                .orElseThrow(() -> ResultReasons.wrappingKeyNotFound(ctx.version(), uid));
        if (!ctx.services().access().mayAccess(ctx.client(), row.owner())) {
            // audited as a Get of that key would be: else naming it as a wrapping key probes for it unrecorded
            throw ObjectAccess.refused(uid, "wrapping key " + uid + " belongs to another client", ctx);
        }
        KmipObject key = ObjectAccess.view(row, ctx);
        if (key.objectType() != ObjectType.PUBLIC_KEY && key.objectType() != ObjectType.SYMMETRIC_KEY) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "wrapping key " + uid + " is a " + key.objectType() + ", not a Public or Symmetric Key");
        }
        if (key.isBound()) {
            throw BoundRefusal.refuse(
                    key,
                    Operation.GET,
                    "wrapping key " + uid + " is bound to an attestation policy and cannot be used to wrap other keys",
                    ctx);
        }
        ArchivedObjects.requireOnlineWrappingKey(key, ctx);
        if (key.state() == State.DESTROYED || key.state() == State.DESTROYED_COMPROMISED || !row.hasMaterial()) {
            throw new KmipOperationException(
                    ctx.version().isTwoOrLater() ? ResultReason.WRAPPING_OBJECT_DESTROYED : ResultReason.ITEM_NOT_FOUND,
                    "wrapping key " + uid + " was destroyed");
        }
        if (!KeyLifecycle.mayProtect(key.state())) {
            throw ResultReasons.wrongState(
                    ctx.version(), "wrapping key " + uid + " is " + key.state() + "; only an Active key may wrap");
        }
        requireWrapUsage(key, ctx);
        // A wrap applies protection with the key, as Encrypt does: the same usage period, and the same Usage Limits
        // (Get Usage Allocation counts Wrap Key among them). A spent key fails here, before a gate is asked; the use
        // itself is charged at the wrap (charge, below), when the bytes wrapped are known.
        ServiceKeys.requireBeforeProtectStop(key, "wrapping", ctx);
        UsageLimitsCounter.requireLeft(key);
        return key;
    }

    /**
     * Spends one use of the wrapping key's Usage Limits (Unit Object), or the {@code bytes} wrapped (Unit Byte), in
     * the batch's unit of work as Encrypt's use is.
     */
    public static void charge(KmipObject key, long bytes, OperationContext ctx) {
        if (ctx.batch().ephemeralKey(key.uid()).isPresent()) {
            return; // a batch-scoped key takes no Usage Limits and is not in the store
        }
        UsageLimitsCounter.charge(key, WRAP, bytes, true, ctx);
    }

    /** A wrap's use of its key, a protecting one (for Get or Export: only protecting() is read). */
    private static final ServiceKeys.Use WRAP = new ServiceKeys.Use(
            Operation.GET,
            CryptographicUsageMask.WRAP_KEY,
            true,
            Set.of(ObjectType.PUBLIC_KEY, ObjectType.SYMMETRIC_KEY));

    /** The wrapping key's material: a batch-scoped key's SPKI from the batch, any other's from the store. */
    public static byte[] material(KmipObject key, OperationContext ctx) {
        return ctx.batch().ephemeralKey(key.uid()).isPresent()
                ? ctx.batch().ephemeralSpki(key.uid())
                : ServiceKeys.material(key, ctx).bytes();
    }

    /** The Wrap Key bit, refused as Encrypt refuses a key without the Encrypt bit (Get and Export list that reason). */
    private static KmipObject requireWrapUsage(KmipObject key, OperationContext ctx) {
        if ((key.usageMask() & CryptographicUsageMask.WRAP_KEY.value()) == 0) {
            throw ResultReasons.incompatibleUsageMask(
                    ctx.version(),
                    "wrapping key " + key.uid() + " lacks the Wrap Key bit in its Cryptographic Usage Mask");
        }
        return key;
    }
}
