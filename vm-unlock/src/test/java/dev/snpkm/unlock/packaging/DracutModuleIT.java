package dev.snpkm.unlock.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dracut module's install() as dracut would call it (its inst_* functions stubbed to record their arguments),
 * over the shipped launcher and jar: the file list must be what the Java parser reads, even for a config file a
 * shell reader would misread.
 */
class DracutModuleIT {
    private static final Path MODULE = Path.of("packaging/dracut/90kmip-unlock").toAbsolutePath();

    @TempDir
    Path dir;

    private ShippedInstall install;
    private Path conf;

    @BeforeEach
    void installAndConfigure() throws Exception {
        install = ShippedInstall.in(dir.resolve("usr-lib-kmip-unlock"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        for (String f : List.of("ca.pem", "client.pem", "client-key.pem")) {
            Files.writeString(etc.resolve(f), "pem");
        }
        conf = etc.resolve("kmip-unlock.conf");
        // Legal Java properties that a "IFS='=' read" loop misreads: spaces around '=', ':' as separator.
        Files.writeString(
                conf,
                "# settings\nserver = kms.example.internal:5696\nkey-id=disk-1\n"
                        + "ca = " + etc.resolve("ca.pem") + "\ncert: " + etc.resolve("client.pem") + "\nkey="
                        + etc.resolve("client-key.pem") + "\ndevice=/dev/vda2\n");
    }

    private String runInstall(boolean systemd) throws Exception {
        Path log = dir.resolve("installed-" + systemd);
        String script = String.join(
                "\n",
                "set -u",
                "log=" + log,
                "moddir=" + MODULE,
                "initdir=" + dir.resolve("initramfs"),
                "systemdsystemunitdir=/usr/lib/systemd/system",
                "SYSTEMCTL='rec systemctl'",
                "rec() { echo \"$*\" >> \"$log\"; }",
                "inst_simple() { rec inst_simple \"$@\"; }",
                "inst_multiple() { rec inst_multiple \"$@\"; }",
                "inst_hook() { rec inst_hook \"$@\"; }",
                "dfatal() { rec dfatal \"$@\"; }",
                "dracut_module_included() { " + (systemd ? "true" : "false") + "; }",
                ". \"$moddir/module-setup.sh\"",
                "install",
                "echo \"rc=$?\" >> \"$log\"");
        Process p = withInstallation(new ProcessBuilder("bash", "-c", script))
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(output).isZero();
        return Files.readString(log);
    }

    private ProcessBuilder withInstallation(ProcessBuilder pb) {
        pb.environment().put("KMIP_UNLOCK_HOME", install.home().toString());
        pb.environment().put("KMIP_UNLOCK_CONF", conf.toString());
        return pb;
    }

    @Test
    void theInitramfsGetsExactlyTheFilesTheJavaParserNames() throws Exception {
        String installed = runInstall(true);

        assertThat(installed)
                .contains(
                        "inst_simple " + conf + "\n",
                        "inst_simple " + dir.resolve("etc/ca.pem") + "\n",
                        "inst_simple " + dir.resolve("etc/client.pem") + "\n",
                        "inst_simple " + dir.resolve("etc/client-key.pem") + "\n",
                        "inst_simple " + install.launcher() + " /usr/lib/kmip-unlock/kmip-unlock\n",
                        "inst_simple " + install.home().resolve("kmip-unlock.jar")
                                + " /usr/lib/kmip-unlock/kmip-unlock.jar\n",
                        "/usr/lib/kmip-unlock/java/bin/java\n",
                        "inst_simple " + MODULE.resolve("kmip-unlock-initrd.service")
                                + " /usr/lib/systemd/system/kmip-unlock.service\n",
                        "systemctl -q --root " + dir.resolve("initramfs") + " enable kmip-unlock.service\n",
                        "rc=0");
        assertThat(installed).doesNotContain("dfatal", "initqueue/online");
    }

    @Test
    void withoutSystemdTheHookRunsWhenTheNetworkIsOnline() throws Exception {
        assertThat(runInstall(false))
                .contains("inst_hook initqueue/online 90 " + MODULE.resolve("kmip-unlock-hook.sh"))
                .doesNotContain("initqueue/settled", "kmip-unlock.service");
    }

    @Test
    void aBrokenConfigFailsTheImageBuildNamingTheProblem() throws Exception {
        Files.writeString(conf, Files.readString(conf) + "name=root   # the root volume\n");

        String installed = runInstall(true);

        assertThat(installed)
                .contains(
                        "dfatal kmip-unlock: 'kmip-unlock config --files --config " + conf
                                + "' failed; fix the config file",
                        "rc=1");
        assertThat(installed).doesNotContain("ca.pem");
    }
}
