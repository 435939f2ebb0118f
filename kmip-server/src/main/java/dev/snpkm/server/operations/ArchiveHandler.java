package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Archive;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ArchivedObjects;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;

/**
 * Archive (KMIP 1.4 §4.22, 2.1 §6.1.4): sets the Archive Date, which takes the object out of the active set
 * ({@link ArchivedObjects}). Archiving an archived object changes nothing (its first Archive Date stays). A key bound
 * to an attestation policy is not archived: it would leave the attested route its policy keeps it on (Permission
 * Denied, recorded as every refusal of a bound key is).
 */
public final class ArchiveHandler implements OperationHandler<Archive.Request> {
    @Override
    public Operation operation() {
        return Operation.ARCHIVE;
    }

    @Override
    public Class<Archive.Request> requestType() {
        return Archive.Request.class;
    }

    @Override
    public ResponsePayload handle(Archive.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        if (o.isBound()) {
            throw BoundRefusal.refuseBound(
                    o,
                    Operation.ARCHIVE,
                    "a bound key is not archived, its material stays behind the attested Get",
                    ctx);
        }
        if (!ArchivedObjects.isArchived(o)) {
            ObjectAccess.saveAttributes(
                    o,
                    StoredAttributes.replace(
                            o.attributes(), AttributeFactory.date(ArchivedObjects.ARCHIVE_DATE, ctx.now())),
                    ctx);
        }
        return new Archive.Response(o.uid());
    }
}
