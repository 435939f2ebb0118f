package dev.snpkm.unlock.bench;

import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.sev.testing.TestVek;
import dev.snpkm.unlock.KeySourceFactory;
import dev.snpkm.unlock.KmipUnlock;
import dev.snpkm.unlock.UnlockEnvironment;
import dev.snpkm.unlock.guest.EmulatedGuest;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * kmip-unlock's entry point in an emulated SNP guest, for timing on a machine without SEV-SNP: the same command tree
 * as {@code KmipUnlock.main}, but /dev/sev-guest and configfs-tsm are emulated and reports are signed by the test
 * VCEK that {@link UnlockBenchServer} issued and saved (its JVM's hierarchy is the one the server trusts; a
 * hierarchy generated here would fail with CHAIN_INVALID). Usage:
 * {@code java -Dsnp.vek=DIR/vek ... EmulatedGuestUnlock open --config DIR/kmip-unlock.conf --test-passphrase}.
 */
public final class EmulatedGuestUnlock {
    private EmulatedGuestUnlock() {}

    public static void main(String[] args) throws Exception {
        TestVek vcek = TestVek.load(Path.of(System.getProperty("snp.vek", "missing: pass -Dsnp.vek=DIR/vek")));
        var root = EmulatedGuest.snp(Files.createTempDirectory("snp-guest"));
        AtomicReference<byte[]> certTable = new AtomicReference<>(new byte[0]);
        FakeTsm tsm = new FakeTsm(
                inblob -> {
                    TestEvidence e = TestEvidence.signWith(
                            new SnpReportBuilder()
                                    .measurement(UnlockBenchServer.MEASUREMENT)
                                    .reportData(inblob),
                            vcek,
                            SigningKey.VCEK);
                    certTable.set(e.certTable());
                    return e.report();
                },
                () -> certTable.get().clone(),
                "sev_guest");
        System.exit(KmipUnlock.commandLine(new UnlockEnvironment(
                        root, tsm, new SystemProcessRunner(), KeySourceFactory.attested(), "cryptsetup"))
                .execute(args));
    }
}
