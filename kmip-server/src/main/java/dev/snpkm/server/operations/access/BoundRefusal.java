package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.release.ReleaseRequest;

/**
 * A handler's refusal of a bound object's material outside the attested Get: Permission Denied for the client, and a
 * record through {@link dev.snpkm.server.release.KeyReleaseGate#recordRefusal} so that the denial is audited and
 * counted (every release and every denial is).
 */
public final class BoundRefusal {
    private BoundRefusal() {}

    /** Records the refusal and returns the exception to throw. */
    public static KmipOperationException refuse(KmipObject bound, Operation op, String message, OperationContext ctx) {
        record(bound, op, message, ctx);
        return new KmipOperationException(ResultReason.PERMISSION_DENIED, message);
    }

    /** {@link #refuse} with the message every such refusal starts with: the object and the policy it is bound to. */
    public static KmipOperationException refuseBound(KmipObject bound, Operation op, String why, OperationContext ctx) {
        return refuse(
                bound,
                op,
                "object " + bound.uid() + " is bound to attestation policy '"
                        + bound.attestationPolicy().orElse("") + "'; " + why,
                ctx);
    }

    /** Records a refusal of a bound object whose Result Reason is not Permission Denied (Object Archived, say). */
    public static void record(KmipObject bound, Operation op, String message, OperationContext ctx) {
        ctx.services()
                .gate()
                .recordRefusal(
                        new ReleaseRequest(
                                ctx.client(),
                                op,
                                bound.uid(),
                                bound.attestationPolicy().orElse(""),
                                ctx.header(),
                                null),
                        message);
    }

    /**
     * A release the gate approved that failed before the key left (the wrap, say): recorded as a refusal too, so the
     * audit log never ends on "released" for a key that was not sent.
     */
    public static void recordAborted(KmipObject bound, Operation op, RuntimeException cause, OperationContext ctx) {
        String message = cause.getMessage();
        recordAborted(
                bound,
                op,
                cause instanceof KmipOperationException && message != null
                        ? message
                        : cause.getClass().getSimpleName(),
                ctx);
    }

    public static void recordAborted(KmipObject bound, Operation op, String why, OperationContext ctx) {
        record(bound, op, "approved release of object " + bound.uid() + " aborted before the key left: " + why, ctx);
    }
}
