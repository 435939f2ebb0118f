package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.ResponsePayload;

/**
 * Runs one operation for one batch item. A KMIP failure is thrown as {@link KmipOperationException}; the engine turns
 * it into a failed batch item. Handlers are stateless and thread-safe; per-request state lives in the context.
 *
 * @param <Q> the operation's typed request payload
 */
public interface OperationHandler<Q extends RequestPayload> {

    Operation operation();

    Class<Q> requestType();

    ResponsePayload handle(Q request, OperationContext context);
}
