package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Decrypt;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ChaCha20 and ChaCha20-Poly1305 Encrypt/Decrypt through the engine over TLS, checked against the JDK (the OASIS
 * CS-BC-M-CHACHA20* cases check the 8-byte nonce form and RFC 8439's vector); and the bound on what an AEAD Decrypt
 * stream holds back, shown on AES-GCM.
 */
class ChaChaServicesTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] DATA = "a stream cipher needs no padding at all".getBytes();
    private static final CryptographicParameters NONE =
            CryptographicParameters.builder().build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void chaCha20TakesA12ByteNonceOrA16ByteCounterAndNonceAsTheJdkDoes() throws Exception {
        try (var s = server.session(server.owner)) {
            String uid = register(s, CryptographicAlgorithm.CHACHA20);
            byte[] nonce = HexFormat.of().parseHex("000000000000004a00000000");
            assertThat(encrypt(s, uid, nonce)).isEqualTo(jdkChaCha20(nonce, 0));
            byte[] counterAndNonce = new byte[16];
            counterAndNonce[0] = 1; // little-endian initial counter 1 (RFC 8439 §2.4.2)
            System.arraycopy(nonce, 0, counterAndNonce, 4, 12);
            byte[] c = encrypt(s, uid, counterAndNonce);
            assertThat(c).isEqualTo(jdkChaCha20(nonce, 1));
            assertThat(s.call(V, Operation.DECRYPT, Decrypt.Request.of(uid, NONE, c, counterAndNonce))
                            .payload(Decrypt.Response.class)
                            .orElseThrow()
                            .data()
                            .toByteArray())
                    .isEqualTo(DATA);
            assertThat(s.call(V, Operation.ENCRYPT, encryptRequest(uid, new byte[10]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.BAD_CRYPTOGRAPHIC_PARAMETERS));
            assertThat(s.call(V, Operation.DECRYPT, Decrypt.Request.of(uid, NONE, c, null))
                            .resultReason())
                    .as("Decrypt needs the nonce")
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_MESSAGE));
        }
    }

    @Test
    void chaCha20Poly1305GeneratesANonceMatchesTheJdkAndStreams() throws Exception {
        try (var s = server.session(server.owner)) {
            String uid = register(s, CryptographicAlgorithm.CHACHA20POLY1305);
            CryptographicParameters aead = CryptographicParameters.builder()
                    .blockCipherMode(BlockCipherMode.AEAD)
                    .build();
            Encrypt.Response e = s.call(V, Operation.ENCRYPT, Encrypt.Request.of(uid, aead, DATA))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            byte[] nonce = e.ivCounterNonce().toByteArray();
            assertThat(nonce).hasSize(12);
            Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"), new IvParameterSpec(nonce));
            byte[] expected = jdk.doFinal(DATA);
            assertThat(e.data().toByteArray()).isEqualTo(Arrays.copyOf(expected, DATA.length));
            assertThat(e.tag().toByteArray()).isEqualTo(Arrays.copyOfRange(expected, DATA.length, expected.length));

            Decrypt.Response opened = s.call(
                            V,
                            Operation.DECRYPT,
                            new Decrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    aead,
                                    Bytes.of(Arrays.copyOf(e.data().toByteArray(), 10)),
                                    e.ivCounterNonce(),
                                    new StreamIndicators(null, true, null),
                                    null,
                                    null))
                    .payload(Decrypt.Response.class)
                    .orElseThrow();
            assertThat(opened.data().toByteArray())
                    .as("held back until the tag")
                    .isEmpty();
            Decrypt.Response rest = s.call(
                            V,
                            Operation.DECRYPT,
                            lastPart(
                                    opened.correlationValue(),
                                    Arrays.copyOfRange(e.data().toByteArray(), 10, DATA.length),
                                    e.tag()))
                    .payload(Decrypt.Response.class)
                    .orElseThrow();
            assertThat(rest.data().toByteArray()).isEqualTo(DATA);

            assertThat(s.call(
                                    V,
                                    Operation.ENCRYPT,
                                    Encrypt.Request.of(
                                            uid,
                                            CryptographicParameters.builder()
                                                    .blockCipherMode(BlockCipherMode.GCM)
                                                    .build(),
                                            DATA))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.BAD_CRYPTOGRAPHIC_PARAMETERS));
        }
    }

    /** An AES-GCM Decrypt stream holds its input until the tag (the JDK's rule): past 16 MiB it is ended. */
    @Test
    void aGcmDecryptStreamThatWouldHoldMoreThanItsShareIsRefusedAndEnded() {
        try (var s = server.session(server.owner)) {
            String uid = register(s, CryptographicAlgorithm.AES);
            CryptographicParameters gcm = CryptographicParameters.builder()
                    .blockCipherMode(BlockCipherMode.GCM)
                    .build();
            byte[] part = new byte[512 * 1024];
            Decrypt.Response opened = s.call(
                            V,
                            Operation.DECRYPT,
                            new Decrypt.Request(
                                    UniqueIdentifier.of(uid),
                                    gcm,
                                    Bytes.of(part),
                                    Bytes.of(new byte[12]),
                                    new StreamIndicators(null, true, null),
                                    null,
                                    null))
                    .payload(Decrypt.Response.class)
                    .orElseThrow();
            Bytes correlation = opened.correlationValue();
            dev.snpkm.kmip.message.ResponseBatchItem r = null;
            int parts = 1;
            while (parts < 40) {
                r = s.call(
                        V,
                        Operation.DECRYPT,
                        new Decrypt.Request(
                                null,
                                null,
                                Bytes.of(part),
                                null,
                                new StreamIndicators(correlation, null, null),
                                null,
                                null));
                parts++;
                if (!r.isSuccess()) {
                    break;
                }
            }
            assertThat(parts).as("refused at the part that passes 16 MiB").isEqualTo(33);
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(r.resultMessage()).contains("more than the 16777216 a stream may");
            dev.snpkm.kmip.message.ResponseBatchItem after =
                    s.call(V, Operation.DECRYPT, lastPart(correlation, part, Bytes.of(new byte[16])));
            assertThat(after.isSuccess()).as("the stream was ended").isFalse();
        }
    }

    /** The final part of an open Decrypt stream, with the Authenticated Encryption Tag. */
    private static Decrypt.Request lastPart(Bytes correlation, byte[] data, Bytes tag) {
        return new Decrypt.Request(
                null, null, Bytes.of(data), null, new StreamIndicators(correlation, null, true), null, tag);
    }

    private static byte[] jdkChaCha20(byte[] nonce, int counter) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
        return c.doFinal(DATA);
    }

    private static Encrypt.Request encryptRequest(String uid, byte[] iv) {
        return new Encrypt.Request(
                UniqueIdentifier.of(uid), NONE, Secret.of(DATA), Bytes.of(iv), StreamIndicators.SINGLE_SHOT, null);
    }

    private static byte[] encrypt(EngineFixture.Session s, String uid, byte[] iv) {
        return s.call(V, Operation.ENCRYPT, encryptRequest(uid, iv))
                .payload(Encrypt.Response.class)
                .orElseThrow()
                .data()
                .toByteArray();
    }

    private static String register(EngineFixture.Session s, CryptographicAlgorithm algorithm) {
        return s.call(
                        V,
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.SymmetricKey(KeyBlock.raw(KEY, algorithm, 256)),
                                Attributes.of(
                                        usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT),
                                        activeSince(server.clock.instant().minusSeconds(60)))))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }
}
