package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.operations.KmipOperationException;
import org.jspecify.annotations.Nullable;

/**
 * The Result Reasons of the cryptographic services. KMIP 2.0 added Bad Cryptographic Parameters and Invalid Correlation
 * Value; a 1.x client gets Invalid Field for both.
 */
public final class ServiceRefusals {
    private ServiceRefusals() {}

    /** Parameters the operation cannot run with (an unknown mode, a tag length out of range...). */
    public static KmipOperationException badParameters(@Nullable KmipVersion v, String message) {
        return new KmipOperationException(
                v != null && v.isTwoOrLater() ? ResultReason.BAD_CRYPTOGRAPHIC_PARAMETERS : ResultReason.INVALID_FIELD,
                message);
    }

    /** A Correlation Value that names no open stream of this client and key. */
    public static KmipOperationException badCorrelation(KmipVersion v, String message) {
        return new KmipOperationException(
                v.isTwoOrLater() ? ResultReason.INVALID_CORRELATION_VALUE : ResultReason.INVALID_FIELD, message);
    }

    /** The data did not decrypt or verify under the key (wrong tag, bad padding). */
    public static KmipOperationException cryptographicFailure(String message) {
        return new KmipOperationException(ResultReason.CRYPTOGRAPHIC_FAILURE, message);
    }

    /** A field the operation needs is absent (an IV for Decrypt in CBC, CTR or GCM; Data). */
    public static KmipOperationException missing(String message) {
        return new KmipOperationException(ResultReason.INVALID_MESSAGE, message);
    }

    public static KmipOperationException unsupported(String message) {
        return new KmipOperationException(ResultReason.FEATURE_NOT_SUPPORTED, message);
    }
}
