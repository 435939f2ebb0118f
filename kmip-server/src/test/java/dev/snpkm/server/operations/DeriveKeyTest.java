package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.DerivationMethod;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.DeriveKey;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Derive Key through the engine over TLS: each method against published vectors (RFC 6070 PBKDF2-HMAC-SHA1, RFC 4231
 * HMAC-SHA-256; IETF Trust) or the JDK computing the same, the Links between base and derived object, and the
 * refusals (usage mask, a method or length the server does not derive).
 */
class DeriveKeyTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void pbkdf2FromAPasswordMatchesRfc6070AndLinksBothObjects() {
        try (var s = server.session(server.owner)) {
            String password = secret(s, "password".getBytes(StandardCharsets.US_ASCII));
            // RFC 6070 §2, c = 2 and c = 4096, dkLen = 20 (PRF HMAC-SHA1, the default)
            for (var vector : List.of(
                    new Object[] {2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
                    new Object[] {4096, "4b007901b765489abead49d926f721d065a429c1"})) {
                String derived = derive(
                        s,
                        ObjectType.SECRET_DATA,
                        password,
                        DerivationMethod.PBKDF2,
                        new DeriveKey.Parameters(null, null, null, Bytes.of("salt".getBytes()), (Integer) vector[0]),
                        160,
                        null);
                assertThat(HEX.formatHex(material(s, derived))).isEqualTo(vector[1]);
                assertThat(links(s, derived)).containsExactly(Link.of(LinkType.DERIVATION_BASE_OBJECT_LINK, password));
                assertThat(links(s, password)).contains(Link.of(LinkType.DERIVED_KEY_LINK, derived));
            }
        }
    }

