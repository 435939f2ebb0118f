package dev.snpkm.sev.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published test vectors of virtee/sev-snp-measure (tests/test_guest.py, QEMU cases; see
 * src/test/resources/measure/README.md), on the firmware fixtures they were computed from.
 */
class SnpLaunchMeasurementTest {
    private static final String AMD_SEV = "ovmf_AmdSev_suffix.bin";
    private static final String OVMF_X64 = "ovmf_OvmfX64_suffix.bin";
    private static final String AMD_SEV_OVMF_DIGEST =
            "086e2e9149ebf45abdc3445fba5b2da8270bdbb04094d7a2c37faaa4b24af3aa16aff8c374c2a55c467a50da6d466b74";
    private static final int EPYC_V4 = VcpuType.signature("EPYC-v4");

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = SnpLaunchMeasurementTest.class.getResourceAsStream("/measure/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String measure(String ovmf, boolean precomputedOvmfDigest, int vcpus, long features, String cmdline)
            throws IOException {
        Optional<SnpLaunchMeasurement.DirectBoot> boot = cmdline == null
                ? Optional.empty()
                : Optional.of(new SnpLaunchMeasurement.DirectBoot(new byte[0], new byte[0], cmdline));
        Optional<byte[]> seed =
                precomputedOvmfDigest ? Optional.of(HexFormat.of().parseHex(AMD_SEV_OVMF_DIGEST)) : Optional.empty();
        return HexFormat.of()
                .formatHex(SnpLaunchMeasurement.compute(
                        new SnpLaunchMeasurement.Inputs(fixture(ovmf), seed, vcpus, EPYC_V4, features, boot)));
    }

    @Test
    void theFirmwareOnlyDigestMatches() throws Exception {
        assertThat(HexFormat.of().formatHex(SnpLaunchMeasurement.ovmfDigest(fixture(AMD_SEV))))
                .isEqualTo(AMD_SEV_OVMF_DIGEST);
    }

    /** A published vector: firmware, precomputed firmware digest?, vCPUs, guest features, command line or null. */
    private static Arguments vector(
            String ovmf, boolean seed, int vcpus, long features, String cmdline, String expected) {
        return Arguments.of(ovmf, seed, vcpus, features, cmdline, expected);
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                // test_snp_ovmf_hash_gen_default / _feature_snp_only: kernel and initrd empty, no command line
                vector(
                        AMD_SEV,
                        true,
                        1,
                        0x21,
                        "",
                        "329c8ce0972ae52343b64d34a434a86f245dfd74f5ed7aae"
                                + "15d22efc78fb9683632b9b50e4e1d7fa41179ef98a7ef198"),
                vector(
                        AMD_SEV,
                        true,
                        1,
                        0x1,
                        "",
                        "ddc5224521617a536ee7ce9dd6224d1b58a8d4fda1c741f3"
                                + "ac99fc4bfa04ba6e9fc98646d4a07a9079397fa3852819b5"),
                // test_snp_default / test_snp_guest_feature_snp_only (= test_snp_ovmf_hash_full_*)
                vector(
                        AMD_SEV,
                        false,
                        1,
                        0x21,
                        "console=ttyS0 loglevel=7",
                        "803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb2"
                                + "8c653360fe4b3aba7e534442e7e1e17895dfe778d0228977"),
                vector(
                        AMD_SEV,
                        false,
                        1,
                        0x1,
                        "console=ttyS0 loglevel=7",
                        "6d287813eb5222d770f75005c664e34c204f385ce832cc2c"
                                + "e7d0d6f354454362f390ef83a92046c042e706363b4b08fa"),
                // test_snp_without_kernel_*
                vector(
                        AMD_SEV,
                        false,
                        1,
                        0x21,
                        null,
                        "e1e1ca029dd7973ab9513295be68198472dcd4fc834bd9af"
                                + "9b63f6e8a1674dbf281a9278a4a2ebe0eed9f22adbcd0e2b"),
                vector(
                        AMD_SEV,
                        false,
                        1,
                        0x1,
                        null,
                        "19358ba9a7615534a9a1e2f0dfc29384dcd4dcb7062ff9c6"
                                + "013b26869a5fc6ecabe033c48dd6f6db5d6d76e7c5df632d"),
                // test_snp_with_multiple_vcpus_*
                vector(
                        AMD_SEV,
                        false,
                        4,
                        0x21,
                        "",
                        "4953b1fb416fa874980e8442b3706d345926d5f38879134e"
                                + "00813c5d7abcbe78eafe7b422907be0b4698e2414a631942"),
                vector(
                        AMD_SEV,
                        false,
                        4,
                        0x1,
                        "",
                        "5061fffb019493a903613d56d54b94912a1a2f9e4502385f"
                                + "5c194616753720a92441310ba6c4933de877c36e23046ad5"),
                // test_snp_with_ovmfx64_without_*
                vector(
                        OVMF_X64,
                        false,
                        1,
                        0x21,
                        null,
                        "28797ae0afaba4005a81e629acebfb59e6687949d6be4400"
                                + "7cd5506823b0dd66f146aaae26ff291eed7b493d8a64c385"),
                vector(
                        OVMF_X64,
                        false,
                        1,
                        0x1,
                        null,
                        "da0296de8193586a5512078dcd719eccecbd87e2b825ad41"
                                + "48c44f665dc87df21e5b49e21523a9ad993afdb6a30b4005"));
    }

