package dev.snpkm.kmip.mapping;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.TagInfo;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A TTLV tree that does not map to the typed model. Carries the Result Reason a server answers with (KMIP 1.4 §11.1:
 * Invalid Message, Invalid Field, Missing Data, Feature Not Supported, Operation Not Supported) and a one-line message
 * that names the field. The message never contains field values, so it is safe to log and to return to the client.
 */
public final class KmipMappingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ResultReason reason;

    public KmipMappingException(ResultReason reason, @Nullable String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ResultReason reason() {
        return reason;
    }

    public static KmipMappingException missing(int tag, int parentTag) {
        return new KmipMappingException(
                ResultReason.MISSING_DATA, "missing required " + tagName(tag) + " in " + tagName(parentTag));
    }

    public static KmipMappingException invalidField(int tag, String problem) {
        return new KmipMappingException(ResultReason.INVALID_FIELD, tagName(tag) + ": " + problem);
    }

    public static KmipMappingException duplicate(int tag, int parentTag) {
        // KMIP 1.4 §11.1: the same field twice in a header, batch item or payload is an Invalid Message.
        return new KmipMappingException(
                ResultReason.INVALID_MESSAGE, tagName(tag) + " appears more than once in " + tagName(parentTag));
    }

    /** "Object Type (0x420057)", or the hex alone for a tag the registry does not know. */
    public static String tagName(int tag) {
        String hex = String.format("0x%06X", tag);
        return KmipRegistry.get()
                .tag(tag)
                .map(TagInfo::name)
                .map(n -> n + " (" + hex + ")")
                .orElse(hex);
    }
}
