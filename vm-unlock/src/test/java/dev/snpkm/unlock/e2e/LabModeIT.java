package dev.snpkm.unlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.snpkm.server.testing.TestPki;
import dev.snpkm.unlock.ExitCodes;
import dev.snpkm.unlock.luks.LuksEnroller;
import dev.snpkm.unlock.luks.LuksImage;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.packaging.ShippedInstall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab mode of the shipped binary: the released kmip-unlock.jar, started by the shipped launcher in its own JVM,
 * pointed by tsm-report-root and sev-guest-device at a configfs-tsm emulated at the OS level (a FUSE file system,
 * lab/configfs_tsm.py, whose reports a test VCEK signs), against a real key manager that trusts the test AMD
 * hierarchy. Enroll, open, and each refusal, as an operator's lab would run them.
 */
@Timeout(120)
class LabModeIT {
    private static final byte[] MEASUREMENT = filled(0x6D);
    private static final long GUEST_POLICY = 0x30000L;

    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki.Credential vm;
    static AttestedKeyManager kms;
    static LabPsp psp;
    static Process fuse;
    static Path mount;
    static Path sevGuest;
    static ShippedInstall install;

    private static byte[] filled(int b) {
        byte[] m = new byte[48];
        Arrays.fill(m, (byte) b);
        return m;
    }

    @BeforeAll
    static void lab() throws Exception {
        pki = TestPki.generate(dir.resolve("pki"));
        kms = AttestedKeyManager.start(dir, pki, MEASUREMENT);
        vm = pki.issueClient("vm", "vm-lab");
        install = ShippedInstall.in(dir.resolve("usr-lib-kmip-unlock"));
        psp = new LabPsp(MEASUREMENT, GUEST_POLICY);
        mount = Files.createDirectories(dir.resolve("lab/tsm"));
        sevGuest = dir.resolve("lab/sev-guest");
        Files.createFile(sevGuest);
        Path script = Path.of(LabModeIT.class.getResource("/lab/configfs_tsm.py").toURI());
        fuse = new ProcessBuilder("/usr/bin/python3", script.toString(), mount.toString(),
                Integer.toString(psp.port())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("lab/fuse.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.isDirectory(mount.resolve("report"))) {
            if (!fuse.isAlive() || System.nanoTime() > end) {
                fail("the lab configfs-tsm did not mount (needs root, /dev/fuse, python3-fusepy, fuse3): "
                        + Files.readString(dir.resolve("lab/fuse.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (fuse != null) {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
            fuse.destroy();
            fuse.waitFor(10, TimeUnit.SECONDS);
        }
        if (psp != null) {
            psp.close();
        }
        if (kms != null) {
            kms.close();
        }
    }

    record Run(int exit, String output) {
    }

    /** The config an operator's lab would write: the key manager, the VM's credentials and the lab paths. */
    private static Path config(String keyId, Path device, Path sevGuestDevice) throws Exception {
        Path conf = Files.createTempFile(dir, "lab", ".conf");
        Files.writeString(conf, String.join("\n", "server=127.0.0.1:" + kms.port(), "key-id=" + keyId,
                "ca=" + pki.caCertificatePem(), "cert=" + vm.certificatePem(), "key=" + vm.privateKeyPem(),
                "device=" + device, "attempts=1", "deadline=30",
                "# lab mode: the emulated configfs-tsm and sev-guest device",
                "tsm-report-root=" + mount.resolve("report"), "sev-guest-device=" + sevGuestDevice, ""));
        return conf;
    }

    private static Run kmipUnlock(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(install.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KMIP_UNLOCK_HOME", install.home().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kmip-unlock did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    private static byte[] randomDek() {
        byte[] dek = new byte[32];
        new SecureRandom().nextBytes(dek);
        return dek;
    }

    @Test
    void enrollThenOpenThroughTheLabPaths() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("enroll"));
        Path image = LuksImage.format(volume);
        String keyId = kms.provisionBoundKey(AttestedKeyManager.subjectDn(vm), randomDek());
        Path conf = config(keyId, image, sevGuest);
        int signedBefore = psp.reportsSigned();

        Run enrolled = kmipUnlock("enroll", "--config", conf.toString(), "--existing-passphrase-file",
                LuksImage.passphraseFile(volume).toString(), "--pbkdf", "pbkdf2", "--pbkdf-iterations", "1000");
        assertThat(enrolled.exit()).as(enrolled.output()).isEqualTo(ExitCodes.OK);
        assertThat(enrolled.output()).contains("added key slot 1 for key '" + keyId + "'", "marked preferred");

        Run opened = kmipUnlock("open", "--config", conf.toString(), "--key-slot", "1", "--test-passphrase");
        assertThat(opened.exit()).as(opened.output()).isEqualTo(ExitCodes.OK);
        assertThat(opened.output()).contains("the key manager's key opens " + image);
        assertThat(psp.reportsSigned() - signedBefore).as("one report per release").isEqualTo(2);
    }

    @Test
    void aGuestWithAnotherMeasurementIsRefused() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("measured"));
        Path image = LuksImage.format(volume);
        byte[] dek = randomDek();
        String keyId = kms.provisionBoundKey(AttestedKeyManager.subjectDn(vm), dek);
        new LuksEnroller(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30)).enroll(image,
                LuksImage.passphraseFile(volume), dek, LuksImage.FAST_PBKDF);
        psp.measurement(filled(0x13));
        try {
            Run r = kmipUnlock("open", "--config", config(keyId, image, sevGuest).toString(), "--test-passphrase");

            assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.output()).contains("ATTESTATION_FAILED", "MEASUREMENT_NOT_ALLOWED");
        } finally {
            psp.measurement(MEASUREMENT);
        }
    }

    @Test
    void withoutTheSevGuestDeviceItIsASecurityViolationAndTheKeyManagerIsNotContacted() throws Exception {
        String keyId = kms.provisionBoundKey(AttestedKeyManager.subjectDn(vm), randomDek());
        long connections = kms.connectionsAccepted();

        Run r = kmipUnlock("open", "--config", config(keyId, Path.of("/dev/null"), dir.resolve("lab/absent"))
                .toString(), "--guest-wait", "0.5", "--test-passphrase");

        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.SECURITY_VIOLATION);
        assertThat(r.output()).startsWith("Security Violation: not an SEV-SNP guest").contains("lab/absent");
        assertThat(kms.connectionsAccepted()).isEqualTo(connections);
    }

    @Test
    void aKeyNotGrantedToTheVmIsDenied() throws Exception {
        String keyId = kms.provisionUngrantedKey(randomDek());

        Run r = kmipUnlock("open", "--config", config(keyId, Path.of("/dev/null"), sevGuest).toString(),
                "--test-passphrase");

        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.output()).contains("PERMISSION_DENIED");
    }

    @Test
    void aKeyBoundToNoPolicyIsRefusedByTheGuest() throws Exception {
        String keyId = kms.provisionUnboundKey(AttestedKeyManager.subjectDn(vm), randomDek());

        Run r = kmipUnlock("open", "--config", config(keyId, Path.of("/dev/null"), sevGuest).toString(),
                "--test-passphrase");

        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.output()).contains("'" + keyId + "' is not attestation-bound");
    }
}
