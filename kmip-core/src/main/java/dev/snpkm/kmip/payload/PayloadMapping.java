package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;

/** How one operation's request and response payloads map: one entry of the {@link PayloadMappings} table. */
public record PayloadMapping<Q extends RequestPayload, R extends ResponsePayload>(
        Operation operation,
        Class<Q> requestType,
        Decoder<Q> requestDecoder,
        Encoder<Q> requestEncoder,
        Class<R> responseType,
        Decoder<R> responseDecoder,
        Encoder<R> responseEncoder) {

    /** Reads a payload's fields. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(FieldReader payload) throws KmipMappingException;
    }

    /** Writes a payload's fields in wire order, in the writer's version. */
    @FunctionalInterface
    public interface Encoder<T> {
        void encode(T payload, FieldWriter w);
    }
}
