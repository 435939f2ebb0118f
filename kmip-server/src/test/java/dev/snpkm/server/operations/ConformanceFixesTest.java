package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Check;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Log;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Check, Log, Fresh, Transparent RSA Register and the 2.x not-found reason, through the engine over TLS. */
class ConformanceFixesTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void aPassedCheckAnswersOnlyTheIdentifierAndAFailedOneIsIncompatibleUsageMask() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            V,
                            Operation.REGISTER,
                            Requests.symmetricKey(new byte[16], usage(CryptographicUsageMask.ENCRYPT)))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var ok = s.call(
                            V,
                            Operation.CHECK,
                            new Check.Request(
                                    UniqueIdentifier.of(uid), null, CryptographicUsageMask.ENCRYPT.value(), null))
                    .payload(Check.Response.class)
                    .orElseThrow();
            assertThat(ok).isEqualTo(new Check.Response(uid, null, null, null));
            var denied = s.call(
                    V,
                    Operation.CHECK,
                    new Check.Request(UniqueIdentifier.of(uid), null, CryptographicUsageMask.DECRYPT.value(), null));
            assertThat(denied.resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));
        }
    }

    @Test
    void aCheckAskingMoreUsesThanAreLeftOrALongerLeaseFailsAndEmptiesTheIdPlaceholder() {
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    RequestHeader.builder(V)
                            .batchErrorContinuationOption(BatchErrorContinuationOption.CONTINUE)
                            .build(),
                    List.of(
                            item(
                                    1,
                                    Operation.REGISTER,
                                    Requests.symmetricKey(
                                            new byte[16],
                                            usage(CryptographicUsageMask.ENCRYPT),
                                            Attribute.of(
                                                    AttributeNames.USAGE_LIMITS,
                                                    new UsageLimits(2L, null, EnumCode.of(UsageLimitsUnit.OBJECT))))),
                            item(2, Operation.CHECK, new Check.Request(null, 5L, null, null)),
                            item(3, Operation.GET_ATTRIBUTES, new GetAttributes.Request(null, List.of()))));
            String uid = r.batchItems()
                    .get(0)
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(r.batchItems().get(1).resultReason()).isEqualTo(EnumCode.of(ResultReason.USAGE_LIMIT_EXCEEDED));
            assertThat(r.batchItems().get(2).isSuccess())
                    .as("the failed Check emptied the ID Placeholder")
                    .isFalse();
            assertThat(check(s, KmipVersion.V1_4, new Check.Request(UniqueIdentifier.of(uid), 3L, null, null))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(check(s, V, new Check.Request(UniqueIdentifier.of(uid), 2L, null, null))
                            .isSuccess())
                    .isTrue();

            long lease = ServerServices.DEFAULT_LEASE_TIME.toSeconds();
            assertThat(check(s, V, new Check.Request(UniqueIdentifier.of(uid), null, null, lease + 1))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(check(s, V, new Check.Request(UniqueIdentifier.of(uid), null, null, lease))
                            .isSuccess())
                    .isTrue();
        }
    }

    private static RequestBatchItem item(int id, Operation op, RequestPayload payload) {
        return RequestBatchItem.of(op, payload).withId(Bytes.of(new byte[] {(byte) id}));
    }

    private static ResponseBatchItem check(EngineFixture.Session s, KmipVersion v, Check.Request request) {
        return s.call(v, Operation.CHECK, request);
    }

    @Test
    void logSucceedsAndItsTextIsMadeSafeForOneBoundedLogLine() {
        try (var s = server.session(server.owner)) {
            assertThat(s.call(V, Operation.LOG, new Log.Request("hello")).isSuccess())
                    .isTrue();
        }
        assertThat(LogHandler.sanitize("a\nforged line\r\u0007")).isEqualTo("a?forged line??");
        String long1000 = "x".repeat(1000);
        assertThat(LogHandler.sanitize(long1000))
                .startsWith("x".repeat(LogHandler.MAX_LOGGED_CHARS) + "...[")
                .endsWith("488 more characters]");
    }

    @Test
    void aRegisteredKeyIsFreshUntilItIsServedAndAnUnknownIdentifierIsObjectNotFound() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16]))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(fresh(s, uid)).isTrue();
            assertThat(s.call(V, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isTrue();
            assertThat(fresh(s, uid)).isFalse();
            assertThat(s.call(V, Operation.GET, Get.Request.of("no-such-object"))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND));
        }
    }

    @Test
    void onlyTheFirstGetWritesAttributesLaterOnesLeaveLastChangeDateAlone() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16]))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            server.clock.advance(java.time.Duration.ofSeconds(10));
            // The clock is wall time plus the advances: on a loaded machine a Get may straddle a second boundary.
            long beforeFirstGet = server.clock.instant().getEpochSecond();
            assertThat(s.call(V, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isTrue();
            long afterFirstGet = server.clock.instant().getEpochSecond();
            long served = lastChangeDate(s, uid); // the first Get cleared Fresh: a change
            server.clock.advance(java.time.Duration.ofSeconds(10));
            assertThat(s.call(V, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isTrue();
            assertThat(served).isBetween(beforeFirstGet, afterFirstGet); // 10 s after the Register: the Get wrote it
            assertThat(lastChangeDate(s, uid)).isEqualTo(served);
        }
    }

    private static long lastChangeDate(EngineFixture.Session s, String uid) {
        return s.call(
                        V,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("Last Change Date")))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes()
                .item("Last Change Date", Ttlv.DateTime.class)
                .orElseThrow()
                .epochSeconds();
    }

    private static boolean fresh(EngineFixture.Session s, String uid) {
        return s.call(
                        V,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("Fresh")))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes()
                .item("Fresh", Ttlv.BooleanItem.class)
                .orElseThrow()
                .value();
    }

    @Test
    void aTransparentRsaPrivateKeyComesBackTransparentByDefaultAndAsTheSameKeyInPkcs8() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        Ttlv.Structure material = Ttlv.structure(
                Tag.KEY_MATERIAL,
                big("Modulus", k.getModulus()),
                big("Private Exponent", k.getPrivateExponent()),
                big("Public Exponent", k.getPublicExponent()),
                big("P", k.getPrimeP()),
                big("Q", k.getPrimeQ()),
                big("Prime Exponent P", k.getPrimeExponentP()),
                big("Prime Exponent Q", k.getPrimeExponentQ()),
                big("CRT Coefficient", k.getCrtCoefficient()));
        var request = Register.Request.of(
                new ManagedObject.PrivateKey(new KeyBlock(
                        EnumCode.of(KeyFormatType.TRANSPARENT_RSA_PRIVATE_KEY),
                        null,
                        KeyValue.Plain.of(new KeyMaterial.Transparent(material)),
                        EnumCode.of(CryptographicAlgorithm.RSA),
                        1024,
                        null)),
                Attributes.EMPTY);
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.REGISTER, request)
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var back = (ManagedObject.PrivateKey) s.call(V, Operation.GET, Get.Request.of(uid))
                    .payload(Get.Response.class)
                    .orElseThrow()
                    .object();
            assertThat(back.keyBlock().keyFormatType())
                    .isEqualTo(EnumCode.of(KeyFormatType.TRANSPARENT_RSA_PRIVATE_KEY));
            var t = ((KeyMaterial.Transparent) ((KeyValue.Plain) back.keyBlock().keyValue()).material()).structure();
            var modulus = (Ttlv.BigInt)
                    t.child(dev.snpkm.kmip.registry.KmipRegistry.get().tagValue("Modulus"))
                            .orElseThrow();
            assertThat(new BigInteger(modulus.encoded())).isEqualTo(k.getModulus());
            var pkcs8 = (ManagedObject.PrivateKey) s.call(
                            V,
                            Operation.GET,
                            new Get.Request(
                                    UniqueIdentifier.of(uid), EnumCode.of(KeyFormatType.PKCS_8), null, null, null))
                    .payload(Get.Response.class)
                    .orElseThrow()
                    .object();
            byte[] der = ((KeyMaterial.Raw) ((KeyValue.Plain) pkcs8.keyBlock().keyValue()).material())
                    .bytes()
                    .toByteArray();
            assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)))
                    .isEqualTo(k);
        }
    }

    private static Ttlv big(String name, BigInteger v) {
        return Ttlv.bigInteger(dev.snpkm.kmip.registry.KmipRegistry.get().tagValue(name), v);
    }
}
