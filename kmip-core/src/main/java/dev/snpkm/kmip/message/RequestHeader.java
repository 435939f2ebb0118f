package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.AsynchronousIndicator;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Request Header (KMIP 2.1 Table 395, 1.4 Table 282). Optional fields are null when absent; lists are empty.
 *
 * @param asynchronousIndicator 2.x Enumeration; a 1.x Boolean True maps to Optional, False to Prohibited
 * @param credentials the Authentication structure's credentials, all of which must be satisfied; empty when absent
 * @param timeStamp Date-Time in POSIX seconds
 */
public record RequestHeader(
        KmipVersion protocolVersion,
        @Nullable Integer maximumResponseSize,
        @Nullable String clientCorrelationValue,
        @Nullable String serverCorrelationValue,
        @Nullable EnumCode<AsynchronousIndicator> asynchronousIndicator,
        @Nullable Boolean attestationCapableIndicator,
        List<EnumCode<AttestationType>> attestationTypes,
        List<Credential> credentials,
        @Nullable EnumCode<BatchErrorContinuationOption> batchErrorContinuationOption,
        @Nullable Boolean batchOrderOption,
        @Nullable Long timeStamp,
        int batchCount) {

    public RequestHeader {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        attestationTypes = List.copyOf(attestationTypes);
        credentials = List.copyOf(credentials);
    }

    public static Builder builder(KmipVersion version) {
        return new Builder(version);
    }

    /** Whether the client said it can produce an Attestation credential (absent means False, KMIP 1.4 §6.17). */
    public boolean isAttestationCapable() {
        return Boolean.TRUE.equals(attestationCapableIndicator);
    }

    /** The effective Batch Order Option: the default is False in 1.x and True in 2.x (KMIP 2.1 §9.5). */
    public boolean batchOrderEffective() {
        return batchOrderOption != null ? batchOrderOption : protocolVersion.isTwoOrLater();
    }

    /** The Attestation credential, if the request carries one. */
    public java.util.Optional<Credential.Attestation> attestationCredential() {
        return credentials.stream()
                .filter(Credential.Attestation.class::isInstance)
                .map(Credential.Attestation.class::cast)
                .findFirst();
    }

    /** Builds a header; batch count defaults to 1. */
    public static final class Builder {
        private final KmipVersion version;
        private @Nullable Integer maximumResponseSize;
        private @Nullable String clientCorrelationValue;
        private @Nullable String serverCorrelationValue;
        private @Nullable EnumCode<AsynchronousIndicator> asynchronousIndicator;
        private @Nullable Boolean attestationCapableIndicator;
        private final List<EnumCode<AttestationType>> attestationTypes = new ArrayList<>();
        private final List<Credential> credentials = new ArrayList<>();
        private @Nullable EnumCode<BatchErrorContinuationOption> batchErrorContinuationOption;
        private @Nullable Boolean batchOrderOption;
        private @Nullable Long timeStamp;
        private int batchCount = 1;

        private Builder(KmipVersion version) {
            this.version = version;
        }

        public Builder maximumResponseSize(@Nullable Integer v) {
            maximumResponseSize = v;
            return this;
        }

        public Builder clientCorrelationValue(@Nullable String v) {
            clientCorrelationValue = v;
            return this;
        }

        public Builder serverCorrelationValue(@Nullable String v) {
            serverCorrelationValue = v;
            return this;
        }

        public Builder asynchronousIndicator(AsynchronousIndicator v) {
            asynchronousIndicator = EnumCode.of(v);
            return this;
        }

        public Builder attestationCapable(@Nullable Boolean v) {
            attestationCapableIndicator = v;
            return this;
        }

        public Builder attestationType(EnumCode<AttestationType> v) {
            attestationTypes.add(v);
            return this;
        }

        public Builder credential(Credential c) {
            credentials.add(c);
            return this;
        }

        public Builder batchErrorContinuationOption(BatchErrorContinuationOption v) {
            batchErrorContinuationOption = EnumCode.of(v);
            return this;
        }

        public Builder batchOrderOption(@Nullable Boolean v) {
            batchOrderOption = v;
            return this;
        }

        public Builder timeStamp(@Nullable Long epochSeconds) {
            timeStamp = epochSeconds;
            return this;
        }

        public Builder batchCount(int v) {
            batchCount = v;
            return this;
        }

        public RequestHeader build() {
            return new RequestHeader(
                    version,
                    maximumResponseSize,
                    clientCorrelationValue,
                    serverCorrelationValue,
                    asynchronousIndicator,
                    attestationCapableIndicator,
                    attestationTypes,
                    credentials,
                    batchErrorContinuationOption,
                    batchOrderOption,
                    timeStamp,
                    batchCount);
        }
    }
}
