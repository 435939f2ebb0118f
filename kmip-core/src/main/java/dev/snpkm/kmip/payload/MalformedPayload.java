package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request payload that did not map (leniently decoded requests only): the batch item fails with {@code reason}
 * while the other batch items are processed (KMIP 1.4 §11.1: "Error parsing a batch item").
 */
public record MalformedPayload(
        List<Ttlv> fields, ResultReason reason, @Nullable String message) implements RequestPayload {
    public MalformedPayload {
        fields = List.copyOf(fields);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
