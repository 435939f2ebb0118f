package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyCompressionType;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.access.ExportRules;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.UnattestedMaterialRule;
import dev.snpkm.server.operations.access.WrappingKeys;
import dev.snpkm.server.operations.attributes.InitialAttributes;
import dev.snpkm.server.operations.material.KeyWrapper;
import dev.snpkm.server.operations.material.ObjectMaterials;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.ObjectStore;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What Get and Export share when an object's material leaves the server (KMIP 1.4 §4.11 and §2.1.5-2.1.6; Export
 * has Get's semantics for the object, 2.1 §6.1 "Export"): the checks before it leaves, its wire form, its wrapping,
 * and Fresh cleared once it is served. The attestation gate is the caller's: Get asks it, Export refuses bound objects.
 */
final class MaterialRelease {
    private MaterialRelease() {}

    /** An object read with its sealed material, checked for access; unsealed only after {@link #check}. */
    record Read(KmipObject object, ObjectStore.Readout readout) {}

    /** One statement reads the row and its sealed material ({@link ObjectStore#getWithMaterial}). */
    static Read read(@Nullable UniqueIdentifier requested, OperationContext ctx) {
        String uid = ctx.batch().resolve(requested);
        Optional<ObjectStore.Readout> read = ctx.services().store().getWithMaterial(uid);
        KmipObject o = ObjectAccess.checked(uid, read.map(ObjectStore.Readout::row), ctx);
        return new Read(o, read.orElseThrow());
    }

    /**
     * What a request with a Key Wrapping Specification wraps to: the resolved key and its material (zeroed after), and
     * what charges the wrap to the key's Usage Limits, given the bytes wrapped.
     */
    record Wrapping(KeyWrappingSpecification spec, KmipObject key, byte[] material, LongConsumer charge) {}

    /**
     * The checks before the material may leave, in order: destroyed, a VM or grantee asking for unbound material
     * ({@link UnattestedMaterialRule}), compression, Sensitive / not Extractable ({@link ExportRules}); then the
     * wrapping key the request names, resolved and read (null when none is named).
     */
    static @Nullable Wrapping check(
            KmipObject o,
            @Nullable EnumCode<KeyCompressionType> compression,
            @Nullable KeyWrappingSpecification kws,
            Operation op,
            OperationContext ctx) {
        if (o.state() == State.DESTROYED
                || o.state() == State.DESTROYED_COMPROMISED
                || !o.row().hasMaterial()) {
            throw ResultReasons.destroyed(ctx.version(), "object " + o.uid() + " was destroyed; its material is gone");
        }
        UnattestedMaterialRule.check(o, op, ctx);
        if (compression != null) {
            throw new KmipOperationException(
                    ResultReason.KEY_COMPRESSION_TYPE_NOT_SUPPORTED, "Key Compression Type is not supported; omit it");
        }
        ExportRules.check(o, kws != null && kws.encryptionKey() != null);
        if (kws == null) {
            return null;
        }
        KmipObject wrappingKey = WrappingKeys.resolve(kws, ctx);
        return new Wrapping(
                kws,
                wrappingKey,
                WrappingKeys.material(wrappingKey, ctx),
                bytes -> WrappingKeys.charge(wrappingKey, bytes, ctx));
    }

    /** The object in the requested Key Format Type, unsealed from the read (the unsealed buffer is zeroed). */
    static ManagedObject plain(Read read, @Nullable EnumCode<KeyFormatType> format) {
        KmipObject o = read.object();
        try (StoredMaterial m = StoredMaterial.decode(read.readout().unseal())) {
            return ObjectMaterials.toWire(o.objectType(), m, o.attributes(), format);
        }
    }

    /** The plain object wrapped as the specification says. */
    static ManagedObject wrapped(ManagedObject plain, Wrapping wrapping) {
        KeyWrappingSpecification kws = wrapping.spec();
        KmipObject key = wrapping.key();
        byte[] keyMaterial = wrapping.material();
        KeyBlock block;
        LongConsumer charge = wrapping.charge();
        if (plain instanceof ManagedObject.SymmetricKey k) {
            block = KeyWrapper.wrap(k.keyBlock(), kws, key, keyMaterial, charge);
            return new ManagedObject.SymmetricKey(block);
        } else if (plain instanceof ManagedObject.PrivateKey k) {
            return new ManagedObject.PrivateKey(KeyWrapper.wrap(k.keyBlock(), kws, key, keyMaterial, charge));
        } else if (plain instanceof ManagedObject.SecretData s) {
            return new ManagedObject.SecretData(
                    s.secretDataType(), KeyWrapper.wrap(s.keyBlock(), kws, key, keyMaterial, charge));
        }
        throw new KmipOperationException(
                ResultReason.FEATURE_NOT_SUPPORTED,
                plain.objectType() + " objects are returned unwrapped; omit the Key Wrapping Specification");
    }

    /** KMIP 1.4 §3.34, 2.1 §4.16: once served to a client, the object is no longer Fresh. */
    static void markServed(KmipObject o, OperationContext ctx) {
        if (InitialAttributes.served(o.attributes()).isEmpty()) {
            return; // already served: nothing to write
        }
        // Re-read under the row lock so a concurrent edit made since this read is not overwritten.
        KmipObject locked = ObjectAccess.loadForUpdate(o.uid(), ctx);
        InitialAttributes.served(locked.attributes())
                .ifPresent(served -> ObjectAccess.saveAttributes(locked, served, ctx));
    }
}
