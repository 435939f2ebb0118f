package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.RngSeed;
import java.util.Arrays;

/**
 * RNG Seed (KMIP 1.4 §4.36, 2.1 §6.1 RNG Seed): the client's seed is mixed into the server's SecureRandom as additional
 * input. The JDK's generators only supplement their state with it ({@link java.security.SecureRandom#setSeed(byte[])}),
 * so a client can add entropy but never replace or predict the server's. At most {@link #MAX_ACCEPTED} bytes of one
 * request are taken; the response says how many.
 */
public final class RngSeedHandler implements OperationHandler<RngSeed.Request> {
    public static final int MAX_ACCEPTED = 512;

    @Override
    public Operation operation() {
        return Operation.RNG_SEED;
    }

    @Override
    public Class<RngSeed.Request> requestType() {
        return RngSeed.Request.class;
    }

    @Override
    public ResponsePayload handle(RngSeed.Request request, OperationContext ctx) {
        byte[] seed = request.data().toByteArray();
        try {
            int accepted = Math.min(seed.length, MAX_ACCEPTED);
            if (accepted > 0) {
                ctx.services().random().setSeed(Arrays.copyOf(seed, accepted));
            }
            return new RngSeed.Response(accepted);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
