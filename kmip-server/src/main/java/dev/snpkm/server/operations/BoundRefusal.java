package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.release.ReleaseRequest;

/**
 * A handler's refusal of a bound object's material outside the attested Get: Permission Denied for the client, and a
 * record through {@link dev.snpkm.server.release.KeyReleaseGate#recordRefusal} so that the denial is audited and
 * counted (every release and every denial is).
 */
final class BoundRefusal {
    private BoundRefusal() {
    }

    /** Records the refusal and returns the exception to throw. */
    static KmipOperationException refuse(KmipObject bound, Operation op, String message, OperationContext ctx) {
        ctx.services().gate().recordRefusal(new ReleaseRequest(ctx.client(), op, bound.uid(),
                bound.attestationPolicy().orElse(""), ctx.header(), null), message);
        return new KmipOperationException(ResultReason.PERMISSION_DENIED, message);
    }
}
