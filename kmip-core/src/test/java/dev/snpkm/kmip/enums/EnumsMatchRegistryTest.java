package dev.snpkm.kmip.enums;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.EnumValue;
import dev.snpkm.kmip.registry.KmipRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnumsMatchRegistryTest {
    static List<Class<? extends KmipEnum>> generated() {
        return List.of(
                Operation.class,
                ObjectType.class,
                ResultStatus.class,
                ResultReason.class,
                State.class,
                CryptographicAlgorithm.class,
                KeyFormatType.class,
                KeyCompressionType.class,
                NameType.class,
                LinkType.class,
                RevocationReasonCode.class,
                QueryFunction.class,
                BatchErrorContinuationOption.class,
                CredentialType.class,
                AttestationType.class,
                WrappingMethod.class,
                BlockCipherMode.class,
                PaddingMethod.class,
                HashingAlgorithm.class,
                SecretDataType.class,
                CertificateType.class,
                RecommendedCurve.class,
                AsynchronousIndicator.class,
                UniqueIdentifierReference.class,
                EncodingOption.class,
                KeyRoleType.class,
                DigitalSignatureAlgorithm.class,
                MaskGenerator.class,
                KeyWrapType.class,
                UsageLimitsUnit.class,
                TicketType.class,
                InteropFunction.class,
                ValidityIndicator.class,
                ObjectGroupMember.class,
                AdjustmentType.class,
                EndpointRole.class,
                CryptographicUsageMask.class,
                StorageStatusMask.class,
                ProtectionStorageMask.class);
    }

    @ParameterizedTest
    @MethodSource("generated")
    void everyConstantIsTheRegistryValueOfTheSameName(Class<? extends KmipEnum> type) {
        for (KmipEnum c : type.getEnumConstants()) {
            if (c == AttestationType.SEV_SNP_REPORT) {
                continue;
            }
            String enumeration = type.getSimpleName().equals("UniqueIdentifierReference")
                    ? "Unique Identifier"
                    : KmipRegistry.get().enumerationNames().stream()
                            .filter(n -> n.replace(" ", "").equals(type.getSimpleName()))
                            .findFirst()
                            .orElseThrow();
            List<String> names = KmipRegistry.get().values(enumeration).stream()
                    .filter(v -> v.value() == c.value())
                    .map(EnumValue::name)
                    .toList();
            assertThat(names).as(type.getSimpleName() + "." + c).contains(c.specName());
        }
    }

    @Test
    void sevSnpReportIsAnExtensionAttestationType() {
        assertThat(AttestationType.SEV_SNP_REPORT.value()).isEqualTo(0x80000001);
        assertThat(AttestationType.fromValue(0x80000001)).contains(AttestationType.SEV_SNP_REPORT);
        assertThat(EnumCode.of(AttestationType.class, 0x80000001).isExtension()).isTrue();
    }

    @Test
    void unknownValuesStayRepresentable() {
        EnumCode<Operation> op = EnumCode.of(Operation.class, 0x80001234);
        assertThat(op.known()).isEmpty();
        assertThat(op.value()).isEqualTo(0x80001234);
        assertThat(op.toString()).isEqualTo("Operation(0x80001234)");
        assertThat(EnumCode.of(Operation.class, 0x0A)).isEqualTo(EnumCode.of(Operation.GET));
    }

    @Test
    void maskBitsConvertBothWays() {
        int mask =
                CryptographicUsageMask.maskOf(List.of(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT));
        assertThat(mask).isEqualTo(0x0C);
        assertThat(CryptographicUsageMask.bitsOf(mask))
                .containsExactly(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT);
    }
}
