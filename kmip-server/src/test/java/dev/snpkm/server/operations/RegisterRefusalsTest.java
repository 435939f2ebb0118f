package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingData;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registers the review found mishandled: a 1.x Key Block carrying Key Wrapping Data (stored and later returned as if
 * it were the plain key, OASIS TC-WRAP-1/2/3-14), and a public key with an empty or malformed SPKI or a Name longer
 * than the store holds (General Failure with an ERROR stack trace). Each is now refused with a named reason and
 * nothing is stored.
 */
class RegisterRefusalsTest {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static int objectsNamed(EngineFixture.Session s, String name) {
        return s.call(KmipVersion.V2_1, Operation.LOCATE, Locate.Request.of(Attributes.of(Requests.name(name))))
                .payload(Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers()
                .size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1.2", "1.4"})
    void a1xKeyBlockWithKeyWrappingDataIsRefusedNotStoredAsPlain(String version) {
        String name = "wrapped-" + UUID.randomUUID();
        KeyWrappingData wrapping = new KeyWrappingData(
                EnumCode.of(WrappingMethod.ENCRYPT),
                new KeyInformation(UniqueIdentifier.of("some-kek"), null),
                null,
                null,
                null,
                null);
        KeyBlock block = new KeyBlock(
                EnumCode.of(KeyFormatType.RAW),
                null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(new byte[40])),
                EnumCode.of(CryptographicAlgorithm.AES),
                256,
                wrapping);
        try (var s = server.session(server.owner)) {
            ResponseBatchItem r = s.call(
                    KmipVersion.parse(version),
                    Operation.REGISTER,
                    Register.Request.of(new ManagedObject.SymmetricKey(block), Attributes.of(Requests.name(name))));
            assertThat(r.resultReason())
                    .as(r.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
            assertThat(r.resultMessage()).contains("Key Wrapping Data");
            assertThat(objectsNamed(s, name)).isZero();
        }
    }

    @Test
    void aPublicKeyWithAnEmptyOrMalformedSpkiIsInvalidField() {
        try (var s = server.session(server.owner)) {
            for (byte[] spki : List.of(
                    new byte[0], new byte[] {0x30, 0x03, 0x02, 0x01}, new byte[] {0x04, 0x00}, new byte[] {0x30, 0x00
                    })) {
                ResponseBatchItem r = s.call(
                        KmipVersion.V1_4,
                        Operation.REGISTER,
                        Requests.publicKey(spki, CryptographicAlgorithm.RSA, 2048));
                assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
                assertThat(r.resultMessage()).contains("not a valid");
            }
        }
    }

    /** Re-key makes the replacement to this length: it must be the key's (2^23 bits made a 1 MiB key). */
    @Test
    void aSymmetricKeyWhoseCryptographicLengthIsNotItsBytesIsInvalidField() {
        String name = "length-" + UUID.randomUUID();
        try (var s = server.session(server.owner)) {
            for (Register.Request r : List.of(
                    Register.Request.of(
                            new ManagedObject.SymmetricKey(
                                    KeyBlock.raw(new byte[32], CryptographicAlgorithm.AES, 8_388_608)),
                            Attributes.of(Requests.name(name))),
                    Requests.symmetricKey(
                            new byte[32], Requests.name(name), AttributeFactory.integer("Cryptographic Length", -8)))) {
                ResponseBatchItem refused = s.call(KmipVersion.V2_1, Operation.REGISTER, r);
                assertThat(refused.resultReason())
                        .as(refused.resultMessage())
                        .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
                assertThat(refused.resultMessage()).contains("does not match the 256-bit key");
            }
            assertThat(objectsNamed(s, name)).isZero();
            ResponseBatchItem tripleDes = s.call(
                    KmipVersion.V2_1,
                    Operation.REGISTER,
                    Register.Request.of(
                            new ManagedObject.SymmetricKey(
                                    KeyBlock.raw(new byte[24], CryptographicAlgorithm.TRIPLE_DES, 168)),
                            Attributes.EMPTY));
            assertThat(tripleDes.isSuccess())
                    .as("3DES states its effective 168 bits, as Create does: " + tripleDes.resultMessage())
                    .isTrue();
        }
    }

    /** An unlock client would enroll whatever the key manager serves as a disk key: a 1-byte "AES" key is refused. */
    @Test
    void anAesKeyOfAnotherSizeThanAesHasIsInvalidField() {
        String name = "aes-size-" + UUID.randomUUID();
        try (var s = server.session(server.owner)) {
            for (int bytes : new int[] {1, 8, 31, 33, 48, 65}) {
                ResponseBatchItem refused = s.call(
                        KmipVersion.V2_1,
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.SymmetricKey(
                                        KeyBlock.raw(new byte[bytes], CryptographicAlgorithm.AES, bytes * 8)),
                                Attributes.of(Requests.name(name))));
                assertThat(refused.resultReason())
                        .as(refused.resultMessage())
                        .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
                assertThat(refused.resultMessage())
                        .isEqualTo("an AES key is 128, 192 or 256 bits (512 for XTS), not " + bytes * 8);
            }
            assertThat(objectsNamed(s, name)).isZero();
            for (int bytes : new int[] {16, 24, 32, 64}) {
                ResponseBatchItem ok = s.call(
                        KmipVersion.V2_1,
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.SymmetricKey(
                                        KeyBlock.raw(new byte[bytes], CryptographicAlgorithm.AES, bytes * 8)),
                                Attributes.of(Requests.name(name + "-" + bytes))));
                assertThat(ok.isSuccess()).as(ok.resultMessage()).isTrue();
            }
        }
    }

    /**
     * A private key's PKCS#8 is parsed as a public key's SPKI is: {1, 2, 3} was stored, and a Get of it as PKCS#1 then
     * failed General Failure. An RSA key's inner RSAPrivateKey too, which PKCS#1 returns.
     */
    @Test
    void aPrivateKeyWithMalformedPkcs8IsInvalidField() throws Exception {
        byte[] notRsa = new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        new DERSequence(new ASN1Integer(0)))
                .getEncoded();
        String name = "pkcs8-" + UUID.randomUUID();
        try (var s = server.session(server.owner)) {
            for (byte[] pkcs8 : List.of(new byte[] {1, 2, 3}, new byte[0], notRsa)) {
                ResponseBatchItem r = s.call(
                        KmipVersion.V2_1,
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.PrivateKey(new KeyBlock(
                                        EnumCode.of(KeyFormatType.PKCS_8),
                                        null,
                                        KeyValue.Plain.of(KeyMaterial.Raw.of(pkcs8)),
                                        EnumCode.of(CryptographicAlgorithm.RSA),
                                        2048,
                                        null)),
                                Attributes.of(Requests.name(name))));
                assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
                assertThat(r.resultMessage())
                        .contains("not a valid PKCS_8 private key")
                        .doesNotContain("\n");
            }
            assertThat(objectsNamed(s, name)).isZero();
        }
    }

    @Test
    void aNameLongerThanTheStoreHoldsIsInvalidField() {
        try (var s = server.session(server.owner)) {
            ResponseBatchItem r = s.call(
                    KmipVersion.V2_1,
                    Operation.REGISTER,
                    Requests.symmetricKey(new byte[32], Requests.name("n".repeat(1_025))));
            assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(r.resultMessage()).contains("longer than 1024");
            assertThat(s.call(
                                    KmipVersion.V2_1,
                                    Operation.REGISTER,
                                    Requests.symmetricKey(new byte[32], Requests.name("n".repeat(1_024) + "")))
                            .isSuccess())
                    .isTrue();
        }
    }
}
