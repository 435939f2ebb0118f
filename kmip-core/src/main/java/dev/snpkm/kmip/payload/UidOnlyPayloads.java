package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The mapping of operations whose request is {Unique Identifier?} and whose response is {Unique Identifier} (Archive,
 * Recover): one definition, each operation keeping its own request and response types for the dispatcher.
 */
final class UidOnlyPayloads {
    private UidOnlyPayloads() {}

    static <Q extends RequestPayload, R extends ResponsePayload> PayloadMapping<Q, R> mapping(
            Operation op,
            Class<Q> requestType,
            Function<@Nullable UniqueIdentifier, Q> request,
            Function<Q, @Nullable UniqueIdentifier> requestUid,
            Class<R> responseType,
            Function<String, R> response,
            Function<R, String> responseUid) {
        return new PayloadMapping<>(
                op,
                requestType,
                r -> request.apply(r.optUid(Tag.UNIQUE_IDENTIFIER)),
                (p, w) -> w.uid(Tag.UNIQUE_IDENTIFIER, requestUid.apply(p)),
                responseType,
                r -> response.apply(r.text(Tag.UNIQUE_IDENTIFIER)),
                (p, w) -> w.text(Tag.UNIQUE_IDENTIFIER, responseUid.apply(p)));
    }
}
