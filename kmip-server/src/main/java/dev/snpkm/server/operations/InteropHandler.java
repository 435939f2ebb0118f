package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Interop;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;

/**
 * Interop (KMIP 2.1 §6.1.30): a test harness marks the Begin and End of an OASIS test case and may ask for a Reset.
 * The server only acknowledges them: each case destroys what it creates, and a Reset that deleted objects would be a
 * remote wipe. The operation is a test-harness feature, so the dispatcher has this handler only when the server is
 * started with {@code interopEnabled} (the conformance suite); a production appliance answers Operation Not Supported.
 */
public final class InteropHandler implements OperationHandler<Interop.Request> {
    @Override
    public Operation operation() {
        return Operation.INTEROP;
    }

    @Override
    public Class<Interop.Request> requestType() {
        return Interop.Request.class;
    }

    @Override
    public ResponsePayload handle(Interop.Request request, OperationContext ctx) {
        // Interop is a 2.0 operation (2.1 §6.1.30); a 1.x request cannot name it.
        if (!ctx.version().isAtLeast(KmipVersion.V2_0)) {
            throw new KmipOperationException(
                    ResultReason.OPERATION_NOT_SUPPORTED,
                    "Interop is defined from KMIP 2.0 on, not in " + ctx.version());
        }
        if (request.function().known().isEmpty()) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Interop Function " + request.function() + " is not Begin, End or Reset");
        }
        return new Interop.Response();
    }
}
