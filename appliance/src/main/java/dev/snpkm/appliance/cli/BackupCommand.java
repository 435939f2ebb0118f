package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.backup.BackupCipher;
import dev.snpkm.appliance.backup.BackupException;
import dev.snpkm.appliance.backup.StoreBackup;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.appliance.http.AdminRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Encrypted store backups. {@code create} asks the running appliance for a consistent online copy, encrypted
 * in-process under a key derived from the master key (plaintext never crosses the admin connection).
 * {@code restore} runs with the appliance stopped, against its data directory, and refuses any file that does not
 * authenticate under this appliance's master key. Keep master.key backed up separately: it is what opens a backup.
 */
@Command(name = "backup", description = "Create and restore encrypted store backups.",
        subcommands = {BackupCommand.Create.class, BackupCommand.Restore.class})
final class BackupCommand {

    @Command(name = "create", description = "Online backup of the running appliance's store.")
    static final class Create implements Callable<Integer> {
        @Mixin
        AdminEndpoint admin;

        @Option(names = "--out", required = true)
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            if (Files.exists(out)) {
                throw new CliFailure(out + " exists; choose a new file name");
            }
            AdminEndpoint.Reply reply = admin.post("/admin/backup", AdminRoutes.AUDIT_ANCHOR_HEADER);
            byte[] backup = reply.body();
            try {
                OwnerOnlyFile.create(out, backup);
            } catch (IOException e) {
                throw new CliFailure("cannot write " + out + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println("backup written to " + out + " (" + backup.length
                    + " bytes, AES-256-GCM under a key derived from the master key)");
            // Kept outside the store, the anchor lets `audit verify --anchor` catch records later cut off the end.
            reply.header().ifPresent(a -> spec.commandLine().getOut().println("audit_anchor=" + a));
            return 0;
        }
    }

    @Command(name = "restore", description = "Restore a backup into a data directory with no store (appliance stopped).")
    static final class Restore implements Callable<Integer> {
        @Option(names = "--in", required = true)
        Path in;

        @Option(names = "--data-dir", defaultValue = "/var/lib/snpkm")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            DataDirectory dir = new DataDirectory(dataDir);
            byte[] key;
            try {
                key = new MasterKeyFile(dir.masterKey()).readBytes();
            } catch (IOException e) {
                throw new CliFailure("cannot read the master key: " + e.getMessage());
            }
            try {
                int n = StoreBackup.restore(in, new BackupCipher(key), dir.storeBase(), dir.storeFile());
                ClientsCommand.audit(dir, "restore", "from " + in.toAbsolutePath() + " (" + n + " statements)");
                spec.commandLine().getOut().println("restored " + n + " statements into " + dir.storeFile());
                return 0;
            } catch (BackupException e) {
                throw new CliFailure(e.getMessage());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }
}
