package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Recover;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ArchivedObjects;
import dev.snpkm.server.operations.access.ObjectAccess;

/**
 * Recover (KMIP 1.4 §4.23, 2.1 §6.1.45): deletes the Archive Date (KMIP 1.4 §3.32), so the object is on-line again
 * in the state and with the attributes it had; nothing else changes, an attestation binding least of all. Recovering
 * an on-line object changes nothing. Only the owner or an administrator may (an x-authorized-client grant only reads).
 */
public final class RecoverHandler implements OperationHandler<Recover.Request> {
    @Override
    public Operation operation() {
        return Operation.RECOVER;
    }

    @Override
    public Class<Recover.Request> requestType() {
        return Recover.Request.class;
    }

    @Override
    public ResponsePayload handle(Recover.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        if (ArchivedObjects.isArchived(o)) {
            ObjectAccess.saveAttributes(o, o.attributes().without(ArchivedObjects.ARCHIVE_DATE), ctx);
        }
        return new Recover.Response(o.uid());
    }
}
