package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;

/** Activate (KMIP 1.4 §4.19): Pre-Active → Active, Activation Date set to now. Other states: wrong lifecycle state. */
public final class ActivateHandler implements OperationHandler<Activate.Request> {
    @Override
    public Operation operation() {
        return Operation.ACTIVATE;
    }

    @Override
    public Class<Activate.Request> requestType() {
        return Activate.Request.class;
    }

    @Override
    public ResponsePayload handle(Activate.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        if (o.state() != State.PRE_ACTIVE) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "object " + o.uid() + " is " + o.state() + "; only a Pre-Active object can be activated");
        }
        ObjectAccess.saveState(
                o,
                State.ACTIVE,
                StoredAttributes.replace(
                        o.attributes(), AttributeFactory.date(AttributeNames.ACTIVATION_DATE, ctx.now())),
                ctx);
        return new Activate.Response(o.uid());
    }
}
