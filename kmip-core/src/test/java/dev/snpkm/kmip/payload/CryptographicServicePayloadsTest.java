package dev.snpkm.kmip.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.RoundTrip;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.DerivationMethod;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseHeader;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cryptographic service payloads round-trip in every version that has them, with the fields that version has. */
class CryptographicServicePayloadsTest {
    private static final CryptographicParameters GCM = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.GCM)
            .cryptographicAlgorithm(CryptographicAlgorithm.AES)
            .build();
    private static final CryptographicParameters PSS = CryptographicParameters.builder()
            .paddingMethod(PaddingMethod.PSS)
            .hashingAlgorithm(HashingAlgorithm.SHA_256)
            .build();
    private static final UniqueIdentifier K = UniqueIdentifier.of("k");
    private static final Bytes B = Bytes.ofHex("0102");
    private static final Bytes CV = Bytes.ofHex("c0ffee");

    record Sample(Operation operation, RequestPayload request, ResponsePayload response) {}

    static List<Sample> samples(KmipVersion v) {
        boolean streams = v.isAtLeast(KmipVersion.V1_3);
        boolean aead = v.isAtLeast(KmipVersion.V1_4);
        StreamIndicators s = streams ? new StreamIndicators(CV, true, false) : null;
        Bytes cv = streams ? CV : null;
        Bytes ae = aead ? B : null;
        return List.of(
                new Sample(
                        Operation.ENCRYPT,
                        new Encrypt.Request(K, GCM, Secret.of(new byte[] {1}), B, s, ae),
                        new Encrypt.Response("k", B, B, cv, ae)),
                new Sample(
                        Operation.DECRYPT,
                        new Decrypt.Request(K, GCM, B, B, s, ae, ae),
                        new Decrypt.Response("k", Secret.of(new byte[] {2}), cv)),
                new Sample(Operation.SIGN, new Sign.Request(K, PSS, B, ae, s), new Sign.Response("k", B, cv)),
                new Sample(
                        Operation.SIGNATURE_VERIFY,
                        new SignatureVerify.Request(K, PSS, B, ae, B, s),
                        new SignatureVerify.Response("k", EnumCode.of(ValidityIndicator.VALID), B, cv)),
                new Sample(Operation.MAC, new Mac.Request(K, null, B, s), new Mac.Response("k", B, cv)),
                new Sample(
                        Operation.MAC_VERIFY,
                        new MacVerify.Request(null, null, B, B, s),
                        new MacVerify.Response("k", EnumCode.of(ValidityIndicator.INVALID), cv)),
                new Sample(Operation.HASH, new Hash.Request(PSS, B, s), new Hash.Response(B, cv)),
                new Sample(
                        Operation.RNG_RETRIEVE,
                        new RngRetrieve.Request(32),
                        new RngRetrieve.Response(Secret.of(new byte[32]))),
                new Sample(Operation.RNG_SEED, new RngSeed.Request(Secret.of(new byte[8])), new RngSeed.Response(0)),
                new Sample(
                        Operation.DERIVE_KEY,
                        new DeriveKey.Request(
                                EnumCode.of(ObjectType.SYMMETRIC_KEY),
                                List.of(K, UniqueIdentifier.of("k2")),
                                EnumCode.of(DerivationMethod.PBKDF2),
                                new DeriveKey.Parameters(PSS, B, B, CV, 4096),
                                Attributes.of(
                                        Attribute.of("Cryptographic Length", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 128)))),
                        new DeriveKey.Response("d", v.isTwoOrLater() ? null : Attributes.EMPTY)));
    }

    static Stream<Arguments> versionsAndSamples() {
        return Stream.of(KmipVersion.V1_2, KmipVersion.V1_3, KmipVersion.V1_4, KmipVersion.V2_0, KmipVersion.V2_1)
                .flatMap(v -> samples(v).stream().map(s -> Arguments.of(v, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndSamples")
    void requestRoundTrips(KmipVersion v, Sample s) throws Exception {
        RequestMessage m = RequestMessage.of(
                RequestHeader.builder(v).build(),
                List.of(RequestBatchItem.of(s.operation(), s.request()).withId(Bytes.ofHex("01"))));

        assertThat(RoundTrip.request(m)).isEqualTo(m);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndSamples")
    void responseRoundTrips(KmipVersion v, Sample s) throws Exception {
        ResponseMessage m = new ResponseMessage(
                ResponseHeader.of(v, 1_700_000_000L, 1),
                List.of(ResponseBatchItem.success(EnumCode.of(s.operation()), Bytes.ofHex("01"), s.response())));

        assertThat(RoundTrip.response(m)).isEqualTo(m);
    }

    @Test
    void streamingFieldsInAKmip12RequestAreInvalidFields() {
        assertThatThrownBy(() -> decode(
                        KmipVersion.V1_2,
                        new Mac.Request(K, null, B, new StreamIndicators(CV, null, true)),
                        Operation.MAC))
                .isInstanceOfSatisfying(KmipMappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ResultReason.INVALID_FIELD);
                    assertThat(e.getMessage()).contains("Correlation Value");
                });
    }

    @Test
    void authenticatedEncryptionFieldsInAKmip13RequestAreInvalidFields() {
        assertThatThrownBy(() -> decode(
                        KmipVersion.V1_3,
                        new Encrypt.Request(K, GCM, Secret.of(new byte[] {1}), B, null, B),
                        Operation.ENCRYPT))
                .isInstanceOfSatisfying(KmipMappingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ResultReason.INVALID_FIELD);
                    assertThat(e.getMessage()).contains("Authenticated Encryption Additional Data");
                });
    }

    @Test
    void hashWithoutCryptographicParametersIsMissingData() {
        assertThatThrownBy(() -> decode(KmipVersion.V1_4, new Hash.Request(null, B, null), Operation.HASH))
                .isInstanceOfSatisfying(
                        KmipMappingException.class, e -> assertThat(e.reason()).isEqualTo(ResultReason.MISSING_DATA));
    }

    private static void decode(KmipVersion v, RequestPayload p, Operation op) throws Exception {
        RoundTrip.request(RequestMessage.of(RequestHeader.builder(v).build(), List.of(RequestBatchItem.of(op, p))));
    }
}
