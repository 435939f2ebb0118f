package dev.snpkm.kmip.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameNormalizerTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Object Type|ObjectType",
                "SHA-256|SHA_256",
                "HMAC-SHA256|HMAC_SHA256",
                "PKCS#11 Function|PKCS_11Function",
                "ANSI X9.31|ANSIX9_31",
                "X.509|X_509",
                "Pre-Active|PreActive",
                "Re-key|ReKey",
                "Template-Attribute|TemplateAttribute",
                "IV/Counter/Nonce|IVCounterNonce",
                "3DES|DES3",
                "Content Commitment (Non Repudiation)|ContentCommitmentNonRepudiation",
                "C_Initialize|C_Initialize"
            })
    void specNamesBecomeTheCamelCaseNamesTheOasisTestCasesUse(String spec, String camel) {
        assertThat(NameNormalizer.normalize(spec)).isEqualTo(camel);
    }
}
