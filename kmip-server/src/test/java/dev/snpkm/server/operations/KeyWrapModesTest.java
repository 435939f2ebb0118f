package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.Decrypt;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AES key wrap as Encrypt/Decrypt Block Cipher Modes, through the engine over TLS, with the RFCs' test vectors:
 * NISTKeyWrap (RFC 3394 §4.1, §4.3, §4.6) and AESKeyWrapPadding (RFC 5649 §6). The vectors are public facts from the
 * IETF RFCs (IETF Trust).
 */
class KeyWrapModesTest {
    private static final HexFormat HEX = HexFormat.of();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @ParameterizedTest(name = "{0}: {4}")
    @CsvSource({
        "NIST_KEY_WRAP, 1.4, 000102030405060708090A0B0C0D0E0F, 00112233445566778899AABBCCDDEEFF,"
                + " 1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5",
        "NIST_KEY_WRAP, 2.1, 000102030405060708090A0B0C0D0E0F1011121314151617, 00112233445566778899AABBCCDDEEFF,"
                + " 96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D",
        "NIST_KEY_WRAP, 2.1, 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F,"
                + " 00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F,"
                + " 28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
        "AES_KEY_WRAP_PADDING, 2.1, 5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8,"
                + " c37b7e6492584340bed12207808941155068f738,"
                + " 138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a",
        "AES_KEY_WRAP_PADDING, 1.4, 5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8, 466f7250617369,"
                + " afbeb0f07dfbf5419200f2ccb50bb24f"
    })
    void wrapsAsTheRfcsSayAndUnwrapsBack(
            BlockCipherMode mode, String version, String kek, String data, String wrapped) {
        KmipVersion v = "1.4".equals(version) ? KmipVersion.V1_4 : KmipVersion.V2_1;
        try (var s = server.session(server.owner)) {
            String uid = register(s, HEX.parseHex(kek));
            CryptographicParameters p = mode(mode);
            byte[] out = s.call(v, Operation.ENCRYPT, Encrypt.Request.of(uid, p, HEX.parseHex(data)))
                    .payload(Encrypt.Response.class)
                    .orElseThrow()
                    .data()
                    .toByteArray();
            assertThat(HEX.formatHex(out)).isEqualToIgnoringCase(wrapped);
            assertThat(s.call(v, Operation.DECRYPT, Decrypt.Request.of(uid, p, out, null))
                            .payload(Decrypt.Response.class)
                            .orElseThrow()
                            .data()
                            .toByteArray())
                    .isEqualTo(HEX.parseHex(data));
            out[3] ^= 1;
            assertThat(s.call(v, Operation.DECRYPT, Decrypt.Request.of(uid, p, out, null))
                            .resultReason())
                    .as("a tampered wrap fails its integrity check")
                    .isEqualTo(EnumCode.of(ResultReason.CRYPTOGRAPHIC_FAILURE));
        }
    }

    @Test
    void nistKeyWrapTakesWholeSemiblocksOfAtLeast16Bytes() {
        try (var s = server.session(server.owner)) {
            String uid = register(s, new byte[16]);
            var r = s.call(
                    KmipVersion.V2_1,
                    Operation.ENCRYPT,
                    Encrypt.Request.of(uid, mode(BlockCipherMode.NIST_KEY_WRAP), new byte[12]));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(r.resultMessage()).contains("NISTKeyWrap");
        }
    }

    private static CryptographicParameters mode(BlockCipherMode m) {
        return CryptographicParameters.builder().blockCipherMode(m).build();
    }

    private static String register(EngineFixture.Session s, byte[] kek) {
        return s.call(
                        KmipVersion.V2_1,
                        Operation.REGISTER,
                        Requests.symmetricKey(
                                kek,
                                usage(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT),
                                activeSince(server.clock.instant().minusSeconds(60))))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }
}
