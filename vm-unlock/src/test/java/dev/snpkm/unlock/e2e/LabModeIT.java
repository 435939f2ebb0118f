package dev.snpkm.unlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.unlock.ExitCodes;
import dev.snpkm.unlock.luks.LuksEnroller;
import dev.snpkm.unlock.luks.LuksImage;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    @TempDir
    static Path dir;

    static Lab lab;

    @BeforeAll
    static void lab() throws Exception {
        lab = Lab.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
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
        String keyId = lab.kms.provisionBoundKey(lab.vmSubject(), randomDek());
        Path conf = lab.config(keyId, image);
        int signedBefore = lab.psp.reportsSigned();

        List<String> enroll = new ArrayList<>(List.of("enroll", "--config", conf.toString()));
        enroll.addAll(LuksImage.enrollOptions(volume));
        Lab.Run enrolled = lab.kmipUnlock(enroll.toArray(String[]::new));
        assertThat(enrolled.exit()).as(enrolled.output()).isEqualTo(ExitCodes.OK);
        assertThat(enrolled.output()).contains("added key slot 1 for key '" + keyId + "'", "marked preferred");

        Lab.Run opened = lab.kmipUnlock("open", "--config", conf.toString(), "--key-slot", "1", "--test-passphrase");
        assertThat(opened.exit()).as(opened.output()).isEqualTo(ExitCodes.OK);
        assertThat(opened.output()).contains("the key manager's key opens " + image);
        assertThat(lab.psp.reportsSigned() - signedBefore)
                .as("one report per release")
                .isEqualTo(2);
    }

    @Test
    void aGuestWithAnotherMeasurementIsRefused() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("measured"));
        Path image = LuksImage.format(volume);
        byte[] dek = randomDek();
        String keyId = lab.kms.provisionBoundKey(lab.vmSubject(), dek);
        new LuksEnroller(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30))
                .enroll(image, LuksImage.passphraseFile(volume), dek, LuksImage.FAST_PBKDF);
        lab.psp.measurement(Lab.filled(0x13));
        try {
            Lab.Run r =
                    lab.kmipUnlock("open", "--config", lab.config(keyId, image).toString(), "--test-passphrase");

            assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.output()).contains("ATTESTATION_FAILED", "MEASUREMENT_NOT_ALLOWED");
        } finally {
            lab.psp.measurement(Lab.MEASUREMENT);
        }
    }

    @Test
    void withoutTheSevGuestDeviceItIsASecurityViolationAndTheKeyManagerIsNotContacted() throws Exception {
        String keyId = lab.kms.provisionBoundKey(lab.vmSubject(), randomDek());
        long connections = lab.kms.connectionsAccepted();

        Lab.Run r = lab.kmipUnlock(
                "open",
                "--config",
                lab.config(keyId, Path.of("/dev/null"), dir.resolve("lab/absent"))
                        .toString(),
                "--guest-wait",
                "0.5",
                "--test-passphrase");

        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.SECURITY_VIOLATION);
        assertThat(r.output())
                .startsWith("Security Violation: not an SEV-SNP guest")
                .contains("lab/absent");
        assertThat(lab.kms.connectionsAccepted()).isEqualTo(connections);
    }

    @Test
    void aKeyNotGrantedToTheVmIsDenied() throws Exception {
        String keyId = lab.kms.provisionUngrantedKey(randomDek());

        Lab.Run r = lab.kmipUnlock(
                "open", "--config", lab.config(keyId, Path.of("/dev/null")).toString(), "--test-passphrase");

        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.output()).contains("PERMISSION_DENIED");
    }

    /** The key manager refuses it first (a grantee never gets an unbound key's material); the guest would too. */
    @Test
    void aKeyBoundToNoPolicyIsRefused() throws Exception {
        String keyId = lab.kms.provisionUnboundKey(lab.vmSubject(), randomDek());

        Lab.Run r = lab.kmipUnlock(
                "open", "--config", lab.config(keyId, Path.of("/dev/null")).toString(), "--test-passphrase");

        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.output()).contains("PERMISSION_DENIED", "is not bound to an attestation policy");
    }
}
