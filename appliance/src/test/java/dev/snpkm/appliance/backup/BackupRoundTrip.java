package dev.snpkm.appliance.backup;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.server.store.Database;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Backs up a data directory's store and restores it into another, in a JVM of its own so the heap it is given is all
 * it has: {@code BackupRoundTrip DATA_DIR BACKUP_FILE RESTORE_DIR}. Prints one line of what it did and the heap's
 * peak (the sum of the heap pools' peaks: at least the true peak).
 */
public final class BackupRoundTrip {
    private BackupRoundTrip() {}

    public static void main(String[] args) throws Exception {
        DataDirectory dir = new DataDirectory(Path.of(args[0]));
        Path backup = Path.of(args[1]);
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        BackupCipher cipher = new BackupCipher(masterKey);
        long start = System.nanoTime();
        long statements;
        try (Database store = Database.openH2File(dir.storeBase(), 2);
                OutputStream out = Files.newOutputStream(backup)) {
            statements = BackupFixture.backup(dir, store, cipher, out);
        }
        long backedUp = System.nanoTime();
        ApplianceBackup.Restored restored =
                ApplianceBackup.restore(backup, cipher, new DataDirectory(Path.of(args[2])));
        long end = System.nanoTime();
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        System.out.println("statements=" + statements + " restored=" + restored.statements() + " backup_bytes="
                + Files.size(backup) + " backup_ms=" + TimeUnit.NANOSECONDS.toMillis(backedUp - start) + " restore_ms="
                + TimeUnit.NANOSECONDS.toMillis(end - backedUp) + " heap_peak_mib=" + (peak >> 20) + " max_heap_mib="
                + (Runtime.getRuntime().maxMemory() >> 20));
    }
}
