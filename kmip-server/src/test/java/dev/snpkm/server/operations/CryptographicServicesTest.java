package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.MaskGenerator;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.Decrypt;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Hash;
import dev.snpkm.kmip.payload.Mac;
import dev.snpkm.kmip.payload.MacVerify;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RngRetrieve;
import dev.snpkm.kmip.payload.RngSeed;
import dev.snpkm.kmip.payload.Sign;
import dev.snpkm.kmip.payload.SignatureVerify;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cryptographic services through the engine over real TLS, each result checked against the JDK computing the same
 * thing with the same key, and the key checks (usage mask, state, Process Start / Protect Stop Dates) with their Result
 * Reasons in 1.4 and 2.1.
 */
class CryptographicServicesTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] AES_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] HMAC_KEY = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static final byte[] DATA = "attack at dawn, then again at dusk".getBytes();

    private static final KeyPair RSA = rsa();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aesGcmEncryptsAsTheJdkDoesAndATamperedTagIsACryptographicFailure() throws Exception {
        try (var s = server.session(server.owner)) {
            String uid = aes(s, AES_KEY, CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT);
            byte[] aad = "header".getBytes();
            Encrypt.Response e = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    mode(BlockCipherMode.GCM),
                                    Secret.of(DATA),
                                    null,
                                    null,
                                    Bytes.of(aad)))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            byte[] iv = e.ivCounterNonce().toByteArray();
            assertThat(iv).as("a fresh 96-bit IV, returned").hasSize(12);
            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(AES_KEY, "AES"), new GCMParameterSpec(128, iv));
            jdk.updateAAD(aad);
            byte[] expected = jdk.doFinal(DATA);
            assertThat(concat(e.data().toByteArray(), e.tag().toByteArray())).isEqualTo(expected);

            Decrypt.Response d = s.call(
                            V,
                            Operation.DECRYPT,
                            new Decrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    mode(BlockCipherMode.GCM),
                                    e.data(),
                                    e.ivCounterNonce(),
                                    null,
                                    Bytes.of(aad),
                                    e.tag()))
                    .payload(Decrypt.Response.class)
                    .orElseThrow();
            assertThat(d.data().toByteArray()).isEqualTo(DATA);

            byte[] bad = e.tag().toByteArray();
            bad[0] ^= 1;
            ResponseBatchItem tampered = s.call(
                    V,
                    Operation.DECRYPT,
                    new Decrypt.Request(
                            UniqueIdentifier.of(uid),
                            mode(BlockCipherMode.GCM),
                            e.data(),
                            e.ivCounterNonce(),
                            null,
                            Bytes.of(aad),
                            Bytes.of(bad)));
            assertThat(tampered.resultReason()).isEqualTo(EnumCode.of(ResultReason.CRYPTOGRAPHIC_FAILURE));
            assertThat(tampered.payload()).isNull();
        }
    }

    @Test
    void aesCbcEcbAndCtrMatchTheJdkAndDecryptNeedsTheIv() throws Exception {
        try (var s = server.session(server.owner)) {
            String uid = aes(s, AES_KEY, CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT);
            byte[] iv = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
            CryptographicParameters cbc = CryptographicParameters.builder()
                    .blockCipherMode(BlockCipherMode.CBC)
                    .paddingMethod(PaddingMethod.PKCS5)
                    .build();
            assertThat(encrypt(s, uid, cbc, DATA, iv)).isEqualTo(jdk("AES/CBC/PKCS5Padding", iv, DATA));
            assertThat(encrypt(s, uid, mode(BlockCipherMode.CTR), DATA, iv))
                    .isEqualTo(jdk("AES/CTR/NoPadding", iv, DATA));
            byte[] block = Arrays.copyOf(DATA, 32);
            assertThat(encrypt(s, uid, mode(BlockCipherMode.ECB), block, null))
                    .isEqualTo(jdk("AES/ECB/NoPadding", null, block));

            byte[] c = encrypt(s, uid, cbc, DATA, iv);
            assertThat(s.call(V, Operation.DECRYPT, Decrypt.Request.of(uid, cbc, c, null))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_MESSAGE));
            assertThat(s.call(V, Operation.DECRYPT, Decrypt.Request.of(uid, cbc, c, iv))
                            .payload(Decrypt.Response.class)
                            .orElseThrow()
                            .data()
                            .toByteArray())
                    .isEqualTo(DATA);
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, mode(BlockCipherMode.ECB), DATA))
                            .resultReason())
                    .as("ECB without padding takes whole blocks")
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, mode(BlockCipherMode.XTS), DATA))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.BAD_CRYPTOGRAPHIC_PARAMETERS));
        }
    }

    @Test
    void encryptNeedsTheEncryptBitAndAnActiveKeyWithTheRightReasonPerVersion() {
        try (var s = server.session(server.owner)) {
            String decryptOnly = aes(s, AES_KEY, CryptographicUsageMask.DECRYPT);
            var req = Encrypt.Request.of(decryptOnly, mode(BlockCipherMode.GCM), DATA);
            assertThat(s.call(V, Operation.ENCRYPT, req).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));
            assertThat(s.call(KmipVersion.V1_4, Operation.ENCRYPT, req).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));

            String preActive = s.call(
                            V,
                            Operation.REGISTER,
                            Requests.symmetricKey(
                                    AES_KEY, usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT)))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            ResponseBatchItem r =
                    s.call(V, Operation.ENCRYPT, Encrypt.Request.of(preActive, mode(BlockCipherMode.GCM), DATA));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));
            assertThat(r.resultMessage()).contains("Pre-Active", "needs an Active key");
        }
    }

    @Test
    void protectStopDateEndsEncryptAndProcessStartDateBeginsDecrypt() {
        try (var s = server.session(server.owner)) {
            long now = server.clock.instant().getEpochSecond();
            String uid = aes(
                    s,
                    AES_KEY,
                    List.of(
                            usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT),
                            AttributeFactory.date("Protect Stop Date", now - 60),
                            AttributeFactory.date("Process Start Date", now + 3600)));
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, mode(BlockCipherMode.ECB), new byte[16]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));
            assertThat(s.call(
                                    V,
                                    Operation.DECRYPT,
                                    Decrypt.Request.of(uid, mode(BlockCipherMode.ECB), new byte[16], null))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));
            assertThat(s.call(
                                    KmipVersion.V1_4,
                                    Operation.ENCRYPT,
                                    Encrypt.Request.of(uid, mode(BlockCipherMode.ECB), new byte[16]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    void anotherClientCannotUseTheKey() {
        try (var owner = server.session(server.owner);
                var other = server.session(server.other)) {
            String uid = aes(owner, AES_KEY, CryptographicUsageMask.ENCRYPT);
            assertThat(other.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, mode(BlockCipherMode.GCM), DATA))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    void rsaOaepAndPkcs1EncryptWithThePublicKeyAndDecryptWithThePrivateKey() {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response pair = rsaPair(s, CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT);
            for (CryptographicParameters p : List.of(
                    oaep(HashingAlgorithm.SHA_256),
                    CryptographicParameters.builder()
                            .paddingMethod(PaddingMethod.PKCS1_V1_5)
                            .build())) {
                byte[] c = s.call(V, Operation.ENCRYPT, Encrypt.Request.of(pair.publicKeyUniqueIdentifier(), p, DATA))
                        .payload(Encrypt.Response.class)
                        .orElseThrow()
                        .data()
                        .toByteArray();
                assertThat(c).hasSize(256);
                assertThat(s.call(
                                        V,
                                        Operation.DECRYPT,
                                        Decrypt.Request.of(pair.privateKeyUniqueIdentifier(), p, c, null))
                                .payload(Decrypt.Response.class)
                                .orElseThrow()
                                .data()
                                .toByteArray())
                        .isEqualTo(DATA);
            }
            assertThat(s.call(
                                    V,
                                    Operation.ENCRYPT,
                                    Encrypt.Request.of(
                                            pair.privateKeyUniqueIdentifier(), oaep(HashingAlgorithm.SHA_256), DATA))
                            .resultReason())
                    .as("Encrypt takes the public key")
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_OBJECT_TYPE));
        }
    }

    @Test
    void rsaPssAndPkcs1SignaturesVerifyInTheJdkAndTheServer() throws Exception {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response pair = rsaPair(s, CryptographicUsageMask.SIGN, CryptographicUsageMask.VERIFY);
            PublicKey pub = publicKey(s, pair.publicKeyUniqueIdentifier(), "RSA");
            CryptographicParameters pss = CryptographicParameters.builder()
                    .paddingMethod(PaddingMethod.PSS)
                    .hashingAlgorithm(HashingAlgorithm.SHA_256)
                    .build();
            byte[] sig = sign(s, pair.privateKeyUniqueIdentifier(), pss, DATA);
            Signature jdk = Signature.getInstance("RSASSA-PSS");
            jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            jdk.initVerify(pub);
            jdk.update(DATA);
            assertThat(jdk.verify(sig)).isTrue();
            assertThat(verify(s, pair.publicKeyUniqueIdentifier(), pss, DATA, sig))
                    .isEqualTo(ValidityIndicator.VALID);
            assertThat(verify(s, pair.publicKeyUniqueIdentifier(), pss, "other".getBytes(), sig))
                    .isEqualTo(ValidityIndicator.INVALID);

            CryptographicParameters pkcs1 = CryptographicParameters.builder()
                    .paddingMethod(PaddingMethod.PKCS1_V1_5)
                    .hashingAlgorithm(HashingAlgorithm.SHA_256)
                    .build();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);
            byte[] overDigest = s.call(
                            V,
                            Operation.SIGN,
                            new Sign.Request(
                                    UniqueIdentifier.of(pair.privateKeyUniqueIdentifier()),
                                    pkcs1,
                                    null,
                                    Bytes.of(digest),
                                    null))
                    .payload(Sign.Response.class)
                    .orElseThrow()
                    .signatureData()
                    .toByteArray();
            Signature sha256WithRsa = Signature.getInstance("SHA256withRSA");
            sha256WithRsa.initVerify(pub);
            sha256WithRsa.update(DATA);
            assertThat(sha256WithRsa.verify(overDigest))
                    .as("Digested Data signs as the data would")
                    .isTrue();
            assertThat(sign(s, pair.privateKeyUniqueIdentifier(), pkcs1, DATA)).isEqualTo(overDigest);
        }
    }

    @Test
    void ecdsaSignaturesVerify() throws Exception {
        try (var s = server.session(server.owner)) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            String priv = register(
                    s,
                    new ManagedObject.PrivateKey(new KeyBlock(
                            EnumCode.of(KeyFormatType.PKCS_8),
                            null,
                            KeyValue.Plain.of(KeyMaterial.Raw.of(kp.getPrivate().getEncoded())),
                            EnumCode.of(CryptographicAlgorithm.EC),
                            256,
                            null)),
                    CryptographicUsageMask.SIGN);
            String pub = register(
                    s,
                    new ManagedObject.PublicKey(new KeyBlock(
                            EnumCode.of(KeyFormatType.X_509),
                            null,
                            KeyValue.Plain.of(KeyMaterial.Raw.of(kp.getPublic().getEncoded())),
                            EnumCode.of(CryptographicAlgorithm.EC),
                            256,
                            null)),
                    CryptographicUsageMask.VERIFY);
            CryptographicParameters sha256 = CryptographicParameters.builder()
                    .hashingAlgorithm(HashingAlgorithm.SHA_256)
                    .build();
            byte[] sig = sign(s, priv, sha256, DATA);
            Signature jdk = Signature.getInstance("SHA256withECDSA");
            jdk.initVerify(kp.getPublic());
            jdk.update(DATA);
            assertThat(jdk.verify(sig)).isTrue();
            assertThat(verify(s, pub, sha256, DATA, sig)).isEqualTo(ValidityIndicator.VALID);
            assertThat(verify(s, pub, sha256, DATA, new byte[] {1, 2, 3})).isEqualTo(ValidityIndicator.INVALID);
        }
    }

    @Test
    void hmacMatchesRfc4231AndMacVerifyComparesIt() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            V,
                            Operation.REGISTER,
                            Register.Request.of(
                                    new ManagedObject.SymmetricKey(
                                            KeyBlock.raw(HMAC_KEY, CryptographicAlgorithm.HMAC_SHA256, 160)),
                                    Attributes.of(
                                            usage(
                                                    CryptographicUsageMask.MAC_GENERATE,
                                                    CryptographicUsageMask.MAC_VERIFY),
                                            activeSince(server.clock.instant().minusSeconds(60)))))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            byte[] hiThere = "Hi There".getBytes();
            // RFC 4231 §4.2, test case 1, HMAC-SHA-256
            byte[] expected =
                    HexFormat.of().parseHex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
            assertThat(s.call(V, Operation.MAC, Mac.Request.of(uid, null, hiThere))
                            .payload(Mac.Response.class)
                            .orElseThrow()
                            .macData()
                            .toByteArray())
                    .isEqualTo(expected);
            assertThat(s.call(V, Operation.MAC_VERIFY, MacVerify.Request.of(uid, null, hiThere, expected))
                            .payload(MacVerify.Response.class)
                            .orElseThrow()
                            .validityIndicator())
                    .isEqualTo(EnumCode.of(ValidityIndicator.VALID));
            expected[31] ^= 1;
            assertThat(s.call(V, Operation.MAC_VERIFY, MacVerify.Request.of(uid, null, hiThere, expected))
                            .payload(MacVerify.Response.class)
                            .orElseThrow()
                            .validityIndicator())
                    .isEqualTo(EnumCode.of(ValidityIndicator.INVALID));
        }
    }

    @Test
    void aesGcmInPartsEqualsTheSingleShotAndTheStreamIsTheOpenersAlone() {
        try (var s = server.session(server.owner);
                var other = server.session(server.other)) {
            String uid = aes(s, AES_KEY, CryptographicUsageMask.ENCRYPT);
            Bytes iv = Bytes.ofHex("cafebabefacedbaddecaf888");
            CryptographicParameters gcm = mode(BlockCipherMode.GCM);
            Encrypt.Response whole = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(UniqueIdentifier.of(uid), gcm, Secret.of(DATA), iv, null, null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();

            Encrypt.Response first = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    gcm,
                                    Secret.of(Arrays.copyOf(DATA, 10)),
                                    iv,
                                    new StreamIndicators(null, true, null),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            Bytes cv = first.correlationValue();
            assertThat(cv).isNotNull();
            assertThat(other.call(
                                    V,
                                    Operation.ENCRYPT,
                                    new Encrypt.Request(
                                            UniqueIdentifier.of(uid),
                                            gcm,
                                            Secret.of(new byte[1]),
                                            null,
                                            new StreamIndicators(cv, null, null),
                                            null))
                            .resultReason())
                    .isIn(
                            EnumCode.of(ResultReason.INVALID_CORRELATION_VALUE),
                            EnumCode.of(ResultReason.PERMISSION_DENIED));
            Encrypt.Response middle = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    null,
                                    gcm,
                                    Secret.of(Arrays.copyOfRange(DATA, 10, 20)),
                                    null,
                                    new StreamIndicators(cv, null, null),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            Encrypt.Response last = s.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    null,
                                    gcm,
                                    Secret.of(Arrays.copyOfRange(DATA, 20, DATA.length)),
                                    null,
                                    new StreamIndicators(cv, null, true),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            assertThat(concat(
                            first.data().toByteArray(),
                            middle.data().toByteArray(),
                            last.data().toByteArray()))
                    .isEqualTo(whole.data().toByteArray());
            assertThat(last.tag()).isEqualTo(whole.tag());
            assertThat(s.call(
                                    V,
                                    Operation.ENCRYPT,
                                    new Encrypt.Request(
                                            null,
                                            gcm,
                                            Secret.of(new byte[1]),
                                            null,
                                            new StreamIndicators(cv, null, true),
                                            null))
                            .resultReason())
                    .as("a finished stream is gone")
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_CORRELATION_VALUE));
        }
    }

    @Test
    void hashRngRetrieveAndRngSeed() throws Exception {
        try (var s = server.session(server.owner)) {
            CryptographicParameters sha512 = CryptographicParameters.builder()
                    .hashingAlgorithm(HashingAlgorithm.SHA_512)
                    .build();
            assertThat(s.call(V, Operation.HASH, new Hash.Request(sha512, Bytes.of(DATA), null))
                            .payload(Hash.Response.class)
                            .orElseThrow()
                            .data()
                            .toByteArray())
                    .isEqualTo(MessageDigest.getInstance("SHA-512").digest(DATA));
            assertThat(s.call(
                                    V,
                                    Operation.HASH,
                                    new Hash.Request(
                                            CryptographicParameters.builder()
                                                    .hashingAlgorithm(HashingAlgorithm.MD5)
                                                    .build(),
                                            Bytes.of(DATA),
                                            null))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.BAD_CRYPTOGRAPHIC_PARAMETERS));

            byte[] a = s.call(V, Operation.RNG_RETRIEVE, new RngRetrieve.Request(32))
                    .payload(RngRetrieve.Response.class)
                    .orElseThrow()
                    .data()
                    .toByteArray();
            byte[] b = s.call(V, Operation.RNG_RETRIEVE, new RngRetrieve.Request(32))
                    .payload(RngRetrieve.Response.class)
                    .orElseThrow()
                    .data()
                    .toByteArray();
            assertThat(a).hasSize(32).isNotEqualTo(b);
            assertThat(s.call(V, Operation.RNG_RETRIEVE, new RngRetrieve.Request(RngRetrieveHandler.MAX_LENGTH + 1))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(s.call(V, Operation.RNG_SEED, new RngSeed.Request(Secret.of(new byte[2000])))
                            .payload(RngSeed.Response.class)
                            .orElseThrow()
                            .dataLength())
                    .isEqualTo(RngSeedHandler.MAX_ACCEPTED);
        }
    }

    @Test
    void queryListsTheCryptographicServices() {
        try (var s = server.session(server.owner)) {
            assertThat(s.call(
                                    V,
                                    Operation.QUERY,
                                    new Query.Request(List.of(EnumCode.of(QueryFunction.QUERY_OPERATIONS))))
                            .payload(Query.Response.class)
                            .orElseThrow()
                            .operations())
                    .contains(
                            EnumCode.of(Operation.ENCRYPT),
                            EnumCode.of(Operation.DECRYPT),
                            EnumCode.of(Operation.SIGN),
                            EnumCode.of(Operation.SIGNATURE_VERIFY),
                            EnumCode.of(Operation.MAC),
                            EnumCode.of(Operation.MAC_VERIFY),
                            EnumCode.of(Operation.HASH),
                            EnumCode.of(Operation.RNG_RETRIEVE),
                            EnumCode.of(Operation.RNG_SEED),
                            EnumCode.of(Operation.DERIVE_KEY));
        }
    }

    // --- helpers

    static CryptographicParameters mode(BlockCipherMode m) {
        return CryptographicParameters.builder().blockCipherMode(m).build();
    }

    static CryptographicParameters oaep(HashingAlgorithm h) {
        return CryptographicParameters.builder()
                .paddingMethod(PaddingMethod.OAEP)
                .hashingAlgorithm(h)
                .maskGenerator(MaskGenerator.MFG1)
                .maskGeneratorHashingAlgorithm(h)
                .build();
    }

    private static String aes(EngineFixture.Session s, byte[] key, CryptographicUsageMask... bits) {
        return aes(s, key, List.of(usage(bits)));
    }

    private static String aes(EngineFixture.Session s, byte[] key, List<Attribute> more) {
        Attribute[] all = new Attribute[more.size() + 1];
        more.toArray(all);
        all[more.size()] = activeSince(server.clock.instant().minusSeconds(60));
        return s.call(V, Operation.REGISTER, Requests.symmetricKey(key, all))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static String register(EngineFixture.Session s, ManagedObject o, CryptographicUsageMask bit) {
        return s.call(
                        V,
                        Operation.REGISTER,
                        Register.Request.of(
                                o,
                                Attributes.of(
                                        usage(bit),
                                        activeSince(server.clock.instant().minusSeconds(60)))))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    /** An RSA-2048 pair generated here once (not by Create Key Pair, which a loaded machine can make slow). */
    static CreateKeyPair.Response rsaPair(EngineFixture.Session s, CryptographicUsageMask... bits) {
        Attributes a =
                Attributes.of(usage(bits), activeSince(server.clock.instant().minusSeconds(60)));
        String priv = s.call(
                        V,
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.PrivateKey(new KeyBlock(
                                        EnumCode.of(KeyFormatType.PKCS_8),
                                        null,
                                        KeyValue.Plain.of(KeyMaterial.Raw.of(
                                                RSA.getPrivate().getEncoded())),
                                        EnumCode.of(CryptographicAlgorithm.RSA),
                                        2048,
                                        null)),
                                a))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
        String pub = s.call(
                        V,
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.PublicKey(new KeyBlock(
                                        EnumCode.of(KeyFormatType.X_509),
                                        null,
                                        KeyValue.Plain.of(KeyMaterial.Raw.of(
                                                RSA.getPublic().getEncoded())),
                                        EnumCode.of(CryptographicAlgorithm.RSA),
                                        2048,
                                        null)),
                                a))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
        return new CreateKeyPair.Response(priv, pub, null, null);
    }

    private static PublicKey publicKey(EngineFixture.Session s, String uid, String family) throws Exception {
        ManagedObject o = s.call(
                        V,
                        Operation.GET,
                        new Get.Request(UniqueIdentifier.of(uid), EnumCode.of(KeyFormatType.X_509), null, null, null))
                .payload(Get.Response.class)
                .orElseThrow()
                .object();
        KeyValue.Plain plain =
                (KeyValue.Plain) ((ManagedObject.PublicKey) o).keyBlock().keyValue();
        byte[] spki = ((KeyMaterial.Raw) plain.material()).bytes().toByteArray();
        return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(spki));
    }

    private static byte[] encrypt(
            EngineFixture.Session s, String uid, CryptographicParameters p, byte[] data, byte[] iv) {
        return s.call(
                        V,
                        Operation.ENCRYPT,
                        new Encrypt.Request(
                                UniqueIdentifier.of(uid),
                                p,
                                Secret.of(data),
                                iv == null ? null : Bytes.of(iv),
                                null,
                                null))
                .payload(Encrypt.Response.class)
                .orElseThrow()
                .data()
                .toByteArray();
    }

    private static byte[] jdk(String transformation, byte[] iv, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance(transformation);
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(AES_KEY, "AES"), iv == null ? null : new IvParameterSpec(iv));
        return c.doFinal(data);
    }

    private static byte[] sign(EngineFixture.Session s, String uid, CryptographicParameters p, byte[] data) {
        return s.call(V, Operation.SIGN, Sign.Request.of(uid, p, data))
                .payload(Sign.Response.class)
                .orElseThrow()
                .signatureData()
                .toByteArray();
    }

    private static ValidityIndicator verify(
            EngineFixture.Session s, String uid, CryptographicParameters p, byte[] data, byte[] sig) {
        return s.call(V, Operation.SIGNATURE_VERIFY, SignatureVerify.Request.of(uid, p, data, sig))
                .payload(SignatureVerify.Response.class)
                .orElseThrow()
                .validityIndicator()
                .known()
                .orElseThrow();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
