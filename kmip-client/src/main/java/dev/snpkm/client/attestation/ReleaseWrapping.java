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
     * Ephemeral-static ECDH to a P-384 key, SHA-384 one-step KDF, AES-256 key wrap (RFC 3394). The default: a P-384
     * key pair costs about a millisecond where RSA-3072 costs hundreds, at every boot.
     */
    ECDH_P384_AES_KW(
            "ecdh-p384",
            CryptographicAlgorithm.ECDH,
            CryptographicParameters.builder()
                    .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
                    .build()),
    /** RSA-OAEP with SHA-256 and MGF1-SHA-256 to an RSA-3072 key: for key managers without the ECDH route. */
    RSA_OAEP_SHA256(
            "rsa-oaep",
            CryptographicAlgorithm.RSA,
            CryptographicParameters.builder()
                    .paddingMethod(PaddingMethod.OAEP)
                    .hashingAlgorithm(HashingAlgorithm.SHA_256)
                    .maskGenerator(MaskGenerator.MFG1)
                    .maskGeneratorHashingAlgorithm(HashingAlgorithm.SHA_256)
                    .build());

    public static final ReleaseWrapping DEFAULT = ECDH_P384_AES_KW;

    private final String settingName;
    private final CryptographicAlgorithm keyAlgorithm;
    private final CryptographicParameters parameters;

    ReleaseWrapping(String settingName, CryptographicAlgorithm keyAlgorithm, CryptographicParameters parameters) {
        this.settingName = settingName;
        this.keyAlgorithm = keyAlgorithm;
        this.parameters = parameters;
    }

    /** The name a configuration file or command line uses: {@code ecdh-p384} or {@code rsa-oaep}. */
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
