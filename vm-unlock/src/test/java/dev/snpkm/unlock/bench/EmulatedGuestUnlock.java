package dev.snpkm.unlock.bench;

import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.unlock.KeySourceFactory;
import dev.snpkm.unlock.KmipUnlock;
import dev.snpkm.unlock.UnlockEnvironment;
import dev.snpkm.unlock.guest.EmulatedGuest;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;

/**
 * kmip-unlock's entry point in an emulated SNP guest, for timing on a machine without SEV-SNP: the same command tree
 * as {@code KmipUnlock.main}, but /dev/sev-guest and configfs-tsm are emulated and reports are signed by the test
 * VCEK. Usage: {@code EmulatedGuestUnlock open --config DIR/kmip-unlock.conf --test-passphrase}.
 */
public final class EmulatedGuestUnlock {
    private EmulatedGuestUnlock() {
    }

    public static void main(String[] args) throws Exception {
        var root = EmulatedGuest.snp(Files.createTempDirectory("snp-guest"));
        AtomicReference<byte[]> certTable = new AtomicReference<>(new byte[0]);
        FakeTsm tsm = new FakeTsm(inblob -> {
            TestEvidence e = TestEvidence.generate(new SnpReportBuilder().measurement(UnlockBenchServer.MEASUREMENT)
                    .reportData(inblob), SigningKey.VCEK);
            certTable.set(e.certTable());
            return e.report();
        }, () -> certTable.get().clone(), "sev_guest");
        System.exit(KmipUnlock.commandLine(new UnlockEnvironment(root, tsm, new SystemProcessRunner(),
                KeySourceFactory.attested(), "cryptsetup")).execute(args));
    }
}
