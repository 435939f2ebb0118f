package dev.snpkm.appliance.backup;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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
 *
 * <p>A backup is streamed both ways (file format 2, {@link SealedStream} over {@link StreamedArchive}): the online
 * backup reads the store's SQL a statement at a time into sealed 64 KiB chunks, the restore reads it back the same
 * way, so neither holds the store in memory, whatever its size. Format 1 files (one sealed message) still restore.
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

    private ApplianceBackup() {}

    /**
     * Begins the backup of a running appliance: reads its files and opens the store's point-in-time read, so what
     * can fail before a byte is sent fails here, with its reason.
     *
     * @param policies the policy file the appliance enforces (it may live outside the data directory)
     * @param effectiveConfig the configuration the appliance runs with, as YAML
     * @param cipher seals the stream; the caller keeps it until the backup is closed, then destroys it
     */
    public static Online begin(
            DataDirectory dir, Path policies, String effectiveConfig, DataSource store, BackupCipher cipher)
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
            return new Online(files, StoreBackup.open(store), cipher);
        } catch (IOException e) {
            zero(files);
            throw new BackupException("cannot read the appliance's files for backup: " + e.getMessage(), e);
        } catch (BackupException | RuntimeException e) {
            zero(files);
            throw e;
        }
    }

    /** A backup begun: written once by {@link #writeTo}, then closed (which ends the store's read). */
    public static final class Online implements AutoCloseable {
        private final Map<String, byte[]> files;
        private final StoreBackup.Script script;
        private final BackupCipher cipher;

        private Online(Map<String, byte[]> files, StoreBackup.Script script, BackupCipher cipher) {
            this.files = files;
            this.script = script;
            this.cipher = cipher;
        }

        /**
         * Streams the sealed backup (format 2, {@link SealedStream}) onto {@code out}, statement by statement. It is
         * complete, its final chunk written, only when this returns; a failure leaves {@code out} without one.
         *
         * @return the store statements written
         */
        public long writeTo(OutputStream out) throws BackupException, IOException {
            long statements = 0;
            try (SealedStream.Writer sealed = cipher.sealing(out);
                    StreamedArchive.Writer archive = new StreamedArchive.Writer(sealed, files)) {
                for (String sql; (sql = script.next()) != null; statements++) {
                    archive.statement(sql);
                }
                archive.finish();
                sealed.finish();
            }
            return statements;
        }

        @Override
        public void close() {
            script.close();
            zero(files);
        }
    }

    /**
     * Rebuilds {@code dir} from {@code backupFile}. The whole file is authenticated and every target checked absent
     * before anything is written; a failure part-way removes what this restore wrote. A streamed (format 2) backup is
     * read twice: to authenticate it through its final chunk, then to write it, a chunk and a statement at a time.
     */
    public static Restored restore(Path backupFile, BackupCipher cipher, DataDirectory dir) throws BackupException {
        try (FileChannel file = FileChannel.open(backupFile, StandardOpenOption.READ)) {
            // One open file for both passes: a backup renamed over this one in between is not read.
            InputStream in = Channels.newInputStream(file);
            byte[] magic = in.readNBytes(SealedStream.MAGIC.length);
            file.position(0);
            return SealedStream.startsWithMagic(magic)
                    ? restoreStream(backupFile, file, cipher, dir)
                    : restoreWhole(backupFile, in.readAllBytes(), cipher, dir);
        } catch (IOException e) {
            throw new BackupException("cannot read backup " + backupFile + ": " + e.getMessage(), e);
        }
    }

    /** Format 2: pass 1 authenticates and decodes it all, writing nothing; pass 2 writes it. */
    private static Restored restoreStream(Path backupFile, FileChannel file, BackupCipher cipher, DataDirectory dir)
            throws BackupException, IOException {
        Map<String, byte[]> files;
        long statements = 0;
        SealedStream.Reader checked;
        try (SealedStream.Reader sealed = cipher.opening(Channels.newInputStream(file));
                StreamedArchive.Reader archive = new StreamedArchive.Reader(sealed)) {
            files = archive.files();
            while (archive.next() != null) {
                statements++;
            }
            checked = sealed;
        } catch (IOException e) {
            throw unreadable(backupFile, e);
        }
        try {
            Map<Path, byte[]> targets = targets(files, dir);
            file.position(0);
            try (SealedStream.Reader sealed = cipher.opening(Channels.newInputStream(file));
                    StreamedArchive.Reader archive = new StreamedArchive.Reader(sealed)) {
                if (!sealed.sameBackupAs(checked)) {
                    throw new BackupException(
                            "backup " + backupFile + " changed while it was restored; nothing was restored");
                }
                zero(archive.files());
                write(targets, archive::next, dir);
            }
            return new Restored(List.copyOf(targets.keySet()), statements, false);
        } finally {
            zero(files);
        }
    }

    /** Format 1: one GCM message, read whole (backups made before the streamed format). */
    private static Restored restoreWhole(Path backupFile, byte[] sealed, BackupCipher cipher, DataDirectory dir)
            throws BackupException {
        BackupArchive archive = open(backupFile, sealed, cipher);
        try {
            Map<Path, byte[]> targets = targets(archive.files(), dir);
            Iterator<String> statements = archive.statements().iterator();
            write(targets, () -> statements.hasNext() ? statements.next() : null, dir);
            return new Restored(
                    List.copyOf(targets.keySet()),
                    archive.statements().size(),
                    archive.files().isEmpty());
        } finally {
            zero(archive.files());
        }
    }

    /** Writes the files (each 0600) and replays the store; on any failure removes what it wrote. */
    private static void write(Map<Path, byte[]> targets, StoreBackup.Statements statements, DataDirectory dir)
            throws BackupException {
        List<Path> written = new ArrayList<>();
        try {
            OwnerOnlyFile.createDirectory(dir.root());
            OwnerOnlyFile.createDirectory(dir.pki());
            for (Map.Entry<Path, byte[]> t : targets.entrySet()) {
                // Everything restored is 0600: it holds private keys and the token, or is the operator's.
                OwnerOnlyFile.create(t.getKey(), t.getValue());
                written.add(t.getKey());
            }
            StoreBackup.replay(statements, dir.storeBase(), dir.storeFile());
        } catch (IOException | BackupException e) {
            written.forEach(ApplianceBackup::deleteQuietly);
            throw e instanceof BackupException b
                    ? b
                    : new BackupException("cannot write " + dir.root() + ": " + e.getMessage(), e);
        }
    }

    private static BackupArchive open(Path backupFile, byte[] sealed, BackupCipher cipher) throws BackupException {
        byte[] plain;
        try {
            plain = cipher.open(sealed);
        } catch (AEADBadTagException e) {
            throw notAuthentic(backupFile);
        } catch (GeneralSecurityException e) {
            throw new BackupException(
                    "cannot decrypt backup " + backupFile + ": " + e.getClass().getSimpleName(), e);
        }
        try {
            return BackupArchive.decode(plain);
        } catch (IOException e) {
            throw unreadable(backupFile, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static BackupException unreadable(Path backupFile, IOException e) {
        if (e instanceof SealedStream.NotAuthentic) {
            return notAuthentic(backupFile);
        }
        return new BackupException(
                "backup " + backupFile + " authenticated but is not a snpkm backup: " + e.getMessage(), e);
    }

    private static BackupException notAuthentic(Path backupFile) {
        return new BackupException("backup " + backupFile + " failed authentication: it is modified, truncated, "
                + "or was made with another appliance's master key; nothing was restored");
    }

    /**
     * Where each file of the archive goes, each checked absent; a name this version does not know is refused, not
     * dropped.
     */
    private static Map<Path, byte[]> targets(Map<String, byte[]> files, DataDirectory dir) throws BackupException {
        Map<Path, byte[]> targets = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Part part = PARTS.stream()
                    .filter(p -> p.name().equals(f.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new BackupException("backup holds an unknown file '" + f.getKey()
                            + "' (made by a newer version?); nothing was restored"));
            targets.put(part.location().apply(dir), f.getValue());
        }
        if (!files.isEmpty()) {
            for (Part p : PARTS) {
                if (p.required() && !files.containsKey(p.name())) {
                    throw new BackupException("backup lacks " + p.name() + "; nothing was restored");
                }
            }
        }
        if (Files.exists(dir.storeFile())) {
            throw new BackupException("a store already exists at " + dir.storeFile()
                    + "; stop the appliance and move it away before restoring (nothing was written)");
        }
        for (Path t : targets.keySet()) {
            if (Files.exists(t)) {
                throw new BackupException(
                        t + " exists; restore only into an empty data directory (nothing was written)");
            }
        }
        return targets;
    }

    private static void zero(Map<String, byte[]> files) {
        files.values().forEach(b -> Arrays.fill(b, (byte) 0));
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
     * @param storeOnly the backup was a store-only (archive format 1) backup: the PKI, token and policies were not in
     *     it
     */
    public record Restored(List<Path> files, long statements, boolean storeOnly) {}
}
