package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.backup.ApplianceBackup;
import dev.snpkm.appliance.backup.BackupCipher;
import dev.snpkm.appliance.backup.BackupException;
import dev.snpkm.appliance.backup.SealedStream;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.appliance.http.AdminRoutes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Whole-appliance backups (store, PKI, admin token, revoked clients, policies, effective configuration; see
 * {@link ApplianceBackup}). {@code create} asks the running appliance for a consistent online copy, encrypted
 * in-process under a key derived from the master key (plaintext never crosses the admin connection) and written 0600.
 * {@code restore} rebuilds an empty data directory with the appliance stopped, and refuses any file that does not
 * authenticate under the master key. The master key is not in the backup: keep master.key separately, offline.
 */
@Command(
        name = "backup",
        description = "Create and restore encrypted whole-appliance backups (the master key stays separate).",
        subcommands = {BackupCommand.Create.class, BackupCommand.Restore.class})
final class BackupCommand {

    @Command(
            name = "create",
            description = "Online backup of the running appliance: store, PKI, admin token, revoked clients, "
                    + "policies and effective configuration, sealed under the master key, written 0600.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminEndpoint admin;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "the backup file to write (must not exist; created 0600)")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            if (Files.exists(
                    out, LinkOption.NOFOLLOW_LINKS)) { // a dangling link too: refused before the backup is made
                throw new CliFailure(out + " exists; choose a new file name");
            }
            // The backup is written as it arrives, under a temporary name, and given --out only once its final chunk
            // came: a backup the appliance gave up part-way, or a cut connection, leaves no file behind.
            AdminEndpoint.Streamed<Long> reply =
                    admin.postStreamed("/admin/backup", AdminRoutes.AUDIT_ANCHOR_HEADER, body -> {
                        try {
                            OwnerOnlyFile.create(out, file -> SealedStream.copyComplete(body, file));
                            return Files.size(out);
                        } catch (IOException e) {
                            throw new IOException("backup not written to " + out + ": " + e.getMessage(), e);
                        }
                    });
            spec.commandLine()
                    .getOut()
                    .println("backup written to " + out + " (" + reply.result()
                            + " bytes, mode 0600, AES-256-GCM under a key derived from the master key; keep master.key "
                            + "apart from it)");
            // Kept outside the store, the anchor lets `audit verify --anchor` catch records later cut off the end.
            reply.header().ifPresent(a -> spec.commandLine().getOut().println("audit_anchor=" + a));
            return 0;
        }
    }

    @Command(
            name = "restore",
            description = "Rebuild an empty data directory from a backup (appliance stopped); the appliance then "
                    + "starts as the same appliance.")
    static final class Restore implements Callable<Integer> {
        @Option(names = "--in", required = true, paramLabel = "FILE", description = "the backup file")
        Path in;

        @Option(
                names = "--data-dir",
                defaultValue = DataDirectory.DEFAULT,
                paramLabel = "DIR",
                description = "the data directory to rebuild; it must hold no store, PKI or token "
                        + "(default ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(
                names = "--master-key",
                paramLabel = "FILE",
                description = "the appliance's master key (32 bytes, mode 0600), copied into the data directory; "
                        + "without it, <data-dir>/master.key must already be there")
        Path masterKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            DataDirectory dir = new DataDirectory(dataDir);
            if (masterKey != null && Files.exists(dir.masterKey())) {
                throw new CliFailure(dir.masterKey() + " exists; drop --master-key or move it away");
            }
            byte[] key = readMasterKey(masterKey != null ? masterKey : dir.masterKey());
            try {
                ApplianceBackup.Restored r = ApplianceBackup.restore(in, new BackupCipher(key), dir);
                if (masterKey != null) {
                    writeMasterKey(dir, key);
                }
                ClientsCommand.audit(dir, "restore", "from " + in.toAbsolutePath());
                report(r, dir);
                return 0;
            } catch (BackupException e) {
                throw new CliFailure(e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }

        private static byte[] readMasterKey(Path file) throws CliFailure {
            try {
                return new MasterKeyFile(file).readBytes();
            } catch (IOException e) {
                throw new CliFailure(
                        "cannot read the master key " + file + " (give --master-key FILE): " + e.getMessage());
            }
        }

        private static void writeMasterKey(DataDirectory dir, byte[] key) throws CliFailure {
            try {
                OwnerOnlyFile.create(dir.masterKey(), key);
            } catch (IOException e) {
                throw new CliFailure("restored, but cannot write " + dir.masterKey() + ": " + e.getMessage());
            }
        }

        private void report(ApplianceBackup.Restored r, DataDirectory dir) {
            PrintWriter o = spec.commandLine().getOut();
            o.println("restored " + r.statements() + " store statements into " + dir.storeFile());
            if (r.storeOnly()) {
                o.println("this was a store-only backup: the PKI, admin token and policies were not in it");
                return;
            }
            r.files().forEach(f -> o.println("restored " + f + " (mode 0600)"));
            o.println("the configuration at backup time is in " + dir.root().resolve(ApplianceBackup.RESTORED_CONFIG)
                    + "; start the appliance with the same --config file (compare the two)");
        }
    }
}
