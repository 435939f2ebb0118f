package dev.snpkm.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.sev.policy.PolicyFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasePolicyRegistryTest {
    static final String M1 = "11".repeat(48);
    static final String M2 = "22".repeat(48);

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("policies.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The measurement prod-web's policy in force allows. */
    private static String prodMeasurement(ReleasePolicyRegistry r) {
        return r.find("prod-web").orElseThrow().evidence().measurements().get(0).hex();
    }

    private static String twoPolicies(String prodMeasurement) {
        return "policies:\n"
                + "  prod-web:\n    measurements: [\"" + prodMeasurement + "\"]\n"
                + "    minimum-tcb: { genoa: { bootloader: 10, tee: 0, snp: 23, microcode: 84 } }\n"
                + "  lab:\n    measurements: []\n    allow-debug: false\n    allow-unwrapped-release: true\n";
    }

    @Test
    void loadsEveryNamedPolicyWithWrappingRequiredByDefault() throws Exception {
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(write(twoPolicies(M1)), Clock.systemUTC());

        assertThat(r.list()).extracting(NamedReleasePolicy::name).containsExactly("lab", "prod-web");
        NamedReleasePolicy prod = r.find("prod-web").orElseThrow();
        assertThat(prod.allowUnwrappedRelease()).isFalse();
        assertThat(prod.evidence().name()).isEqualTo("prod-web");
        assertThat(prod.evidence().measurements()).hasSize(1);
        assertThat(prod.evidence().measurements().get(0).hex()).isEqualTo(M1);
        assertThat(prod.evidence().allowDebug()).isFalse();
        assertThat(r.find("lab").orElseThrow().allowUnwrappedRelease()).isTrue();
        assertThat(r.find("missing")).isEmpty();
    }

    @Test
    void reloadAppliesAChangedFile() throws Exception {
        Path file = write(twoPolicies(M1));
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(file, Clock.systemUTC());
        Files.writeString(file, twoPolicies(M2) + "  new-one:\n    measurements: []\n");

        ReleasePolicyRegistry.ReloadResult result = r.reload();

        assertThat(result.applied()).isTrue();
        assertThat(result.names()).containsExactly("lab", "new-one", "prod-web");
        assertThat(prodMeasurement(r)).isEqualTo(M2);
        assertThat(r.status().lastError()).isEmpty();
        assertThat(r.status().policyCount()).isEqualTo(3);
    }

    @Test
    void badFileOnReloadKeepsTheOldPoliciesAndReportsWhy() throws Exception {
        Path file = write(twoPolicies(M1));
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(file, Clock.systemUTC());
        Files.writeString(file, twoPolicies(M2).replace("allow-debug", "alow-debug")); // a typo

        ReleasePolicyRegistry.ReloadResult result = r.reload();

        assertThat(result.applied()).isFalse();
        assertThat(result.error())
                .hasValueSatisfying(e ->
                        assertThat(e).contains("lab").contains("alow-debug").contains("kept 2 policies"));
        assertThat(prodMeasurement(r)).isEqualTo(M1);
        assertThat(r.status().lastError()).isPresent();
    }

    @Test
    void aFileTheHostNoLongerTrustsIsNotReloaded() throws Exception {
        Path file = write(twoPolicies(M1));
        AtomicBoolean trusted = new AtomicBoolean(true);
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(file, Clock.systemUTC(), f -> {
            if (!trusted.get()) {
                throw new IOException("policies: " + f + " is writable by others");
            }
        });
        Files.writeString(file, twoPolicies(M2));
        trusted.set(false);

        ReleasePolicyRegistry.ReloadResult result = r.reload();

        assertThat(result.applied()).isFalse();
        assertThat(result.error()).hasValue("kept 2 policies in force; policies: " + file + " is writable by others");
        assertThat(prodMeasurement(r)).isEqualTo(M1);
        trusted.set(true);
        assertThat(r.reload().applied()).isTrue();
        assertThat(prodMeasurement(r)).isEqualTo(M2);
    }

    @Test
    void deletedFileOnReloadKeepsTheOldPolicies() throws Exception {
        Path file = write(twoPolicies(M1));
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(file, Clock.systemUTC());
        Files.delete(file);

        assertThat(r.reload().applied()).isFalse();
        assertThat(r.find("prod-web")).isPresent();
    }

    @Test
    void badFileAtStartIsFatal() throws Exception {
        Path file = write("policies:\n  prod-web:\n    allow-unwrapped-release: maybe\n    measurements: []\n");
        assertThatThrownBy(() -> ReleasePolicyRegistry.load(file, Clock.systemUTC()))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageContaining("prod-web")
                .hasMessageContaining("allow-unwrapped-release");
    }

    @Test
    void minimumWrappingStrengthIs128UnlessAPolicySaysAnotherOfTheLevels() throws Exception {
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(
                write(twoPolicies(M1) + "  strict:\n    measurements: []\n    minimum-wrapping-strength: 192\n"),
                Clock.systemUTC());

        assertThat(r.find("prod-web").orElseThrow().minimumWrappingBits()).isEqualTo(128);
        assertThat(r.find("strict").orElseThrow().minimumWrappingBits()).isEqualTo(192);
        assertThat(r.find("strict").orElseThrow().summary())
                .isEqualTo("strict measurements=0 allow-unwrapped-release=false minimum-wrapping-strength=192");
        assertThat(r.find("lab").orElseThrow().summary())
                .isEqualTo("lab measurements=0 allow-unwrapped-release=true minimum-wrapping-strength=128");
        ReleasePolicyRegistry relaxed = ReleasePolicyRegistry.load(
                write("policies:\n  debug-lab:\n    measurements: []\n    allow-debug: true\n"
                        + "    allow-provisional-firmware: true\n"),
                Clock.systemUTC());
        assertThat(relaxed.find("debug-lab").orElseThrow().summary())
                .as("a relaxed guest-side rule is listed")
                .isEqualTo("debug-lab measurements=0 allow-unwrapped-release=false minimum-wrapping-strength=128"
                        + " relaxed=allow-debug,allow-provisional-firmware");
        for (String bad : new String[] {"100", "80", "high", "192.5", "[192]", ""}) {
            Path file = write("policies:\n  p:\n    measurements: []\n    minimum-wrapping-strength: " + bad + "\n");
            assertThatThrownBy(() -> ReleasePolicyRegistry.load(file, Clock.systemUTC()))
                    .as(bad)
                    .isInstanceOf(PolicyFormatException.class)
                    .hasMessageContaining("policy p: 'minimum-wrapping-strength' must be one of [112, 128, 192, 256]");
        }
    }

    @Test
    void entryMissingMeasurementsIsRejected() {
        assertThatThrownBy(() -> ReleasePolicyFile.parse("policies:\n  p:\n    allow-debug: false\n"))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageContaining("policy p")
                .hasMessageContaining("measurements");
    }

    @Test
    void anEntryWhoseOnlyMeasurementWasCommentedOutIsRejectedNotReadAsAny() {
        String file = "policies:\n  p:\n    measurements:\n    #  - \"" + "ab".repeat(48) + "\"\n";
        assertThatThrownBy(() -> ReleasePolicyFile.parse(file))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageContaining("policy p")
                .hasMessageContaining("write 'measurements: []' to allow any measurement");
    }

    /** A second policy of one name, or a second rule in one policy, must not replace the first unseen. */
    @Test
    void aKeyGivenTwiceAnywhereInTheFileIsRejectedWithItsLine() {
        String prod = "  prod:\n    measurements: [\"" + M1 + "\"]\n";
        String[][] cases = {
            {"policies:\n" + prod + "  lab:\n    measurements: []\n" + prod.replace(M1, M2), "line 6", "'prod'"},
            {"policies:\n" + prod + "    allow-debug: false\n    allow-debug: true\n", "line 5", "'allow-debug'"},
            {"policies:\n" + prod + "policies:\n  lab:\n    measurements: []\n", "line 4", "'policies'"}
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ReleasePolicyFile.parse(c[0]))
                    .as(c[0])
                    .isInstanceOf(PolicyFormatException.class)
                    .hasMessage("policy file is not valid YAML/JSON at " + c[1] + ": Duplicate field " + c[2]);
        }
    }

    @Test
    void unknownTopLevelKeyAndOddPolicyNamesAreRejected() {
        assertThatThrownBy(() -> ReleasePolicyFile.parse("policies: {}\nextra: 1\n"))
                .hasMessageContaining("exactly one top-level key");
        assertThatThrownBy(() -> ReleasePolicyFile.parse("policies:\n  \"bad name{}\":\n    measurements: []\n"))
                .hasMessageContaining("policy name");
        assertThatThrownBy(() -> ReleasePolicyFile.parse("policies:\n  a:\n    name: b\n    measurements: []\n"))
                .hasMessageContaining("'b'");
    }

    @Test
    void validateChecksACandidateWithoutApplyingIt() throws Exception {
        Path good = write(twoPolicies(M1));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "policies:\n  p:\n    measurements: [\"abc\"]\n");

        assertThat(ReleasePolicyRegistry.validate(good).applied()).isTrue();
        assertThat(ReleasePolicyRegistry.validate(good).names()).containsExactly("lab", "prod-web");
        ReleasePolicyRegistry.ReloadResult r = ReleasePolicyRegistry.validate(bad);
        assertThat(r.applied()).isFalse();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("policy p"));
    }

    @Test
    void watcherReloadsWhenTheFileIsReplaced() throws Exception {
        Path file = write(twoPolicies(M1));
        ReleasePolicyRegistry r = ReleasePolicyRegistry.load(file, Clock.systemUTC());
        try (PolicyFileWatcher w = PolicyFileWatcher.start(r, 100)) {
            // Replace by rename, as editors and config management do.
            Path tmp = dir.resolve("policies.yaml.tmp");
            Files.writeString(tmp, twoPolicies(M2));
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            while (Instant.now().isBefore(deadline) && !prodMeasurement(r).equals(M2)) {
                Thread.sleep(50);
            }
        }
        assertThat(prodMeasurement(r)).isEqualTo(M2);
    }
}
