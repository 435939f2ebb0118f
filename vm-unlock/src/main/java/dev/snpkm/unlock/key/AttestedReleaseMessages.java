package dev.snpkm.unlock.key;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.client.attestation.SnpEvidence;
import java.time.Instant;
import java.util.List;

/**
 * The requests of the attested release (ARCHITECTURE.md "The attested release"), built on kmip-core's typed
 * messages: a Register(ephemeral public key) + Get(wrapped to it) batch, without and then with the Attestation
 * credential. Kept apart from the flow so the typed client (branch client-api) can replace it whole.
 */
final class AttestedReleaseMessages {
    /** KMIP 2.1: the binding attribute is a Vendor Attribute there, and the Attestation credential exists. */
    static final KmipVersion VERSION = KmipVersion.V2_1;
    static final Bytes REGISTER_ID = Bytes.ofHex("01");
    static final Bytes GET_ID = Bytes.ofHex("02");
    /** Guest and appliance clocks may differ; an activation date this far back keeps the new key Active. */
    private static final long ACTIVATION_SLACK_SECONDS = 3600;

    private AttestedReleaseMessages() {
    }

    /**
     * Register the wrapping key and Get the disk key wrapped to it (ID Placeholder). Sent twice: first without
     * evidence, which a bound key answers with Attestation Required and a nonce (the gate judges the wrapping
     * request already, so a wrapped-only policy needs it in the first round too); then with the Attestation
     * credential.
     */
    static RequestMessage release(String keyId, byte[] wrappingSpki) {
        return release(keyId, wrappingSpki, RequestHeader.builder(VERSION).attestationCapable(true).build());
    }

    static RequestMessage release(String keyId, byte[] wrappingSpki, Nonce nonce, SnpEvidence evidence) {
        Credential.Attestation credential = new Credential.Attestation(nonce,
                EnumCode.of(AttestationType.SEV_SNP_REPORT), Bytes.of(evidence.report()),
                Bytes.of(evidence.certificateTable()));
        return release(keyId, wrappingSpki,
                RequestHeader.builder(VERSION).attestationCapable(true).credential(credential).build());
    }

    private static RequestMessage release(String keyId, byte[] wrappingSpki, RequestHeader header) {
        Register.Request register = Register.Request.of(
                new ManagedObject.PublicKey(new KeyBlock(EnumCode.of(KeyFormatType.X_509), null,
                        KeyValue.Plain.of(KeyMaterial.Raw.of(wrappingSpki)), EnumCode.of(CryptographicAlgorithm.RSA),
                        3072, null)),
                Attributes.of(
                        Attribute.of("Cryptographic Usage Mask",
                                Ttlv.integer(Tag.ATTRIBUTE_VALUE, CryptographicUsageMask.WRAP_KEY.value())),
                        Attribute.of("Activation Date", Ttlv.dateTime(Tag.ATTRIBUTE_VALUE,
                                Instant.now().getEpochSecond() - ACTIVATION_SLACK_SECONDS))));
        Get.Request get = new Get.Request(UniqueIdentifier.of(keyId), null, null, null,
                new KeyWrappingSpecification(EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(UniqueIdentifier.placeholder(), null), null, List.of(), null));
        return RequestMessage.of(header, List.of(RequestBatchItem.of(Operation.REGISTER, register).withId(REGISTER_ID),
                RequestBatchItem.of(Operation.GET, get).withId(GET_ID)));
    }
}
