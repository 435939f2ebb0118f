package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.cryptoservice.ServiceParameters;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.operations.access.ServiceKeys;
import org.jspecify.annotations.Nullable;

/**
 * What the cryptographic service handlers share: the key's parameters and algorithm, and the continuation of a stream
 * (its key checked again for every part, so a key revoked or bound mid-stream ends it).
 */
final class ServiceStreamParts {
    private ServiceStreamParts() {}

    /** A continued stream: its state, and its key as checked for this part. */
    record Part<T>(Bytes correlation, ServiceStreams.Open<T> stream, KmipObject key) {}

    /** The request's parameters over the key's Cryptographic Parameters attribute. */
    static CryptographicParameters parameters(KmipObject key, @Nullable CryptographicParameters request) {
        return ServiceParameters.merge(
                request,
                key.attributes()
                        .value(AttributeNames.CRYPTOGRAPHIC_PARAMETERS, CryptographicParameters.class)
                        .orElse(null));
    }

    static @Nullable EnumCode<CryptographicAlgorithm> algorithm(KmipObject key) {
        return key.attributes()
                .enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                .orElse(null);
    }

    /** The identity a stream belongs to: the client certificate's fingerprint. */
    static String owner(OperationContext ctx) {
        return ctx.client().sha256Fingerprint();
    }

    /** Whether the request continues a stream (it carries a Correlation Value). */
    static boolean continues(StreamIndicators s) {
        return s.correlationValue() != null;
    }

    /** Whether the request opens a stream that stays open (Init without Final). */
    static boolean opens(StreamIndicators s) {
        return s.isInit() && !s.isFinal();
    }

    /**
     * Takes the stream a continuing request names, checks the request names the stream's key (or none), and checks
     * the key again.
     */
    static <T> Part<T> resume(
            ServiceStreams<T> streams,
            StreamIndicators s,
            @Nullable UniqueIdentifier uid,
            ServiceKeys.Use use,
            OperationContext ctx) {
        Bytes correlation = s.correlationValue();
        if (correlation == null) {
            // Handlers resume only after continues(s); a part without a Correlation Value here is a server bug.
            throw new IllegalStateException("resume needs a request that continues a stream");
        }
        ServiceStreams.Open<T> open =
                streams.take(correlation, owner(ctx), ctx.services().clock());
        if (open == null) {
            throw ServiceRefusals.badCorrelation(
                    ctx.version(),
                    "the Correlation Value names no open " + use.operation().specName()
                            + " stream of this client (finished, expired or never opened)");
        }
        try {
            if (uid != null && !ctx.batch().resolve(uid).equals(open.uid())) {
                throw ServiceRefusals.badCorrelation(
                        ctx.version(),
                        "the Correlation Value belongs to a stream on object " + open.uid()
                                + ", not the one this request names");
            }
            return new Part<>(correlation, open, ServiceKeys.loadUid(open.uid(), use, ctx));
        } catch (RuntimeException e) {
            streams.done(correlation); // a failed part ends its stream
            throw e;
        }
    }

    static byte[] orEmpty(@Nullable Bytes b) {
        return b == null ? new byte[0] : b.toByteArray();
    }
}