    @Test
    void aPbkdf2IterationCountOverTheBoundIsRefusedBeforeAnyWork() {
        try (var s = server.session(server.owner)) {
            String password = secret(s, "password".getBytes(StandardCharsets.US_ASCII));
            var tooMany = call(
                    s,
                    ObjectType.SECRET_DATA,
                    password,
                    DerivationMethod.PBKDF2,
                    new DeriveKey.Parameters(null, null, null, Bytes.of("salt".getBytes()), 1_000_001),
                    160,
                    null);
            assertThat(tooMany.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(tooMany.resultMessage()).contains("Iteration Count is 1 to 1000000, not 1000001");
        }
    }

    @Test
    void hmacMatchesRfc4231AndIsTruncatedToTheLengthAsked() {
        try (var s = server.session(server.owner)) {
            // RFC 4231 §4.2, Test Case 1
            String base = key(s, HEX.parseHex("0b".repeat(20)), CryptographicUsageMask.DERIVE_KEY);
            DeriveKey.Parameters p =
                    new DeriveKey.Parameters(sha256(), null, Bytes.of("Hi There".getBytes()), null, null);
            String derived = derive(s, ObjectType.SYMMETRIC_KEY, base, DerivationMethod.HMAC, p, 256, aes());
            assertThat(HEX.formatHex(material(s, derived)))
                    .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
            String half = derive(s, ObjectType.SYMMETRIC_KEY, base, DerivationMethod.HMAC, p, 128, aes());
            assertThat(HEX.formatHex(material(s, half))).isEqualTo("b0344c61d8db38535ca8afceaf0bf12b");

            var tooLong = call(s, ObjectType.SYMMETRIC_KEY, base, DerivationMethod.HMAC, p, 512, aes());
            assertThat(tooLong.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        }
    }

    @Test
    void hashEncryptAndCounterModeMatchTheJdk() throws Exception {
        byte[] data = "derivation data".getBytes();
        try (var s = server.session(server.owner)) {
            String base = key(s, KEY, CryptographicUsageMask.DERIVE_KEY);
            String hashed = derive(
                    s,
                    ObjectType.SECRET_DATA,
                    base,
                    DerivationMethod.HASH,
                    new DeriveKey.Parameters(sha256(), null, Bytes.of(data), null, null),
                    256,
                    null);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(KEY);
            assertThat(material(s, hashed)).isEqualTo(sha.digest(data));

            byte[] block = Arrays.copyOf(data, 16);
            String encrypted = derive(
                    s,
                    ObjectType.SYMMETRIC_KEY,
                    base,
                    DerivationMethod.ENCRYPT,
                    new DeriveKey.Parameters(
                            CryptographicParameters.builder()
                                    .blockCipherMode(BlockCipherMode.ECB)
                                    .build(),
                            null,
                            Bytes.of(block),
                            null,
                            null),
                    128,
                    aes());
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
            assertThat(material(s, encrypted)).isEqualTo(ecb.doFinal(block));

            String counter = derive(
                    s,
                    ObjectType.SECRET_DATA,
                    base,
                    DerivationMethod.NIST800_108_C,
                    new DeriveKey.Parameters(sha256(), null, Bytes.of(data), null, null),
                    48 * 8,
                    null);
            assertThat(material(s, counter)).isEqualTo(sp800108Counter(KEY, data, 48));
        }
    }

    @Test
    void theBaseNeedsTheDeriveKeyBitAndUnsupportedMethodsAreRefused() {
        try (var s = server.session(server.owner)) {
            String encryptOnly = key(s, KEY, CryptographicUsageMask.ENCRYPT);
            DeriveKey.Parameters p = new DeriveKey.Parameters(sha256(), null, Bytes.of(KEY), null, null);
            assertThat(call(s, ObjectType.SYMMETRIC_KEY, encryptOnly, DerivationMethod.HMAC, p, 128, aes())
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));
            String base = key(s, KEY, CryptographicUsageMask.DERIVE_KEY);
            assertThat(call(s, ObjectType.SYMMETRIC_KEY, base, DerivationMethod.NIST800_108_F, p, 128, aes())
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.BAD_CRYPTOGRAPHIC_PARAMETERS));
            assertThat(call(s, ObjectType.PUBLIC_KEY, base, DerivationMethod.HMAC, p, 128, aes())
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_OBJECT_TYPE));
            assertThat(call(s, ObjectType.SYMMETRIC_KEY, base, DerivationMethod.HMAC, p, 128, null)
                            .resultReason())
                    .as("a Symmetric Key needs its algorithm")
                    .isEqualTo(EnumCode.of(ResultReason.MISSING_DATA));
            assertThat(call(s, ObjectType.SYMMETRIC_KEY, base, DerivationMethod.HMAC, p, 200, aes())
                            .resultReason())
                    .as("no AES key of 200 bits")
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        }
    }

    /** SP 800-108 §4.1 counter mode, HMAC-SHA-256, a 32-bit big-endian counter from 1 before the fixed data. */
    private static byte[] sp800108Counter(byte[] key, byte[] fixed, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; out.size() < length; i++) {
            mac.update(ByteBuffer.allocate(4).putInt(i).array());
            out.write(mac.doFinal(fixed));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static CryptographicParameters sha256() {
        return CryptographicParameters.builder()
                .hashingAlgorithm(HashingAlgorithm.SHA_256)
                .build();
    }

    private static CryptographicAlgorithm aes() {
        return CryptographicAlgorithm.AES;
    }

    private static dev.snpkm.kmip.message.ResponseBatchItem call(
            EngineFixture.Session s,
            ObjectType type,
            String base,
            DerivationMethod method,
            DeriveKey.Parameters p,
            int bits,
            CryptographicAlgorithm algorithm) {
        Attributes template = Attributes.of(AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, bits));
        if (algorithm != null) {
            template = template.with(
                    AttributeFactory.enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, algorithm.value()));
        }
        return s.call(
                V,
                Operation.DERIVE_KEY,
                new DeriveKey.Request(
                        EnumCode.of(type), List.of(UniqueIdentifier.of(base)), EnumCode.of(method), p, template));
    }

    private static String derive(
            EngineFixture.Session s,
            ObjectType type,
            String base,
            DerivationMethod method,
            DeriveKey.Parameters p,
            int bits,
            CryptographicAlgorithm algorithm) {
        var r = call(s, type, base, method, p, bits, algorithm);
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(DeriveKey.Response.class).orElseThrow().uniqueIdentifier();
    }

    private static byte[] material(EngineFixture.Session s, String uid) {
        ManagedObject o = s.call(V, Operation.GET, Get.Request.of(uid))
                .payload(Get.Response.class)
                .orElseThrow()
                .object();
        KeyBlock block =
                o instanceof ManagedObject.SecretData d ? d.keyBlock() : ((ManagedObject.SymmetricKey) o).keyBlock();
        return ((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material())
                .bytes()
                .toByteArray();
    }

    private static List<Link> links(EngineFixture.Session s, String uid) {
        return s
                .call(
                        V,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(AttributeNames.LINK)))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes()
                .all(AttributeNames.LINK)
                .stream()
                .map(a -> (Link) a.value())
                .toList();
    }

    private static String key(EngineFixture.Session s, byte[] key, CryptographicUsageMask bit) {
        return register(
                s,
                new ManagedObject.SymmetricKey(KeyBlock.raw(
                        key,
                        key.length == 16 || key.length == 32
                                ? CryptographicAlgorithm.AES
                                : CryptographicAlgorithm.HMAC_SHA256,
                        key.length * 8)),
                bit);
    }

    private static String secret(EngineFixture.Session s, byte[] value) {
        return register(
                s,
                new ManagedObject.SecretData(
                        EnumCode.of(SecretDataType.PASSWORD),
                        new KeyBlock(
                                EnumCode.of(dev.snpkm.kmip.enums.KeyFormatType.OPAQUE),
                                null,
                                KeyValue.Plain.of(KeyMaterial.Raw.of(value)),
                                null,
                                null,
                                null)),
                CryptographicUsageMask.DERIVE_KEY);
    }

    private static String register(EngineFixture.Session s, ManagedObject o, CryptographicUsageMask bit) {
        Attribute active = activeSince(server.clock.instant().minusSeconds(60));
        return s.call(V, Operation.REGISTER, Register.Request.of(o, Attributes.of(usage(bit), active)))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }
}
