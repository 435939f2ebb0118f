package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.RngRetrieve;
import dev.snpkm.kmip.types.Secret;
import java.util.Arrays;

/**
 * RNG Retrieve (KMIP 1.4 §4.35, 2.1 §6.1 RNG Retrieve): Data Length bytes from the server's SecureRandom (the generator
 * the Random Number Generator attribute describes). Bounded: one request draws at most {@link #MAX_LENGTH} bytes.
 */
public final class RngRetrieveHandler implements OperationHandler<RngRetrieve.Request> {
    public static final int MAX_LENGTH = 64 * 1024;

    @Override
    public Operation operation() {
        return Operation.RNG_RETRIEVE;
    }

    @Override
    public Class<RngRetrieve.Request> requestType() {
        return RngRetrieve.Request.class;
    }

    @Override
    public ResponsePayload handle(RngRetrieve.Request request, OperationContext ctx) {
        int n = request.dataLength();
        if (n < 1 || n > MAX_LENGTH) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Data Length " + n + " is outside 1 to " + MAX_LENGTH + " bytes");
        }
        byte[] random = new byte[n];
        ctx.services().random().nextBytes(random);
        try {
            return new RngRetrieve.Response(Secret.of(random));
        } finally {
            Arrays.fill(random, (byte) 0);
        }
    }
}
