package dev.snpkm.appliance.backup;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.sql.DataSource;

/**
 * A disaster-recovery backup of the whole appliance: the store, the PKI (CA, server and administrator certificates
 * and private keys), the admin token, the revoked-client list, the release policies and the effective configuration.
 * Restored into an empty data directory, the appliance starts as the same appliance: same CA (existing client
 * certificates still connect), same administrator, same policies and deny list.
 *
 * <p>The master key is deliberately not inside: the backup is sealed under a key derived from it
 * ({@link BackupCipher}, AES-256-GCM, every byte authenticated) and written 0600, so a copied backup alone opens
 * nothing. Keep master.key offline and apart from the backups; the pair is the appliance.
 */
public final class ApplianceBackup {
    /** Where the backed-up configuration goes on restore: beside, not over, the operator's --config file. */
    public static final String RESTORED_CONFIG = "restored-appliance.yaml";

    static final String POLICIES = "policies.yaml";
    static final String CONFIG = "appliance.yaml";

    /** The data directory's own files, by their name in the backup (the path relative to the data directory). */
    private record Part(String name, Function<DataDirectory, Path> location, boolean required) {}

    private static final List<Part> PARTS = List.of(
            new Part("pki/ca.pem", DataDirectory::caCertificate, true),
            new Part("pki/ca.key", DataDirectory::caKey, true),
            new Part("pki/server.pem", DataDirectory::serverCertificate, true),
            new Part("pki/server.key", DataDirectory::serverKey, true),
            new Part("pki/admin.pem", DataDirectory::adminCertificate, true),
            new Part("pki/admin.key", DataDirectory::adminKey, true),
            new Part("admin.token", DataDirectory::adminToken, true),
            new Part("revoked-clients.txt", DataDirectory::revokedClients, false),
            new Part(POLICIES, d -> d.root().resolve(POLICIES), false),
            new Part(CONFIG, d -> d.root().resolve(RESTORED_CONFIG), true));

    /**
     * Heap not available to a backup's SQL: the server's working set (24-36 MB at rest, session 18's runs) and the
     * JVM's own, rounded up.
     */
    static final long BASE_HEAP_BYTES = 48L << 20;
    /**
     * Heap per character of the store's SQL while the backup is built (the statements, the gzip buffer, the sealed
     * copy): 480 MB for the 321 M characters of 100,000 keys, measured in session 18 as the smallest heap that backup
     * finished in (1.5), with a margin for a server under load.
     */
    static final double HEAP_BYTES_PER_SCRIPT_CHAR = 1.8;

    private ApplianceBackup() {}

    /**
     * How many characters of SQL an online backup may read in a heap of {@code maxHeapBytes}: the backup is built in
     * memory (the store as SQL, gzip, sealed), and running out of heap would end the appliance (an OutOfMemoryError
     * exits the process), so a store whose SQL passes this is refused instead ({@link StoreBackup#script}).
     */
    public static long scriptBudget(long maxHeapBytes) {
        if (maxHeapBytes == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (long) ((maxHeapBytes - BASE_HEAP_BYTES) / HEAP_BYTES_PER_SCRIPT_CHAR));
    }

