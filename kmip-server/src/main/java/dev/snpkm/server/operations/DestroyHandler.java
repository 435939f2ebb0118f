package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.lifecycle.KeyLifecycle;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;

/**
 * Destroy (KMIP 1.4 §4.21): erases the material (ObjectStore.destroyMaterial), keeps the metadata, Destroy Date now;
 * Compromised → Destroyed Compromised, else Destroyed. An Active object must be revoked first; a destroyed one cannot
 * be destroyed again.
 */
public final class DestroyHandler implements OperationHandler<Destroy.Request> {
    @Override
    public Operation operation() {
        return Operation.DESTROY;
    }

    @Override
    public Class<Destroy.Request> requestType() {
        return Destroy.Request.class;
    }

    @Override
    public ResponsePayload handle(Destroy.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        if (o.state() == State.DESTROYED || o.state() == State.DESTROYED_COMPROMISED) {
            throw ResultReasons.destroyed(ctx.version(), "object " + o.uid() + " is already destroyed");
        }
        State target = KeyLifecycle.afterDestroy(o.state());
        if (!KeyLifecycle.mayTransition(o.state(), target)) {
            throw ResultReasons.wrongState(
                    ctx.version(), "object " + o.uid() + " is Active; revoke it before destroying it");
        }
        // State first: the attribute save then finds the object destroyed and claims no names for it.
        ctx.services().store().destroyMaterial(o.uid(), target.value());
        ObjectAccess.saveAttributes(
                o, StoredAttributes.replace(o.attributes(), AttributeFactory.date("Destroy Date", ctx.now())), ctx);
        return new Destroy.Response(o.uid());
    }
}
