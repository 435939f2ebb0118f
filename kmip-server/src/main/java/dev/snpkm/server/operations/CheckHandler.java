package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Check;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;

/**
 * Check (KMIP 1.4 §4.10): whether the object could be used with the given Cryptographic Usage Mask. Usage limits and
 * leases are not tracked, so only the mask is checked. A failed Check empties the ID Placeholder. A passed Check
 * answers with the Unique Identifier alone: the response's usage fields report only the values that made a check fail
 * (KMIP 1.4 §4.10, 2.1 §6.1.5), and a failed mask check is an error result here, not a payload.
 */
public final class CheckHandler implements OperationHandler<Check.Request> {
    @Override
    public Operation operation() {
        return Operation.CHECK;
    }

    @Override
    public Class<Check.Request> requestType() {
        return Check.Request.class;
    }

    @Override
    public ResponsePayload handle(Check.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        Integer wanted = request.cryptographicUsageMask();
        if (wanted != null && (o.usageMask() & wanted) != wanted) {
            ctx.batch().clearPlaceholder();
            throw new KmipOperationException(
                    ctx.version().isTwoOrLater()
                            ? ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK
                            : ResultReason.PERMISSION_DENIED,
                    "object " + o.uid() + " does not allow Cryptographic Usage Mask " + wanted);
        }
        return new Check.Response(o.uid(), null, null, null);
    }
}
