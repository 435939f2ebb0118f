package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.material.ObjectMaterials;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.StoredObject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Register with {@code x-ephemeral = "batch"}: a Public Key that lives only in this request batch's memory (the
 * attested release's wrapping key, docs/KEY-WRAPPING.md "Round 2"). It is Active at once, owned by the client, usable
 * only as the wrapping key of a later Get in the same batch (through the ID Placeholder or its UID), and never
 * written: no other operation, batch or client can find it, Locate never lists it, and it costs the store nothing.
 */
final class EphemeralKeys {
    /** What such a registration may carry besides its material: enough to wrap, nothing to find or keep it by. */
    private static final Set<String> ALLOWED = Set.of(
            AttributeNames.X_EPHEMERAL,
            AttributeNames.CRYPTOGRAPHIC_USAGE_MASK,
            AttributeNames.CRYPTOGRAPHIC_ALGORITHM,
            AttributeNames.CRYPTOGRAPHIC_LENGTH,
            AttributeNames.CRYPTOGRAPHIC_PARAMETERS);

    private EphemeralKeys() {}

    /** Whether a Register asks for a batch-scoped key; an {@code x-ephemeral} of any other value is refused. */
    static boolean requested(Attributes attributes) {
        if (attributes.first(AttributeNames.X_EPHEMERAL).isEmpty()) {
            return false;
        }
        if (!attributes
                .text(AttributeNames.X_EPHEMERAL)
                .filter(AttributeNames.EPHEMERAL_BATCH::equals)
                .isPresent()) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    AttributeNames.X_EPHEMERAL + " takes the Text String \"" + AttributeNames.EPHEMERAL_BATCH
                            + "\" (the key lives for this batch)");
        }
        return true;
    }

    static Register.Response register(Register.Request request, Attributes requested, OperationContext ctx) {
        try {
            return registerInBatch(request, requested, ctx);
        } finally {
            request.object().destroy();
        }
    }

    private static Register.Response registerInBatch(
            Register.Request request, Attributes requested, OperationContext ctx) {
        ObjectType type = request.object().objectType();
        if (type != ObjectType.PUBLIC_KEY || !request.objectType().is(ObjectType.PUBLIC_KEY)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    AttributeNames.X_EPHEMERAL + " applies only to a Public Key, not a " + type);
        }
        for (Attribute a : requested.list()) {
            if (!ALLOWED.contains(a.name())) {
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "an " + AttributeNames.X_EPHEMERAL + " key is never stored, so it takes no " + a.name()
                                + "; omit it");
            }
        }
        Attributes attributes = ObjectMaterials.withKeyBlockAttributes(request.object(), requested);
        try (StoredMaterial material = ObjectMaterials.fromRegistered(request.object())) {
            Instant now = ctx.services().clock().instant();
            String uid = "ephemeral-" + UUID.randomUUID();
            StoredObject row = new StoredObject(
                    uid,
                    ObjectType.PUBLIC_KEY.value(),
                    State.ACTIVE.value(),
                    ctx.services().access().ownerOf(ctx.client()),
                    StoredAttributes.searchFields(attributes),
                    StoredAttributes.encode(attributes),
                    true,
                    now,
                    now,
                    Optional.empty());
            ctx.batch()
                    .addEphemeral(
                            new KmipObject(row, attributes, State.ACTIVE),
                            material.bytes().clone());
            ctx.batch().produced(UniqueIdentifierReference.REGISTER, uid);
            return new Register.Response(uid, null);
        }
    }
}
