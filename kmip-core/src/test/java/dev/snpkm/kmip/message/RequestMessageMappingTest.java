package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.RoundTrip;
import dev.snpkm.kmip.enums.AsynchronousIndicator;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.CredentialType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.TicketType;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestMessageMappingTest {
    static final Nonce NONCE = new Nonce(Bytes.ofHex("01"), Bytes.ofHex("0001020304050607"));

    static Credential.Attestation sevSnpCredential() {
        return new Credential.Attestation(
                NONCE, EnumCode.of(AttestationType.SEV_SNP_REPORT), Bytes.of(new byte[1184]), Bytes.ofHex("C0FFEE"));
    }

    static RequestHeader fullHeader(KmipVersion v, int batchCount) {
        RequestHeader.Builder b = RequestHeader.builder(v)
                .maximumResponseSize(65536)
                .asynchronousIndicator(
                        v.isTwoOrLater() ? AsynchronousIndicator.MANDATORY : AsynchronousIndicator.OPTIONAL)
                .attestationCapable(true)
                .attestationType(EnumCode.of(AttestationType.SEV_SNP_REPORT))
                .attestationType(EnumCode.of(AttestationType.TPM_QUOTE))
                .credential(new Credential.UsernamePassword("alice", "secret"))
                .credential(new Credential.Device("SN1", "pw", "dev", "net", "machine", "media"))
                .credential(sevSnpCredential())
                .batchErrorContinuationOption(BatchErrorContinuationOption.STOP)
                .batchOrderOption(true)
                .timeStamp(1_700_000_000L)
                .batchCount(batchCount);
        if (v.isAtLeast(KmipVersion.V1_4)) {
            b.clientCorrelationValue("client-1").serverCorrelationValue("server-1");
        }
        if (v.isTwoOrLater()) {
            b.credential(new Credential.OneTimePassword("bob", null, "123456"))
                    .credential(new Credential.HashedPassword(
                            "carol",
                            Ttlv.dateTimeExtended(Tag.TIME_STAMP, 1L),
                            EnumCode.of(HashingAlgorithm.SHA_256),
                            Secret.of(new byte[32])))
                    .credential(new Credential.Ticket(EnumCode.of(TicketType.LOGIN), Secret.of(new byte[] {9})));
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1.2", "1.4", "2.0", "2.1"})
    void headerWithEveryFieldAndCredentialRoundTrips(String version) throws Exception {
        KmipVersion v = KmipVersion.parse(version);
        RequestMessage m = RequestMessage.of(
                fullHeader(v, 2),
                List.of(
                        RequestBatchItem.of(Operation.GET, Get.Request.of("uid-1"))
                                .withId(Bytes.ofHex("01")),
                        new RequestBatchItem(
                                EnumCode.of(Operation.GET),
                                v.isTwoOrLater() ? true : null,
                                Bytes.ofHex("02"),
                                Get.Request.of("uid-2"),
                                List.of(new MessageExtension(
                                        "x",
                                        false,
                                        Ttlv.structure(Tag.VENDOR_EXTENSION, Ttlv.integer(0x540001, 7)))))));
        assertThat(RoundTrip.request(m)).isEqualTo(m);
    }

    @Test
    void oneDotXBooleanAsynchronousIndicatorMapsToTheTwoDotXEnumeration() throws Exception {
        Ttlv tree = MessageMapper.toTtlv(RequestMessage.of(
                RequestHeader.builder(KmipVersion.V1_4)
                        .asynchronousIndicator(AsynchronousIndicator.OPTIONAL)
                        .build(),
                List.of(RequestBatchItem.of(Operation.GET, Get.Request.of("a")))));
        Ttlv.Structure header = (Ttlv.Structure)
                ((Ttlv.Structure) tree).child(Tag.REQUEST_HEADER).orElseThrow();
        assertThat(header.child(Tag.ASYNCHRONOUS_INDICATOR)).contains(Ttlv.bool(Tag.ASYNCHRONOUS_INDICATOR, true));
        assertThat(MessageMapper.requestFromTtlv(tree).header().asynchronousIndicator())
                .isEqualTo(EnumCode.of(AsynchronousIndicator.OPTIONAL));
    }

    @Test
    void attestationCredentialEncodesAsTheSpecStructure() {
        Ttlv cred = CredentialCodec.encode(
                new Credential.Attestation(
                        NONCE,
                        EnumCode.of(AttestationType.TPM_QUOTE),
                        Bytes.ofHex("FFFFFFFFFFFFFFFF"),
                        Bytes.ofHex("1111111111111111")),
                KmipVersion.V1_4);
        // KMIP publishes no Attestation credential example; this one is byte-identical to PyKMIP's unit-test encoding
        assertThat(cred)
                .isEqualTo(Ttlv.structure(
                        Tag.CREDENTIAL,
                        Ttlv.enumeration(Tag.CREDENTIAL_TYPE, CredentialType.ATTESTATION.value()),
                        Ttlv.structure(
                                Tag.CREDENTIAL_VALUE,
                                Ttlv.structure(
                                        Tag.NONCE,
                                        Ttlv.bytes(Tag.NONCE_ID, new byte[] {1}),
                                        Ttlv.bytes(Tag.NONCE_VALUE, new byte[] {0, 1, 2, 3, 4, 5, 6, 7})),
                                Ttlv.enumeration(Tag.ATTESTATION_TYPE, 1),
                                Ttlv.bytes(
                                        Tag.ATTESTATION_MEASUREMENT,
                                        Bytes.ofHex("FFFFFFFFFFFFFFFF").toByteArray()),
                                Ttlv.bytes(
                                        Tag.ATTESTATION_ASSERTION,
                                        Bytes.ofHex("1111111111111111").toByteArray()))));
    }

    @Test
    void serverFindsTheAttestationCredential() {
        RequestHeader h = fullHeader(KmipVersion.V2_1, 1);
        assertThat(h.isAttestationCapable()).isTrue();
        assertThat(h.attestationCredential()).contains(sevSnpCredential());
        assertThat(h.attestationCredential().get().attestationType().is(AttestationType.SEV_SNP_REPORT))
                .isTrue();
    }

    @Test
    void unknownCredentialTypeIsKeptRaw() throws Exception {
        Credential.Unknown vendor = new Credential.Unknown(
                EnumCode.of(CredentialType.class, 0x80000042),
                Ttlv.structure(Tag.CREDENTIAL_VALUE, Ttlv.text(0x540002, "token")));
        RequestMessage m = RequestMessage.of(
                RequestHeader.builder(KmipVersion.V2_1).credential(vendor).build(),
                List.of(RequestBatchItem.of(Operation.GET, Get.Request.of("a"))));
        assertThat(RoundTrip.request(m)).isEqualTo(m);
    }

    @Test
    void extensionOperationKeepsItsPayloadRaw() throws Exception {
        RequestMessage m = RequestMessage.of(
                RequestHeader.builder(KmipVersion.V1_4).build(),
                List.of(new RequestBatchItem(
                        EnumCode.of(Operation.class, 0x80000001),
                        null,
                        null,
                        new RawPayload(List.of(Ttlv.text(0x540003, "hello"))),
                        List.of())));
        assertThat(RoundTrip.request(m)).isEqualTo(m);
    }

    @Test
    void batchOrderDefaultsDifferBetweenVersions() {
        assertThat(RequestHeader.builder(KmipVersion.V1_4).build().batchOrderEffective())
                .isFalse();
        assertThat(RequestHeader.builder(KmipVersion.V2_1).build().batchOrderEffective())
                .isTrue();
    }

    @Test
    void toStringNeverShowsPasswords() {
        assertThat(fullHeader(KmipVersion.V2_1, 1).toString())
                .doesNotContain("secret")
                .doesNotContain("123456")
                .doesNotContain("pw,");
    }
}
