package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.cryptoservice.AsymmetricKeys;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.cryptoservice.SignatureSchemes;
import dev.snpkm.server.cryptoservice.Signatures;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.access.UsageLimitsCounter;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.security.GeneralSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * The part Sign and Signature Verify share: check the key, choose the scheme, feed Data (or Digested Data) into the
 * signature, and keep or resume a stream. Only the last step (sign, or verify against Signature Data) differs.
 */
final class SignatureParts {
    private SignatureParts() {}

    /** How the operation sets the scheme up with the key's stored material (PKCS#8 or SPKI). */
    @FunctionalInterface
    interface KeyInit {
        Signatures init(SignatureSchemes.Scheme scheme, String family, byte[] material) throws GeneralSecurityException;
    }

    /**
     * The outcome of one part: a signature fed with everything, ready for its last step, or (signature null) a
     * stream left open under its Correlation Value.
     */
    record Step(
            String uid,
            @Nullable Signatures signature,
            @Nullable Bytes correlation) {}

    static Step step(
            ServiceStreams<Signatures> streams,
            ServiceKeys.Use use,
            @Nullable UniqueIdentifier uid,
            @Nullable CryptographicParameters parameters,
            @Nullable Bytes data,
            @Nullable Bytes digested,
            StreamIndicators stream,
            KeyInit keyInit,
            OperationContext ctx)
            throws GeneralSecurityException {
        if (ServiceStreamParts.continues(stream)) {
            ServiceStreamParts.Part<Signatures> part = ServiceStreamParts.resume(streams, stream, uid, use, ctx);
            Signatures s = part.stream().state();
            byte[] bytes = ServiceStreamParts.orEmpty(data);
            UsageLimitsCounter.charge(part.key(), use, bytes.length, false, ctx);
            s.update(bytes);
            if (stream.isFinal()) {
                return new Step(part.key().uid(), s, null);
            }
            streams.putBack(part.correlation(), part.stream(), ctx.services().clock(), ctx.version());
            return new Step(part.key().uid(), null, part.correlation());
        }
        boolean prehashed = digested != null;
        Bytes input = prehashed ? digested : data;
        if (input == null || (prehashed && data != null)) {
            throw ServiceRefusals.missing(use.operation().specName() + " needs either Data or Digested Data");
        }
        KmipObject key = ServiceKeys.load(uid, use, ctx);
        UsageLimitsCounter.charge(key, use, input.length(), true, ctx);
        String family = AsymmetricKeys.family(ServiceStreamParts.algorithm(key), ctx.version());
        SignatureSchemes.Scheme scheme =
                SignatureSchemes.of(family, ServiceStreamParts.parameters(key, parameters), prehashed, ctx.version());
        Signatures s;
        try (StoredMaterial m = ServiceKeys.material(key, ctx)) {
            s = keyInit.init(scheme, family, m.bytes());
        }
        if (prehashed) {
            if (stream.isStreaming()) {
                throw ServiceRefusals.badParameters(ctx.version(), "Digested Data is taken in one part");
            }
            byte[] digest = input.toByteArray();
            scheme.checkDigestLength(digest, ctx.version());
            s.update(scheme.input(digest, ctx.version()));
            return new Step(key.uid(), s, null);
        }
        s.update(input.toByteArray());
        if (ServiceStreamParts.opens(stream)) {
            return new Step(
                    key.uid(),
                    null,
                    streams.put(
                            ServiceStreamParts.owner(ctx),
                            key.uid(),
                            s,
                            ctx.services().random(),
                            ctx.services().clock(),
                            ctx.version()));
        }
        return new Step(key.uid(), s, null);
    }
}
