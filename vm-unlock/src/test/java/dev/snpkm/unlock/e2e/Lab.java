package dev.snpkm.unlock.e2e;

import static org.assertj.core.api.Assertions.fail;

import dev.snpkm.server.testing.TestPki;
import dev.snpkm.unlock.packaging.ShippedInstall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A lab for the shipped binary: a real key manager trusting the test AMD hierarchy, a configfs-tsm emulated at the
 * OS level (FUSE, lab/configfs_tsm.py) whose reports {@link LabPsp} signs, a sev-guest device file, and the shipped
 * jar installed with the shipped launcher. Needs root, /dev/fuse, python3-fusepy and fuse3.
 */
public final class Lab implements AutoCloseable {
    public static final byte[] MEASUREMENT = filled(0x6D);
    public static final long GUEST_POLICY = 0x30000L;

    public record Run(int exit, String output) {}

    final Path dir;
    final TestPki pki;
    final TestPki.Credential vm;
    final AttestedKeyManager kms;
    final LabPsp psp;
    final Path mount;
    final Path sevGuest;
    final ShippedInstall install;
    private final Process fuse;

    private Lab(Path dir, ShippedInstall install) throws Exception {
        this.dir = dir;
        this.install = install;
        this.pki = TestPki.generate(dir.resolve("pki"));
        this.kms = AttestedKeyManager.start(dir, pki, MEASUREMENT);
        this.vm = pki.issueClient("vm", "vm-lab");
        this.psp = new LabPsp(MEASUREMENT, GUEST_POLICY);
        this.mount = Files.createDirectories(dir.resolve("lab/tsm"));
        this.sevGuest = dir.resolve("lab/sev-guest");
        Files.createFile(sevGuest);
        Path script = Path.of(Lab.class.getResource("/lab/configfs_tsm.py").toURI());
        this.fuse = new ProcessBuilder(
                        "/usr/bin/python3", script.toString(), mount.toString(), Integer.toString(psp.port()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("lab/fuse.log").toFile())
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.isDirectory(mount.resolve("report"))) {
            if (!fuse.isAlive() || System.nanoTime() > end) {
                close();
                fail("the lab configfs-tsm did not mount (needs root, /dev/fuse, python3-fusepy, fuse3): "
                        + Files.readString(dir.resolve("lab/fuse.log")));
            }
            Thread.sleep(100);
        }
    }

    /** A lab in {@code dir}, the shipped jar and the README's jlink runtime under {@code dir}/usr-lib-kmip-unlock. */
    public static Lab start(Path dir) throws Exception {
        return new Lab(dir, ShippedInstall.withJlinkRuntime(dir.resolve("usr-lib-kmip-unlock")));
    }

    /** A lab running an existing installation (e.g. one with a jlink'ed runtime). */
    public static Lab start(Path dir, ShippedInstall install) throws Exception {
        return new Lab(dir, install);
    }

    static byte[] filled(int b) {
        byte[] m = new byte[48];
        Arrays.fill(m, (byte) b);
        return m;
    }

    public ShippedInstall install() {
        return install;
    }

    public AttestedKeyManager keyManager() {
        return kms;
    }

    public String vmSubject() {
        return AttestedKeyManager.subjectDn(vm);
    }

    /** The config an operator's lab would write: the key manager, the VM's credentials and the lab paths. */
    public Path config(String keyId, Path device, Path sevGuestDevice) throws IOException {
        Path conf = Files.createTempFile(dir, "lab", ".conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "server=127.0.0.1:" + kms.port(),
                        "key-id=" + keyId,
                        "ca=" + pki.caCertificatePem(),
                        "cert=" + vm.certificatePem(),
                        "key=" + vm.privateKeyPem(),
                        "device=" + device,
                        "attempts=1",
                        "deadline=30",
                        "# lab mode: the emulated configfs-tsm and sev-guest device",
                        "tsm-report-root=" + mount.resolve("report"),
                        "sev-guest-device=" + sevGuestDevice,
                        ""));
        return conf;
    }

    public Path config(String keyId, Path device) throws IOException {
        return config(keyId, device, sevGuest);
    }

    /** Runs the shipped launcher in its own process; {@code env} adds variables (e.g. KMIP_UNLOCK_JAVA_OPTS). */
    public Run kmipUnlock(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(install.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KMIP_UNLOCK_HOME", install.home().toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kmip-unlock did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    public Run kmipUnlock(String... args) throws Exception {
        return kmipUnlock(Map.of(), args);
    }

    @Override
    public void close() throws Exception {
        try {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
            fuse.destroy();
            fuse.waitFor(10, TimeUnit.SECONDS);
        } finally {
            psp.close();
            kms.close();
        }
    }
}
