package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.types.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * The multi-part fields of the cryptographic service requests (KMIP 1.4 §4.29–4.37, 2.1 §6.1 Encrypt…Hash): Correlation
 * Value (returned by the server for a stream it keeps open), Init Indicator (the first part) and Final Indicator (the
 * last part). KMIP 1.3 introduced them: an older request carrying them is Invalid Field. Every field null: a
 * single-shot request.
 */
public record StreamIndicators(
        @Nullable Bytes correlationValue,
        @Nullable Boolean initIndicator,
        @Nullable Boolean finalIndicator) {
    public static final StreamIndicators SINGLE_SHOT = new StreamIndicators(null, null, null);

    /** Whether this request is one part of a stream rather than the whole operation. */
    public boolean isStreaming() {
        return correlationValue != null || isInit();
    }

    public boolean isFinal() {
        return Boolean.TRUE.equals(finalIndicator);
    }

    public boolean isInit() {
        return Boolean.TRUE.equals(initIndicator);
    }

    static StreamIndicators read(FieldReader r) throws KmipMappingException {
        if (!r.version().isAtLeast(KmipVersion.V1_3)) {
            return SINGLE_SHOT; // left unread: the payload mapping refuses them as not fields of this version
        }
        return new StreamIndicators(
                r.optBytes(Tag.CORRELATION_VALUE), r.optBoolean(Tag.INIT_INDICATOR), r.optBoolean(Tag.FINAL_INDICATOR));
    }

    void write(FieldWriter w) {
        w.bytes(Tag.CORRELATION_VALUE, correlationValue)
                .bool(Tag.INIT_INDICATOR, initIndicator)
                .bool(Tag.FINAL_INDICATOR, finalIndicator);
    }

    /** The Correlation Value of a response, 1.3+ only. */
    static @Nullable Bytes readCorrelation(FieldReader r) throws KmipMappingException {
        return r.version().isAtLeast(KmipVersion.V1_3) ? r.optBytes(Tag.CORRELATION_VALUE) : null;
    }
}