    @ParameterizedTest(name = "{0} seed={1} vcpus={2} features={3} cmdline={4}")
    @MethodSource("vectors")
    void theLaunchDigestMatchesThePublishedVector(
            String ovmf, boolean seed, int vcpus, long features, String cmdline, String expected) throws Exception {
        assertThat(measure(ovmf, seed, vcpus, features, cmdline)).isEqualTo(expected);
    }

    @Test
    void aDirectlyBootedKernelNeedsAFirmwareThatMeasuresIt() throws Exception {
        assertThatThrownBy(() -> measure(OVMF_X64, false, 1, 0x21, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SNP_KERNEL_HASHES");
    }

    @Test
    void everyInputChangesTheDigest() throws Exception {
        String base = measure(AMD_SEV, false, 2, 0x1, "root=/dev/vda2");
        assertThat(measure(AMD_SEV, false, 2, 0x1, "root=/dev/vda3")).isNotEqualTo(base);
        assertThat(measure(AMD_SEV, false, 3, 0x1, "root=/dev/vda2")).isNotEqualTo(base);
        assertThat(measure(AMD_SEV, false, 2, 0x21, "root=/dev/vda2")).isNotEqualTo(base);
        assertThat(measure(AMD_SEV, false, 2, 0x1, null)).isNotEqualTo(base);
    }

    @Test
    void cpuSignaturesFollowTheCpuidEncoding() {
        // CPUID Fn0000_0001_EAX of a Milan part (family 19h model 01h stepping 1) reads 0x00A00F11.
        assertThat(VcpuType.signature("EPYC-Milan")).isEqualTo(0x00A00F11);
        assertThat(VcpuType.signature(0x19, 0x11, 0)).isEqualTo(VcpuType.signature("epyc-genoa"));
        assertThatThrownBy(() -> VcpuType.signature("Pentium")).hasMessageContaining("EPYC-Milan");
    }

    @Test
    void aFileThatIsNotAFirmwareImageIsRefusedWithTheReason() {
        assertThatThrownBy(() -> OvmfImage.parse(new byte[100])).hasMessageContaining("4 KiB pages");
        assertThatThrownBy(() -> SnpLaunchMeasurement.compute(new SnpLaunchMeasurement.Inputs(
                        new byte[4096], Optional.empty(), 2, EPYC_V4, 1, Optional.empty())))
                .hasMessageContaining("SEV-ES reset block");
    }
}
