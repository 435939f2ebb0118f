package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Check;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.UsageLimitsCounter;

/**
 * Check (KMIP 1.4 §4.10, 2.1 §6.1.5): whether the object could be used as the request says: with every bit of its
 * Cryptographic Usage Mask; for Usage Limits Count units, if the object has Usage Limits (as many must be left, in its
 * Usage Limits Unit; without Usage Limits it is not limited); under a lease of Lease Time seconds (no longer than the
 * one Obtain Lease would grant now). A failed Check empties the ID Placeholder. A passed Check answers with the Unique
 * Identifier alone: the response's usage fields report only the values that made a check fail, and a failed check is
 * an error result here, not a payload: 2.x Incompatible Cryptographic Usage Mask or Usage Limit Exceeded (1.x,
 * which has neither, Permission Denied), Permission Denied for a longer lease, Obtain Lease's reason when the object
 * gets no lease at all.
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
        try {
            check(o, request, ctx);
        } catch (KmipOperationException e) {
            ctx.batch().clearPlaceholder(); // a later item must not go on to use what Check refused
            throw e;
        }
        return new Check.Response(o.uid(), null, null, null);
    }

    private static void check(KmipObject o, Check.Request request, OperationContext ctx) {
        Integer wanted = request.cryptographicUsageMask();
        if (wanted != null && (o.usageMask() & wanted) != wanted) {
            throw ResultReasons.incompatibleUsageMask(
                    ctx.version(), "object " + o.uid() + " does not allow Cryptographic Usage Mask " + wanted);
        }
        Long count = request.usageLimitsCount();
        if (count != null) {
            UsageLimitsCounter.left(o).filter(left -> count > left).ifPresent(left -> {
                throw new KmipOperationException(
                        ctx.version().isTwoOrLater()
                                ? ResultReason.USAGE_LIMIT_EXCEEDED
                                : ResultReason.PERMISSION_DENIED,
                        "object " + o.uid() + " has " + left + " units of its Usage Limits left, not " + count);
            });
        }
        Long lease = request.leaseTimeSeconds();
        if (lease != null) {
            long grantable = ObtainLeaseHandler.grantable(o, ctx);
            if (lease > grantable) {
                throw new KmipOperationException(
                        ResultReason.PERMISSION_DENIED,
                        "a lease on object " + o.uid() + " lasts at most " + grantable + " s, not " + lease);
            }
        }
    }
}
