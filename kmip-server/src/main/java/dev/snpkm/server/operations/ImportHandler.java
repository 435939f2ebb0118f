package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.KeyWrapType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Import;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.CertificateAttributes;
import dev.snpkm.server.operations.attributes.ImportedAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.operations.material.ObjectMaterials;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.StoredObject;
import java.util.Optional;

/**
 * Import (KMIP 1.4 §4 "Import", 2.1 §6.1 "Import"): registers an object under the Unique Identifier the client names,
 * with the attributes it gives ({@link ImportedAttributes}), stored like Register's (material canonical and sealed
 * under the master key, bound to the uid; audited as an Import). The uid becomes the ID Placeholder.
 * <ul>
 *   <li>An object that already has the uid: Object Already Exists, unless Replace Existing is true; then it is
 *       replaced in place if this client may change it (owner or administrator; the owner stays). An
 *       attestation-bound object is never replaced, whoever asks: that would swap the key behind a VM's disk
 *       (Permission Denied, audited like the other refusals of bound material).</li>
 *   <li>Key Wrap Type Not Wrapped (or none) with plain material is stored; As Registered would keep wrapped bytes
 *       this server cannot serve, so it is Key Wrap Type Not Supported, and wrapped material is refused as Register
 *       refuses it.</li>
 * </ul>
 */
public final class ImportHandler implements OperationHandler<Import.Request> {
    /** The managed_object.uid column's width. */
    static final int MAX_UID_LENGTH = 64;

    @Override
    public Operation operation() {
        return Operation.IMPORT;
    }

    @Override
    public Class<Import.Request> requestType() {
        return Import.Request.class;
    }

    @Override
    public ResponsePayload handle(Import.Request request, OperationContext ctx) {
        ManagedObject object = request.object();
        try {
            String uid = checkedUid(request.uniqueIdentifier());
            ObjectType type = object.objectType();
            if (!request.objectType().is(type)) {
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "Object Type " + request.objectType() + " does not match the imported " + type);
            }
            if (type == ObjectType.TEMPLATE) {
                throw ResultReasons.wrongObjectType(ctx.version(), "Templates are registered, not imported");
            }
            checkKeyWrapType(request, ctx);
            Attributes requested =
                    ImportedAttributes.accept(Templates.apply(request.attributes(), ctx), uid, type, ctx);
            UniqueNames.checkTemplate(requested, ctx);
            ObjectAccess.ImportTarget target = target(uid, Boolean.TRUE.equals(request.replaceExisting()), ctx);
            Attributes attributes = ObjectMaterials.withKeyBlockAttributes(object, requested);
            if (object instanceof ManagedObject.Certificate cert) {
                attributes = CertificateAttributes.add(cert, attributes, ctx);
            }
            StoredMaterial material = ObjectMaterials.fromRegistered(object);
            if (type == ObjectType.SYMMETRIC_KEY) {
                RegisterHandler.checkLength(attributes, material); // Import stores what Register would refuse
            }
            StoredObject stored = CreateHandler.storeAndWipe(type, attributes, material, false, target, ctx);
            ctx.batch().produced(UniqueIdentifierReference.IMPORT, stored.uid());
            return new Import.Response(stored.uid());
        } finally {
            object.destroy();
        }
    }

    private static String checkedUid(String uid) {
        if (uid.isBlank() || uid.length() > MAX_UID_LENGTH) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "an imported Unique Identifier must be 1 to " + MAX_UID_LENGTH + " characters, not blank");
        }
        return uid;
    }

    private static void checkKeyWrapType(Import.Request request, OperationContext ctx) {
        if (request.keyWrapType() == null) {
            return;
        }
        KeyWrapType wrapType = request.keyWrapType()
                .known()
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.INVALID_FIELD, "Key Wrap Type " + request.keyWrapType() + " is not defined"));
        if (wrapType == KeyWrapType.AS_REGISTERED) {
            throw new KmipOperationException(
                    ctx.version().isTwoOrLater()
                            ? ResultReason.KEY_WRAP_TYPE_NOT_SUPPORTED
                            : ResultReason.FEATURE_NOT_SUPPORTED,
                    "Key Wrap Type As Registered is not supported: import the key unwrapped (Not Wrapped) over TLS");
        }
    }

    /**
     * Where the object goes. An existing object is checked as any edit of it is (owner or administrator, read under
     * its row lock) before Replace Existing may replace it; a bound one never is.
     */
    private static ObjectAccess.ImportTarget target(String uid, boolean replace, OperationContext ctx) {
        Optional<KmipObject> existing = ctx.services().store().get(uid).map(row -> ObjectAccess.loadUid(uid, ctx));
        if (existing.isEmpty()) {
            return new ObjectAccess.ImportTarget(
                    uid, replace, ctx.services().access().ownerOf(ctx.client()));
        }
        KmipObject old = existing.get();
        if (!replace) {
            throw new KmipOperationException(
                    ResultReason.OBJECT_ALREADY_EXISTS,
                    "an object with Unique Identifier " + uid + " already exists; set Replace Existing to replace it");
        }
        if (old.isBound()) {
            throw BoundRefusal.refuse(
                    old,
                    Operation.IMPORT,
                    "object " + uid + " is bound to attestation policy '"
                            + old.attestationPolicy().orElse("") + "'; Import never replaces a bound object",
                    ctx);
        }
        return new ObjectAccess.ImportTarget(uid, true, old.row().owner());
    }
}
