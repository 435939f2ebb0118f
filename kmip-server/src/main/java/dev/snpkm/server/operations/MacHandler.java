package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Mac;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.cryptoservice.MacAlgorithms;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.access.UsageLimitsCounter;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MAC (KMIP 1.4 §4.33, 2.1 §6.1 MAC) with a Symmetric Key: HMAC ({@link MacAlgorithms}), single-shot or in parts. The
 * key is checked by {@link ServiceKeys}: never a bound key; Active; MAC Generate in its usage mask; before its Protect
 * Stop Date.
 */
public final class MacHandler implements OperationHandler<Mac.Request> {
    static final ServiceKeys.Use USE = new ServiceKeys.Use(
            Operation.MAC, CryptographicUsageMask.MAC_GENERATE, true, Set.of(ObjectType.SYMMETRIC_KEY));

    private final ServiceStreams<javax.crypto.Mac> streams = new ServiceStreams<>();

    @Override
    public Operation operation() {
        return Operation.MAC;
    }

    @Override
    public Class<Mac.Request> requestType() {
        return Mac.Request.class;
    }

    @Override
    public ResponsePayload handle(Mac.Request request, OperationContext ctx) {
        Computed c = compute(
                streams, USE, request.uniqueIdentifier(), request.parameters(), request.data(), request.stream(), ctx);
        return new Mac.Response(c.uid(), c.mac() == null ? null : Bytes.of(c.mac()), c.correlation());
    }

    /** One part of a MAC or MAC Verify: the MAC when the part is the last, else the stream's Correlation Value. */
    record Computed(
            String uid, byte @Nullable [] mac, @Nullable Bytes correlation) {}

    static Computed compute(
            ServiceStreams<javax.crypto.Mac> streams,
            ServiceKeys.Use use,
            @Nullable UniqueIdentifier uid,
            @Nullable CryptographicParameters parameters,
            @Nullable Bytes data,
            StreamIndicators stream,
            OperationContext ctx) {
        if (ServiceStreamParts.continues(stream)) {
            ServiceStreamParts.Part<javax.crypto.Mac> part = ServiceStreamParts.resume(streams, stream, uid, use, ctx);
            javax.crypto.Mac mac = part.stream().state();
            byte[] bytes = ServiceStreamParts.orEmpty(data);
            UsageLimitsCounter.charge(part.key(), use, bytes.length, false, ctx);
            mac.update(bytes);
            if (stream.isFinal()) {
                return new Computed(part.key().uid(), mac.doFinal(), null);
            }
            streams.putBack(part.correlation(), part.stream(), ctx.services().clock(), ctx.version());
            return new Computed(part.key().uid(), null, part.correlation());
        }
        if (data == null) {
            throw ServiceRefusals.missing(use.operation().specName() + " needs the Data");
        }
        KmipObject key = ServiceKeys.load(uid, use, ctx);
        UsageLimitsCounter.charge(key, use, data.length(), true, ctx);
        javax.crypto.Mac mac;
        try (StoredMaterial m = ServiceKeys.material(key, ctx)) {
            mac = MacAlgorithms.start(
                    ServiceStreamParts.algorithm(key),
                    ServiceStreamParts.parameters(key, parameters),
                    m.bytes(),
                    ctx.version());
        }
        mac.update(data.toByteArray());
        if (ServiceStreamParts.opens(stream)) {
            return new Computed(
                    key.uid(),
                    null,
                    streams.put(
                            ServiceStreamParts.owner(ctx),
                            key.uid(),
                            mac,
                            ctx.services().random(),
                            ctx.services().clock(),
                            ctx.version()));
        }
        return new Computed(key.uid(), mac.doFinal(), null);
    }
}
