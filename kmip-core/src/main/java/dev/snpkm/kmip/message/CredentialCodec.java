package dev.snpkm.kmip.message;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CredentialType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.TicketType;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Map;

/** Credential {Credential Type, Credential Value} to and from the typed credentials: a table per Credential Type. */
final class CredentialCodec {
    private interface ValueDecoder {
        Credential decode(FieldReader value) throws KmipMappingException;
    }

    private static final Map<CredentialType, ValueDecoder> DECODERS = Map.of(
            CredentialType.USERNAME_AND_PASSWORD,
            v -> new Credential.UsernamePassword(v.text(Tag.USERNAME), v.optText(Tag.PASSWORD)),
            CredentialType.DEVICE,
            v -> new Credential.Device(
                    v.optText(Tag.DEVICE_SERIAL_NUMBER),
                    v.optText(Tag.PASSWORD),
                    v.optText(Tag.DEVICE_IDENTIFIER),
                    v.optText(Tag.NETWORK_IDENTIFIER),
                    v.optText(Tag.MACHINE_IDENTIFIER),
                    v.optText(Tag.MEDIA_IDENTIFIER)),
            CredentialType.ATTESTATION,
            v -> new Credential.Attestation(
                    Nonce.decode(v.struct(Tag.NONCE)),
                    v.enumeration(Tag.ATTESTATION_TYPE, AttestationType.class),
                    v.optBytes(Tag.ATTESTATION_MEASUREMENT),
                    v.optBytes(Tag.ATTESTATION_ASSERTION)),
            CredentialType.ONE_TIME_PASSWORD,
            v -> new Credential.OneTimePassword(
                    v.text(Tag.USERNAME), v.optText(Tag.PASSWORD), v.text(Tag.ONE_TIME_PASSWORD)),
            CredentialType.HASHED_PASSWORD,
            v -> new Credential.HashedPassword(
                    v.text(Tag.USERNAME),
                    v.required(Tag.TIME_STAMP, Ttlv.class),
                    v.optEnumeration(Tag.HASHING_ALGORITHM, HashingAlgorithm.class),
                    v.secret(Tag.HASHED_PASSWORD)),
            CredentialType.TICKET,
            v -> {
                FieldReader t = v.struct(Tag.TICKET);
                return new Credential.Ticket(
                        t.enumeration(Tag.TICKET_TYPE, TicketType.class), t.secret(Tag.TICKET_VALUE));
            });

    private CredentialCodec() {}

    static Credential decode(FieldReader r) throws KmipMappingException {
        EnumCode<CredentialType> type = r.enumeration(Tag.CREDENTIAL_TYPE, CredentialType.class);
        Ttlv value = r.required(Tag.CREDENTIAL_VALUE, Ttlv.class);
        ValueDecoder d = type.known().map(DECODERS::get).orElse(null);
        if (d == null) {
            return new Credential.Unknown(type, value);
        }
        return d.decode(FieldReader.of(value, r.version()));
    }

    static Ttlv encode(Credential c, KmipVersion version) {
        FieldWriter v = new FieldWriter(version);
        if (c instanceof Credential.UsernamePassword u) {
            v.text(Tag.USERNAME, u.username()).text(Tag.PASSWORD, u.password());
        } else if (c instanceof Credential.Device d) {
            v.text(Tag.DEVICE_SERIAL_NUMBER, d.deviceSerialNumber())
                    .text(Tag.PASSWORD, d.password())
                    .text(Tag.DEVICE_IDENTIFIER, d.deviceIdentifier())
                    .text(Tag.NETWORK_IDENTIFIER, d.networkIdentifier())
                    .text(Tag.MACHINE_IDENTIFIER, d.machineIdentifier())
                    .text(Tag.MEDIA_IDENTIFIER, d.mediaIdentifier());
        } else if (c instanceof Credential.Attestation a) {
            v.add(a.nonce().toTtlv())
                    .enumeration(Tag.ATTESTATION_TYPE, a.attestationType())
                    .bytes(Tag.ATTESTATION_MEASUREMENT, a.measurement())
                    .bytes(Tag.ATTESTATION_ASSERTION, a.assertion());
        } else if (c instanceof Credential.OneTimePassword o) {
            v.text(Tag.USERNAME, o.username())
                    .text(Tag.PASSWORD, o.password())
                    .text(Tag.ONE_TIME_PASSWORD, o.oneTimePassword());
        } else if (c instanceof Credential.HashedPassword h) {
            v.text(Tag.USERNAME, h.username())
                    .add(h.timestamp())
                    .enumeration(Tag.HASHING_ALGORITHM, h.hashingAlgorithm())
                    .secret(Tag.HASHED_PASSWORD, h.hashedPassword());
        } else if (c instanceof Credential.Ticket t) {
            v.add(new FieldWriter(version)
                    .enumeration(Tag.TICKET_TYPE, t.ticketType())
                    .secret(Tag.TICKET_VALUE, t.ticketValue())
                    .toStructure(Tag.TICKET));
        }
        Ttlv value = c instanceof Credential.Unknown u ? u.credentialValue() : v.toStructure(Tag.CREDENTIAL_VALUE);
        return Ttlv.structure(
                Tag.CREDENTIAL,
                Ttlv.enumeration(Tag.CREDENTIAL_TYPE, c.credentialType().value()),
                value);
    }
}
