package dev.snpkm.unlock.bench;

import dev.snpkm.server.testing.TestPki;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.VekSpec;
import dev.snpkm.unlock.e2e.AttestedKeyManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Starts the attested key manager of the end-to-end test for timing the shaded jar from outside: writes the PKI,
 * a kmip-unlock.conf and the allowed measurement under {@code args[0]}, registers and binds a fresh DEK, writes a LUKS2 image
 * (disk.img) with that DEK enrolled, issues one test VCEK from this JVM's test AMD hierarchy into {@code args[0]}/vek
 * (certificate + TEST private key, so {@link EmulatedGuestUnlock} in another JVM signs reports this server trusts),
 * then a marker file "ready", then serves until killed. The DEK is never written anywhere.
 */
public final class UnlockBenchServer {
    public static final byte[] MEASUREMENT = new byte[48];

    static {
        Arrays.fill(MEASUREMENT, (byte) 0x6D);
    }

    private UnlockBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        AttestedKeyManager kms = AttestedKeyManager.start(dir, pki, MEASUREMENT);
        byte[] dek = new byte[32];
        new SecureRandom().nextBytes(dek);
        String keyId = kms.provisionBoundKey(AttestedKeyManager.subjectDn(pki.client()), dek);
        Path image = dev.snpkm.unlock.luks.LuksImage.format(dir);
        new dev.snpkm.unlock.luks.LuksEnroller(
                        new dev.snpkm.unlock.luks.SystemProcessRunner(), "cryptsetup", java.time.Duration.ofSeconds(30))
                .enroll(
                        image,
                        dev.snpkm.unlock.luks.LuksImage.passphraseFile(dir),
                        dek,
                        dev.snpkm.unlock.luks.LuksImage.FAST_PBKDF);
        Arrays.fill(dek, (byte) 0);
        Files.writeString(
                dir.resolve("kmip-unlock.conf"),
                "server=127.0.0.1:" + kms.port() + "\nkey-id=" + keyId
                        + "\nca=" + pki.caCertificatePem() + "\ncert="
                        + pki.client().certificatePem() + "\nkey="
                        + pki.client().privateKeyPem() + "\ndevice=" + image + "\n");
        SnpReportBuilder report = new SnpReportBuilder();
        Path vek = Files.createDirectories(dir.resolve("vek"));
        TestAmdHierarchy.get()
                .issue(VekSpec.vcek(report.product(), report.effectiveChipId(), report.effectiveReportedTcb()))
                .save(vek);
        Files.writeString(dir.resolve("measurement.hex"), HexFormat.of().formatHex(MEASUREMENT));
        Files.writeString(dir.resolve("ready"), "");
        System.out.println("bench key manager on 127.0.0.1:" + kms.port() + "; guest VCEK in " + vek);
        Thread.currentThread().join();
    }
}
