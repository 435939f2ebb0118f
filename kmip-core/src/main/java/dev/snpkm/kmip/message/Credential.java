package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CredentialType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.TicketType;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Credential of the request header's Authentication (KMIP 1.4 §2.1.2, 2.1 §2.6 of our reference): all credentials
 * of a request must be satisfied. Passwords never appear in {@code toString()}.
 */
public sealed interface Credential {

    /** The Credential Type this credential travels as. */
    EnumCode<CredentialType> credentialType();

    /** Username and Password (1.0): password optional. */
    record UsernamePassword(String username, @Nullable String password) implements Credential {
        public UsernamePassword {
            Objects.requireNonNull(username, "username");
        }

        @Override
        public EnumCode<CredentialType> credentialType() {
            return EnumCode.of(CredentialType.USERNAME_AND_PASSWORD);
        }

        @Override
        public String toString() {
            return "UsernamePassword[username=" + username + ", password=" + (password == null ? "absent" : "***")
                    + "]";
        }
    }

    /** Device (1.1): all fields optional, at least one present. */
    record Device(
            @Nullable String deviceSerialNumber,
            @Nullable String password,
            @Nullable String deviceIdentifier,
            @Nullable String networkIdentifier,
            @Nullable String machineIdentifier,
            @Nullable String mediaIdentifier)
            implements Credential {
        @Override
        public EnumCode<CredentialType> credentialType() {
            return EnumCode.of(CredentialType.DEVICE);
        }

        @Override
        public String toString() {
            return "Device[serial=" + deviceSerialNumber + ", device=" + deviceIdentifier + ", network="
                    + networkIdentifier + ", machine=" + machineIdentifier + ", media=" + mediaIdentifier
                    + ", password=" + (password == null ? "absent" : "***") + "]";
        }
    }

    /**
     * Attestation (1.2, KMIP 1.4 §2.1.2 Table 8): the server's Nonce, the Attestation Type (ours: SEV-SNP report
     * 0x80000001), the measurement (the raw report) and/or an assertion (the certificate table). Neither is secret.
     */
    record Attestation(
            Nonce nonce,
            EnumCode<AttestationType> attestationType,
            @Nullable Bytes measurement,
            @Nullable Bytes assertion)
            implements Credential {
        public Attestation {
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(attestationType, "attestationType");
        }

        @Override
        public EnumCode<CredentialType> credentialType() {
            return EnumCode.of(CredentialType.ATTESTATION);
        }
    }

    /** One Time Password (2.0): {Username, Password (optional), One Time Password}. */
    record OneTimePassword(String username, @Nullable String password, String oneTimePassword) implements Credential {
        public OneTimePassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(oneTimePassword, "oneTimePassword");
        }

        @Override
        public EnumCode<CredentialType> credentialType() {
            return EnumCode.of(CredentialType.ONE_TIME_PASSWORD);
        }

        @Override
        public String toString() {
            return "OneTimePassword[username=" + username + ", password=***, oneTimePassword=***]";
        }
    }

    /**
     * Hashed Password (2.0): {Username, Timestamp, Hashing Algorithm (default SHA-256), Hashed Password}. The timestamp
     * travels as a Time Stamp item typed Date Time Extended (our reading: the KMIP 2.x tag table has no Timestamp tag).
     */
    record HashedPassword(
            String username,
            Ttlv timestamp,
            @Nullable EnumCode<HashingAlgorithm> hashingAlgorithm,
            Secret hashedPassword)
            implements Credential {
        public HashedPassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(hashedPassword, "hashedPassword");
        }

        @Override
        public EnumCode<CredentialType> credentialType() {
            return EnumCode.of(CredentialType.HASHED_PASSWORD);
        }
    }

    /** Ticket (2.0): {Ticket {Ticket Type, Ticket Value}}. */
    record Ticket(EnumCode<TicketType> ticketType, Secret ticketValue) implements Credential {
        public Ticket {
            Objects.requireNonNull(ticketType, "ticketType");
            Objects.requireNonNull(ticketValue, "ticketValue");
        }

        @Override
        public EnumCode<CredentialType> credentialType() {
            return EnumCode.of(CredentialType.TICKET);
        }
    }

    /** A credential type this model does not type (e.g. a vendor extension): kept as the raw Credential Value. */
    record Unknown(EnumCode<CredentialType> credentialType, Ttlv credentialValue) implements Credential {
        public Unknown {
            Objects.requireNonNull(credentialType, "credentialType");
            Objects.requireNonNull(credentialValue, "credentialValue");
        }

        @Override
        public String toString() {
            return "Unknown[credentialType=" + credentialType + "]";
        }
    }
}
