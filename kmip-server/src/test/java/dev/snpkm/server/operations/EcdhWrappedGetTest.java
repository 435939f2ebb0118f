package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EncodingOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Get wrapped to an EC public key (ECDH + AES key wrap, docs/KEY-WRAPPING.md) through the real engine: a bound key is
 * released to the EC key registered in the same batch and opens with the JDK's own ECDH, SHA-384 and AES-KW; every
 * malformed specification fails with its Result Reason before the gate is asked (so no nonce is spent on it).
 */
class EcdhWrappedGetTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] DEK = new byte[32];
    private static final CryptographicParameters KW = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
            .build();
    private static final CryptographicParameters KWP = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.AES_KEY_WRAP_PADDING)
            .build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    static KeyPair vmKey;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < DEK.length; i++) {
            DEK[i] = (byte) (0xA0 + i);
        }
        vmKey = ecKeyPair("secp384r1");
    }

    @BeforeEach
    void releaseWrappedOnly() {
        server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), false));
        server.gate.seen.clear();
    }

    static KeyPair ecKeyPair(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static String dek(boolean bound) {
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = owner.call(V, Operation.REGISTER, Requests.symmetricKey(DEK))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            if (bound) {
                assertThat(admin.call(
                                        V,
                                        Operation.ADD_ATTRIBUTE,
                                        new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")))
                                .isSuccess())
                        .isTrue();
            }
            return uid;
        }
    }

    private static String wrappingKey(KeyPair pair, CryptographicAlgorithm alg, int bits) {
        try (var owner = server.session(server.owner)) {
            return owner.call(
                            V,
                            Operation.REGISTER,
                            Requests.publicKey(
                                    pair.getPublic().getEncoded(),
                                    alg,
                                    bits,
                                    usage(CryptographicUsageMask.WRAP_KEY),
                                    activeSince(Instant.now().minusSeconds(5))))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
        }
    }

    private static Get.Request wrappedTo(
            String uid, UniqueIdentifier key, CryptographicParameters p, EncodingOption encoding) {
        return new Get.Request(
                UniqueIdentifier.of(uid),
                null,
                null,
                null,
                new KeyWrappingSpecification(
                        EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(key, p),
                        null,
                        List.of(),
                        encoding == null ? null : EnumCode.of(encoding)));
    }

    private static ResponseBatchItem get(String uid, String wrappingUid, CryptographicParameters p) {
        try (var owner = server.session(server.owner)) {
            return owner.call(V, Operation.GET, wrappedTo(uid, UniqueIdentifier.of(wrappingUid), p, null));
        }
    }

    private static KeyBlock block(ResponseBatchItem r) {
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return ((ManagedObject.SymmetricKey)
                        r.payload(Get.Response.class).orElseThrow().object())
                .keyBlock();
    }

    /** The recipient's side with the JDK alone, from docs/KEY-WRAPPING.md. */
    static byte[] unwrap(KeyPair recipient, byte[] wrapped, String aesKw) throws Exception {
        ECPublicKey pub = (ECPublicKey) recipient.getPublic();
        int field = (pub.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        int pointBytes = 1 + 2 * field;
        byte[] ephemeral = Arrays.copyOf(wrapped, pointBytes);
        ECPoint w = new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(ephemeral, 1, 1 + field)),
                new BigInteger(1, Arrays.copyOfRange(ephemeral, 1 + field, pointBytes)));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(recipient.getPrivate());
        ka.doPhase(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, pub.getParams())), true);
        byte[] z = ka.generateSecret();
        byte[] label = "KMIP-SNP-ECDH-A256KW-v1".getBytes(StandardCharsets.US_ASCII);
        byte[] own = uncompressed(pub, field);
        MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
        sha384.update(ByteBuffer.allocate(4).putInt(1).array());
        sha384.update(z);
        sha384.update(ByteBuffer.allocate(16 + label.length + 2 * pointBytes)
                .putInt(label.length)
                .put(label)
                .putInt(pointBytes)
                .put(ephemeral)
                .putInt(pointBytes)
                .put(own)
                .putInt(256)
                .array());
        Cipher c = Cipher.getInstance(aesKw);
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Arrays.copyOf(sha384.digest(), 32), "AES"));
        return c.doFinal(wrapped, pointBytes, wrapped.length - pointBytes);
    }

    private static byte[] uncompressed(ECPublicKey pub, int field) {
        byte[] out = new byte[1 + 2 * field];
        out[0] = 4;
        byte[] x = pub.getW().getAffineX().toByteArray();
        byte[] y = pub.getW().getAffineY().toByteArray();
        System.arraycopy(
                x,
                Math.max(0, x.length - field),
                out,
                1 + field - Math.min(field, x.length),
                Math.min(field, x.length));
        System.arraycopy(
                y,
                Math.max(0, y.length - field),
                out,
                out.length - Math.min(field, y.length),
                Math.min(field, y.length));
        return out;
    }

    private static byte[] keyMaterial(byte[] ttlvKeyValue) throws Exception {
        Ttlv.Structure keyValue = (Ttlv.Structure) new TtlvDecoder().decode(ttlvKeyValue);
        return ((Ttlv.ByteString) keyValue.child(Tag.KEY_MATERIAL).orElseThrow()).value();
    }

    @Test
    void aBoundKeyIsReleasedWrappedToTheEcKeyRegisteredInTheSameBatch() throws Exception {
        String uid = dek(true);
        Register.Request vm = Requests.publicKey(
                vmKey.getPublic().getEncoded(),
                CryptographicAlgorithm.EC,
                384,
                usage(CryptographicUsageMask.WRAP_KEY),
                activeSince(Instant.now().minusSeconds(5)));
        try (var owner = server.session(server.owner)) {
            List<ResponseBatchItem> items = owner.send(
                            RequestHeader.builder(V).build(),
                            List.of(
                                    RequestBatchItem.of(Operation.REGISTER, vm).withId(Bytes.ofHex("01")),
                                    RequestBatchItem.of(
                                                    Operation.GET,
                                                    wrappedTo(uid, UniqueIdentifier.placeholder(), KW, null))
                                            .withId(Bytes.ofHex("02"))))
                    .batchItems();
            KeyBlock block = block(items.get(1));
            assertThat(server.gate.seen)
                    .singleElement()
                    .satisfies(q -> assertThat(q.wrappingKeySpki())
                            .as("REPORT_DATA binds the EC SPKI")
                            .isEqualTo(vmKey.getPublic().getEncoded()));
            byte[] wrapped = ((KeyValue.Wrapped) block.keyValue()).bytes().toByteArray();
            assertThat(wrapped).hasSize(97 + 48 + 8); // P-384 point ‖ KW(TTLV Key Value of a 32-byte key)
            assertThat(keyMaterial(unwrap(vmKey, wrapped, "AES/KW/NoPadding"))).isEqualTo(DEK);
            assertThat(block.keyWrappingData().encryptionKey().parameters().blockCipherMode())
                    .contains(EnumCode.of(BlockCipherMode.NIST_KEY_WRAP));
        }
    }

    @Test
    void p256WithPaddedKeyWrapAndRawMaterialRoundTrips() throws Exception {
        KeyPair p256 = ecKeyPair("secp256r1");
        String wrapUid = wrappingKey(p256, CryptographicAlgorithm.EC, 256);
        try (var owner = server.session(server.owner)) {
            ResponseBatchItem r = owner.call(
                    V,
                    Operation.GET,
                    wrappedTo(dek(false), UniqueIdentifier.of(wrapUid), KWP, EncodingOption.NO_ENCODING));
            byte[] wrapped = ((KeyValue.Wrapped) block(r).keyValue()).bytes().toByteArray();
            assertThat(wrapped).hasSize(65 + 32 + 8);
            assertThat(unwrap(p256, wrapped, "AES/KWP/NoPadding")).isEqualTo(DEK);
        }
    }

    @Test
    void aWrongSpecificationForAnEcKeyFailsBeforeTheGateIsAsked() {
        String uid = dek(true);
        String wrapUid = wrappingKey(vmKey, CryptographicAlgorithm.EC, 384);
        record Case(CryptographicParameters p, ResultReason reason, String message) {}
        List<Case> cases = List.of(
                new Case(null, ResultReason.INVALID_FIELD, "Block Cipher Mode NISTKeyWrap or AESKeyWrapPadding"),
                new Case(
                        CryptographicParameters.builder()
                                .paddingMethod(PaddingMethod.OAEP)
                                .build(),
                        ResultReason.INVALID_FIELD,
                        "needs Cryptographic Parameters with Block Cipher Mode"),
                new Case(
                        CryptographicParameters.builder()
                                .blockCipherMode(BlockCipherMode.CBC)
                                .build(),
                        ResultReason.FEATURE_NOT_SUPPORTED,
                        "not CBC"),
                new Case(
                        CryptographicParameters.builder()
                                .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
                                .paddingMethod(PaddingMethod.OAEP)
                                .build(),
                        ResultReason.FEATURE_NOT_SUPPORTED,
                        "omit Padding Method"));
        for (Case c : cases) {
            ResponseBatchItem r = get(uid, wrapUid, c.p());
            assertThat(r.resultReason()).as(c.message()).isEqualTo(EnumCode.of(c.reason()));
            assertThat(r.resultMessage()).contains(c.message());
        }
        assertThat(server.gate.seen)
                .as("no nonce was spent on a request that could not be wrapped")
                .isEmpty();
    }

    @Test
    void aWrappingKeyOnAnotherCurveIsRefused() throws Exception {
        String wrapUid = wrappingKey(ecKeyPair("secp521r1"), CryptographicAlgorithm.EC, 521);
        ResponseBatchItem r = get(dek(false), wrapUid, KW);
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
        assertThat(r.resultMessage()).contains("P-256 and P-384").contains("secp521r1");
    }

    @Test
    void anRsaWrappingKeyAskedForAesKeyWrapIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String wrapUid = wrappingKey(g.generateKeyPair(), CryptographicAlgorithm.RSA, 2048);
        ResponseBatchItem r = get(dek(false), wrapUid, KW);
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
        assertThat(r.resultMessage()).contains("RSA wrapping key uses OAEP");
    }
}
