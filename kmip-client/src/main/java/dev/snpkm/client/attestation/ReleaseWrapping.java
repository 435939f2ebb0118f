package dev.snpkm.client.attestation;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.MaskGenerator;
import dev.snpkm.kmip.enums.PaddingMethod;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the key manager wraps a released key to the guest's ephemeral public key (docs/KEY-WRAPPING.md): what the
 * fetcher registers as the wrapping key and which Cryptographic Parameters its Key Wrapping Specification names.
 */
public enum ReleaseWrapping {
    /**
     * Ephemeral-static ECDH to a P-256 key, SHA-384 one-step KDF, AES-256 key wrap (RFC 3394). The default: 128-bit
     * security, the level of the TLS channel (P-256 certificates, X25519/P-256 key exchange) the wrapped key travels
     * in, at about a third of P-384's cost to the key manager at every boot (docs/KEY-WRAPPING.md "Which curve").
     */
    ECDH_P256_AES_KW("ecdh-p256", CryptographicAlgorithm.ECDH, nistKeyWrap()),
    /** As {@link #ECDH_P256_AES_KW} on P-384 (192-bit security), for deployments whose rules ask for it. */
    ECDH_P384_AES_KW("ecdh-p384", CryptographicAlgorithm.ECDH, nistKeyWrap()),
    /**
     * RSA-OAEP with SHA-256 and MGF1-SHA-256 to an RSA-3072 key: for key managers without the ECDH route (its key
     * generation costs hundreds of milliseconds at every boot, an EC pair about one).
     */
    RSA_OAEP_SHA256(
            "rsa-oaep",
            CryptographicAlgorithm.RSA,
            CryptographicParameters.builder()
                    .paddingMethod(PaddingMethod.OAEP)
                    .hashingAlgorithm(HashingAlgorithm.SHA_256)
                    .maskGenerator(MaskGenerator.MFG1)
                    .maskGeneratorHashingAlgorithm(HashingAlgorithm.SHA_256)
                    .build());

    public static final ReleaseWrapping DEFAULT = ECDH_P256_AES_KW;

    private final String settingName;
    private final CryptographicAlgorithm keyAlgorithm;
    private final CryptographicParameters parameters;

    ReleaseWrapping(String settingName, CryptographicAlgorithm keyAlgorithm, CryptographicParameters parameters) {
        this.settingName = settingName;
        this.keyAlgorithm = keyAlgorithm;
        this.parameters = parameters;
    }

    private static CryptographicParameters nistKeyWrap() {
        return CryptographicParameters.builder()
                .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
                .build();
    }

    /** The name a configuration file or command line uses: {@code ecdh-p256}, {@code ecdh-p384} or {@code rsa-oaep}. */
    public String settingName() {
        return settingName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ReleaseWrapping ofSettingName(String name) {
        return Arrays.stream(values())
                .filter(w -> w.settingName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("release wrapping must be one of "
                        + Arrays.stream(values())
                                .map(ReleaseWrapping::settingName)
                                .collect(Collectors.joining(", "))
                        + ", not '" + name + "'"));
    }

    /** The Cryptographic Algorithm the ephemeral public key is registered with. */
    public CryptographicAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The Cryptographic Parameters of the Encryption Key Information in the Key Wrapping Specification. */
    public CryptographicParameters parameters() {
        return parameters;
    }
}
