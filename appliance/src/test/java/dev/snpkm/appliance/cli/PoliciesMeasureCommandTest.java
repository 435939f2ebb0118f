package dev.snpkm.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.policy.ReleasePolicyFile;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmipctl policies measure} on sev-verifier's OVMF fixture (virtee/sev-snp-measure's published vector for
 * measured direct boot, see sev-verifier's src/test/resources/measure/README.md), and writing into a policy file
 * that the appliance then loads.
 */
class PoliciesMeasureCommandTest {
    /** sev-snp-measure test_snp_default: EPYC-v4, 1 vCPU, features 0x21, empty kernel and initrd, this cmdline. */
    private static final String DIRECT_BOOT_VECTOR =
            "803f691094946e42068aaa3a8f9e26a5c89f36f7b73ecfb28c653360fe4b3aba7e534442e7e1e17895dfe778d0228977";

    private static final String OTHER = "ab".repeat(48);

    @TempDir
    Path dir;

    private Path ovmf;
    private Path empty;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void inputs() throws Exception {
        ovmf = dir.resolve("OVMF.fd");
        try (InputStream in = getClass().getResourceAsStream("/measure/ovmf_AmdSev_suffix.bin")) {
            Files.write(ovmf, in.readAllBytes());
        }
        empty = Files.createFile(dir.resolve("empty"));
    }

    private int kmipctl(String... args) {
        return Kmipctl.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private String[] directBoot(String... more) {
        String[] base = {
            "policies",
            "measure",
            "--ovmf",
            ovmf.toString(),
            "--kernel",
            empty.toString(),
            "--initrd",
            empty.toString(),
            "--append",
            "console=ttyS0 loglevel=7",
            "--vcpus",
            "1",
            "--vcpu-type",
            "EPYC-v4",
            "--guest-features",
            "0x21"
        };
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void printsThePublishedMeasurementForMeasuredDirectBoot() {
        int status = kmipctl(directBoot());

        assertThat(err.toString()).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString().strip()).isEqualTo(DIRECT_BOOT_VECTOR);
    }

    @Test
    void aPublishedFirmwareDigestStandsInForTheImagesPages() {
        // sev-snp-measure test_snp_ovmf_hash_gen_default: the firmware digest given, empty kernel, initrd, cmdline.
        int status = kmipctl(
                "policies",
                "measure",
                "--ovmf",
                ovmf.toString(),
                "--ovmf-digest",
                "086e2e9149ebf45abdc3445fba5b2da8270bdbb04094d7a2c37faaa4b24af3aa16aff8c374c2a55c467a50da6d466b74",
                "--kernel",
                empty.toString(),
                "--initrd",
                empty.toString(),
                "--guest-features",
                "0x21");

        assertThat(err.toString()).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("329c8ce0972ae52343b64d34a434a86f245dfd74f5ed7aae"
                        + "15d22efc78fb9683632b9b50e4e1d7fa41179ef98a7ef198");

        assertThat(kmipctl("policies", "measure", "--ovmf", ovmf.toString(), "--ovmf-digest", "abcd"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("48 bytes");
    }

    @Test
    void addsItToAPolicyThatTheApplianceThenLoads() throws Exception {
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(
                policies,
                "policies:\n  prod-db:\n    measurements: [\"" + OTHER + "\"]\n"
                        + "    allow-debug: false\n  lab:\n    measurements: []\n    allow-unwrapped-release: true\n");

        int status = kmipctl(directBoot("--policy-file", policies.toString(), "--policy", "prod-db"));

        assertThat(err.toString()).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString()).contains("added to policy 'prod-db' in " + policies, "kmipctl policies reload");
        var loaded = ReleasePolicyFile.load(policies);
        assertThat(loaded.get("prod-db").evidence().measurements())
                .extracting(m -> m.hex())
                .containsExactlyInAnyOrder(OTHER, DIRECT_BOOT_VECTOR);
        assertThat(loaded.get("lab").evidence().measurements())
                .as("other policies unchanged")
                .isEmpty();

        out.getBuffer().setLength(0);
        assertThat(kmipctl(directBoot("--policy-file", policies.toString(), "--policy", "prod-db")))
                .isZero();
        assertThat(out.toString()).contains("already allows it");
    }

    @Test
    void refusesToNarrowAPolicyThatAllowsAnyMeasurement() throws Exception {
        Path policies = dir.resolve("policies.json");
        String original = "{\"policies\": {\"lab\": {\"measurements\": []}}}\n";
        Files.writeString(policies, original);

        int status = kmipctl(directBoot("--policy-file", policies.toString(), "--policy", "lab"));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("allows any measurement");
        assertThat(Files.readString(policies)).isEqualTo(original);
    }

    /** Rewriting would keep one of the two silently; the operator is told which key is doubled and where. */
    @Test
    void aFileWithAKeyGivenTwiceIsLeftUnchanged() throws Exception {
        Path policies = dir.resolve("policies.yaml");
        String original = "policies:\n  prod-db:\n    measurements: [\"" + OTHER + "\"]\n    allow-debug: false\n"
                + "    allow-debug: true\n";
        Files.writeString(policies, original);

        assertThat(kmipctl(directBoot("--policy-file", policies.toString(), "--policy", "prod-db")))
                .isEqualTo(1);
        assertThat(err.toString().strip())
                .endsWith("is not valid YAML/JSON at line 5: Duplicate field 'allow-debug'")
                .doesNotContain("\n");
        assertThat(Files.readString(policies)).isEqualTo(original);
    }

    @Test
    void anUnknownPolicyIsNamedWithTheOnesThatExist() throws Exception {
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(policies, "policies:\n  prod-db:\n    measurements: [\"" + OTHER + "\"]\n");

        assertThat(kmipctl(directBoot("--policy-file", policies.toString(), "--policy", "prod")))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no policy 'prod'", "[prod-db]");
    }

    @Test
    void aStandardOvmfCannotMeasureADirectlyBootedKernel() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/measure/ovmf_OvmfX64_suffix.bin")) {
            Files.write(ovmf, in.readAllBytes());
        }

        assertThat(kmipctl(directBoot())).isEqualTo(1);
        assertThat(err.toString()).contains("SNP_KERNEL_HASHES");
    }
}
