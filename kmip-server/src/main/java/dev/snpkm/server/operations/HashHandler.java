package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Hash;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.cryptoservice.DigestAlgorithms;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import java.security.MessageDigest;

/**
 * Hash (KMIP 1.4 §4.37, 2.1 §6.1 Hash): the digest of Data under the Cryptographic Parameters' Hashing Algorithm
 * ({@link DigestAlgorithms}), single-shot or in parts. No managed object is involved, so no key check applies; a stream
 * still belongs to the client that opened it.
 */
public final class HashHandler implements OperationHandler<Hash.Request> {
    private final ServiceStreams<MessageDigest> streams = new ServiceStreams<>();

    @Override
    public Operation operation() {
        return Operation.HASH;
    }

    @Override
    public Class<Hash.Request> requestType() {
        return Hash.Request.class;
    }

    @Override
    public ResponsePayload handle(Hash.Request request, OperationContext ctx) {
        byte[] data = ServiceStreamParts.orEmpty(request.data());
        Bytes correlation = request.stream().correlationValue();
        if (correlation != null) {
            ServiceStreams.Open<MessageDigest> open = streams.take(
                    correlation, ServiceStreamParts.owner(ctx), ctx.services().clock());
            if (open == null) {
                throw ServiceRefusals.badCorrelation(
                        ctx.version(), "the Correlation Value names no open Hash stream of this client");
            }
            open.state().update(data);
            if (request.stream().isFinal()) {
                return new Hash.Response(Bytes.of(open.state().digest()), null);
            }
            streams.putBack(correlation, open, ctx.services().clock(), ctx.version());
            return new Hash.Response(null, correlation);
        }
        if (request.data() == null) {
            throw ServiceRefusals.missing("Hash needs the Data to hash");
        }
        MessageDigest digest = DigestAlgorithms.digest(
                request.parameters()
                        .hashingAlgorithm()
                        .orElseThrow(() -> ServiceRefusals.badParameters(
                                ctx.version(), "Hash needs a Hashing Algorithm in its " + "Cryptographic Parameters")),
                ctx.version());
        digest.update(data);
        if (ServiceStreamParts.opens(request.stream())) {
            return new Hash.Response(
                    null,
                    streams.put(
                            ServiceStreamParts.owner(ctx),
                            "",
                            digest,
                            ctx.services().random(),
                            ctx.services().clock(),
                            ctx.version()));
        }
        return new Hash.Response(Bytes.of(digest.digest()), null);
    }
}