    /**
     * The sealed backup of a running appliance.
     *
     * @param policies the policy file the appliance enforces (it may live outside the data directory)
     * @param effectiveConfig the configuration the appliance runs with, as YAML
     * @param maxScriptChars the most SQL the store may be read as ({@link #scriptBudget}): past it the backup is
     *     refused (BackupException, with what to do) instead of running the heap out
     */
    public static byte[] create(
            DataDirectory dir,
            Path policies,
            String effectiveConfig,
            DataSource store,
            BackupCipher cipher,
            long maxScriptChars)
            throws BackupException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (Part p : PARTS) {
                Path source =
                        p.name().equals(POLICIES) ? policies : p.location().apply(dir);
                if (p.name().equals(CONFIG)) {
                    files.put(CONFIG, effectiveConfig.getBytes(StandardCharsets.UTF_8));
                } else if (Files.exists(source)) {
                    files.put(p.name(), Files.readAllBytes(source));
                } else if (p.required()) {
                    throw new BackupException(source + " is missing; the appliance cannot be backed up without it");
                }
            }
            List<String> script;
            try {
                script = StoreBackup.script(store, maxScriptChars);
            } catch (BackupException e) {
                throw new BackupException(e.getMessage() + ": raise the appliance's -Xmx (systemd unit or container) "
                        + "or back up the stopped appliance's data directory and, apart, its master key");
            }
            BackupArchive archive = new BackupArchive(files, script);
            return cipher.seal(archive.encode());
        } catch (IOException e) {
            throw new BackupException("cannot read the appliance's files for backup: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new BackupException(
                    "cannot encrypt the backup: " + e.getClass().getSimpleName(), e);
        } finally {
            files.values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    /**
     * Rebuilds {@code dir} from {@code backupFile}. The whole file is authenticated and every target checked absent
     * before anything is written; a failure part-way removes what this restore wrote.
     */
    public static Restored restore(Path backupFile, BackupCipher cipher, DataDirectory dir) throws BackupException {
        BackupArchive archive = open(backupFile, cipher);
        try {
            Map<Path, byte[]> targets = targets(archive, dir);
            for (Path t : targets.keySet()) {
                if (Files.exists(t)) {
                    throw new BackupException(
                            t + " exists; restore only into an empty data directory (nothing was" + " written)");
                }
            }
            List<Path> written = new ArrayList<>();
            try {
                OwnerOnlyFile.createDirectory(dir.root());
                OwnerOnlyFile.createDirectory(dir.pki());
                for (Map.Entry<Path, byte[]> t : targets.entrySet()) {
                    // Everything restored is 0600: it holds private keys and the token, or is the operator's.
                    OwnerOnlyFile.create(t.getKey(), t.getValue());
                    written.add(t.getKey());
                }
                StoreBackup.replay(archive.statements(), dir.storeBase(), dir.storeFile());
            } catch (IOException | BackupException e) {
                written.forEach(ApplianceBackup::deleteQuietly);
                throw e instanceof BackupException b
                        ? b
                        : new BackupException("cannot write " + dir.root() + ": " + e.getMessage(), e);
            }
            return new Restored(
                    List.copyOf(targets.keySet()),
                    archive.statements().size(),
                    archive.files().isEmpty());
        } finally {
            archive.files().values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    private static BackupArchive open(Path backupFile, BackupCipher cipher) throws BackupException {
        byte[] plain;
        try {
            plain = cipher.open(Files.readAllBytes(backupFile));
        } catch (AEADBadTagException e) {
            throw new BackupException("backup " + backupFile + " failed authentication: it is modified, truncated, "
                    + "or was made with another appliance's master key; nothing was restored");
        } catch (GeneralSecurityException e) {
            throw new BackupException(
                    "cannot decrypt backup " + backupFile + ": " + e.getClass().getSimpleName(), e);
        } catch (IOException e) {
            throw new BackupException("cannot read backup " + backupFile + ": " + e.getMessage(), e);
        }
        try {
            return BackupArchive.decode(plain);
        } catch (IOException e) {
            throw new BackupException(
                    "backup " + backupFile + " authenticated but is not a snpkm backup: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Where each file of the archive goes; a name this version does not know is refused, not dropped. */
    private static Map<Path, byte[]> targets(BackupArchive archive, DataDirectory dir) throws BackupException {
        Map<Path, byte[]> targets = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : archive.files().entrySet()) {
            Part part = PARTS.stream()
                    .filter(p -> p.name().equals(f.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new BackupException("backup holds an unknown file '" + f.getKey()
                            + "' (made by a newer version?); nothing was restored"));
            targets.put(part.location().apply(dir), f.getValue());
        }
        if (!archive.files().isEmpty()) {
            for (Part p : PARTS) {
                if (p.required() && !archive.files().containsKey(p.name())) {
                    throw new BackupException("backup lacks " + p.name() + "; nothing was restored");
                }
            }
        }
        if (Files.exists(dir.storeFile())) {
            throw new BackupException("a store already exists at " + dir.storeFile()
                    + "; stop the appliance and move it away before restoring (nothing was written)");
        }
        return targets;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the error that led here is what the operator needs to see
        }
    }

    /**
     * What a restore wrote.
     *
     * @param files the appliance files written (all 0600)
     * @param statements SQL statements replayed into the new store
     * @param storeOnly the backup was a store-only (format 1) backup: the PKI, token and policies were not in it
     */
    public record Restored(List<Path> files, int statements, boolean storeOnly) {}
}
