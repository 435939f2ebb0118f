package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Re-key Key Pair payloads (KMIP 1.4 §4.5, 2.1 §6.1.43). Request: {Private Key Unique Identifier?, Offset?, then the
 * fields of a Create Key Pair request (Common/Private Key/Public Key Template-Attribute in 1.x, Attributes and
 * Protection Storage Masks in 2.x)}. Response: the fields of a Create Key Pair response, so it is a
 * {@link CreateKeyPair.Response}.
 */
public final class ReKeyKeyPair {
    private ReKeyKeyPair() {}

    /** @param offsetSeconds Offset interval, or null; {@code templates} holds the attribute sets and masks */
    public record Request(
            @Nullable UniqueIdentifier privateKeyUniqueIdentifier,
            @Nullable Long offsetSeconds,
            CreateKeyPair.Request templates)
            implements RequestPayload {
        public Request {
            Objects.requireNonNull(templates, "templates");
        }

        public static Request of(String privateKey) {
            return new Request(
                    UniqueIdentifier.of(privateKey),
                    null,
                    new CreateKeyPair.Request(null, null, null, null, null, null));
        }
    }

    static final PayloadMapping<Request, CreateKeyPair.Response> MAPPING = new PayloadMapping<>(
            Operation.RE_KEY_KEY_PAIR,
            Request.class,
            r -> new Request(
                    r.optUid(Tag.PRIVATE_KEY_UNIQUE_IDENTIFIER),
                    r.optInterval(Tag.OFFSET),
                    CreateKeyPair.readRequest(r)),
            (p, w) -> {
                w.uid(Tag.PRIVATE_KEY_UNIQUE_IDENTIFIER, p.privateKeyUniqueIdentifier())
                        .interval(Tag.OFFSET, p.offsetSeconds());
                CreateKeyPair.writeRequest(p.templates(), w);
            },
            CreateKeyPair.Response.class,
            CreateKeyPair::readResponse,
            CreateKeyPair::writeResponse);
}
