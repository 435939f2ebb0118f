package dev.snpkm.appliance.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.appliance.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit's hardening as systemd rates it, and the package step that installs user, config and unit. */
class SystemdPackagingIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));
    private static final Pattern OVERALL = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+) (\\w+)");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeRatesTheUnitOkOrBetter() throws Exception {
        // systemd-analyze names the unit after the file: copy it to a clean directory under its own name.
        Path unit =
                Files.copy(ROOT.resolve("packaging/snpkm-appliance.service"), tmp.resolve("snpkm-appliance.service"));
        Result r = run(List.of("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString()));
        Matcher m = OVERALL.matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        // systemd's scale: 0-0.9 PERFECT/SAFE ... up to 4.9 OK, then MEDIUM, EXPOSED, UNSAFE.
        assertThat(exposure).as(r.output()).isLessThanOrEqualTo(4.9);
        assertThat(m.group(2)).isIn("PERFECT", "SAFE", "OK");
    }

    @Test
    void theUnitBoundsMemoryAndHasAnOwnerOnlyStateDirectory() throws Exception {
        String unit = Files.readString(ROOT.resolve("packaging/snpkm-appliance.service"));
        assertThat(unit)
                .contains(
                        "-Xmx512m",
                        "-XX:MaxDirectMemorySize=256m",
                        "StateDirectoryMode=0700",
                        "UMask=0077",
                        "CapabilityBoundingSet=\n",
                        "NoNewPrivileges=yes");
    }

    @Test
    void theInstallStepCreatesTheUserAProtectedDefaultConfigAndTheUnit() throws Exception {
        Path jar = Files.writeString(tmp.resolve("snpkm-appliance.jar"), "jar");
        Path root = tmp.resolve("root");
        Result r = run(List.of(
                "sh", ROOT.resolve("packaging/install.sh").toString(), "--root", root.toString(), jar.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("install: system user snpkm", "appliance.yaml (default, root:snpkm 0640)");
        assertThat(Files.readString(root.resolve("etc/passwd")))
                .containsPattern("(?m)^snpkm:x:\\d+:\\d+:.*:" + "/var/lib/snpkm:/usr/sbin/nologin$");
        Path config = root.resolve("etc/snpkm/appliance.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-r-----");
        ApplianceConfig loaded = new ConfigLoader().load(config);
        assertThat(loaded.kmip().port()).isEqualTo(5696);
        assertThat(loaded.metrics().address()).isEqualTo("127.0.0.1");
        assertThat(root.resolve("etc/systemd/system/snpkm-appliance.service"))
                .hasSameTextualContentAs(ROOT.resolve("packaging/snpkm-appliance.service"));
        assertThat(root.resolve("opt/snpkm/snpkm-appliance.jar")).hasContent("jar");

        // A second run keeps the operator's configuration.
        Files.writeString(config, "kmip:\n  port: 15696\n");
        Result again = run(List.of(
                "sh", ROOT.resolve("packaging/install.sh").toString(), "--root", root.toString(), jar.toString()));
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("keeping");
        assertThat(config).hasContent("kmip:\n  port: 15696");
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
