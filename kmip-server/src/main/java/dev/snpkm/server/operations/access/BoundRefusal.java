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
        return new KmipOperationException(ResultReason.PERMISSION_DENIED, message);
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
                        "approved release of object " + bound.uid() + " aborted before the key left: " + why);
    }
}
