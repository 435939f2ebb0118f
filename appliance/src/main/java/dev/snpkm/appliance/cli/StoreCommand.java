package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.migrate.MigrationException;
import dev.snpkm.appliance.migrate.StoreCopy;
import dev.snpkm.appliance.server.AuditInbox;
import dev.snpkm.appliance.server.StoreDatabase;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.PostgresDatabase;
import dev.snpkm.server.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Moves the store between databases: an H2 appliance's store into PostgreSQL, for a multi-node deployment. */
@Command(
        name = "store",
        description = "Move the appliance's store to another database.",
        subcommands = StoreCommand.Migrate.class)
final class StoreCommand {

    @Command(
            name = "migrate",
            description = "Copy the data directory's H2 store into an empty PostgreSQL database "
                    + "(appliance stopped); the password is read from a file.")
    static final class Migrate implements Callable<Integer> {
        static final String ACTION = "store-migrate";
        static final String ACTOR = "kmipctl store migrate (on the data directory)";

        @Option(
                names = "--data-dir",
                defaultValue = DataDirectory.DEFAULT,
                paramLabel = "DIR",
                description = "the stopped appliance's data directory, holding the H2 store and master.key "
                        + "(default ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(
                names = "--to",
                required = true,
                description = "jdbc:postgresql://host:5432/db, TLS options in the query (sslmode=verify-full...)")
        String to;

        @Option(names = "--user", required = true, description = "the PostgreSQL role that owns the target database")
        String user;

        @Option(names = "--password-file", required = true, description = "first line: the password; mode 0600")
        Path passwordFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            DataDirectory dir = new DataDirectory(dataDir);
            if (!Files.isRegularFile(dir.storeFile())) {
                throw new CliFailure("no H2 store at " + dir.storeFile());
            }
            AuditChainKey chainKey = chainKey(dir);
            // H2 locks its file: while the appliance runs, opening it fails, so the copy is never of a moving store.
            try (Database source = Database.openH2File(dir.storeBase(), 2);
                    Database target = PostgresDatabase.open(to, user, passwordFile, 2)) {
                StoreCopy.Result result;
                try {
                    result = StoreCopy.copy(source, target, chainKey);
                } catch (MigrationException e) {
                    recordFailure(dir, e);
                    throw e;
                }
                recordSuccess(dir, target, chainKey, result);
                PrintWriter out = spec.commandLine().getOut();
                for (Map.Entry<String, Long> t : result.rows().entrySet()) {
                    out.println("copied " + t.getValue() + " rows of " + t.getKey());
                }
                out.println("audit chain verified on the target: " + result.auditRecords() + " records");
                out.println("next: set store.url, store.user and store.password-file in the appliance's config; every "
                        + "node needs this data directory's master.key, pki/ and policies");
                return 0;
            } catch (StoreException | MigrationException e) {
                throw new CliFailure(e);
            }
        }

        /**
         * The chain the nodes will continue records its own arrival; a source left behind is not written to. The copy
         * has committed by now, so a record the target refuses goes through the inbox instead of failing the command.
         */
        private void recordSuccess(DataDirectory dir, Database target, AuditChainKey chainKey, StoreCopy.Result result)
                throws CliFailure {
            String detail = "copied from " + dir.storeFile() + " to " + StoreDatabase.withoutQuery(to) + ": "
                    + result.rows().getOrDefault("managed_object", 0L) + " objects, " + result.auditRecords()
                    + " audit records";
            try {
                new JdbcAuditLog(target, Clock.systemUTC(), chainKey)
                        .append(new AuditEvent(ACTOR, ACTION, null, "ok", detail));
            } catch (StoreException e) {
                try {
                    AuditInbox.submit(
                            dir, ACTION, "ok", detail + " (the target refused the record: " + e.getMessage() + ")");
                } catch (IOException io) {
                    throw new CliFailure("the store was copied, but the copy could not be audited: " + e.getMessage()
                            + "; " + io.getMessage());
                }
            }
        }

        /**
         * A failed copy leaves both stores as they were; the attempt is recorded through the data directory's audit
         * inbox, chained by the appliance's next start on it (whichever store it then runs on).
         */
        private void recordFailure(DataDirectory dir, MigrationException e) {
            try {
                AuditInbox.submit(
                        dir, ACTION, "failed", "to " + StoreDatabase.withoutQuery(to) + ": " + e.getMessage());
            } catch (IOException io) {
                spec.commandLine().getErr().println("warning: the failure could not be recorded for the audit: " + io);
            }
        }

        /** The audit chain's key, from the master key: the copy's chain is verified on the target before success. */
        private static AuditChainKey chainKey(DataDirectory dir) throws CliFailure {
            try {
                return new MasterKeyFile(dir.masterKey()).auditChainKey();
            } catch (IOException e) {
                throw new CliFailure("cannot read the master key (it keys the audit chain): " + e.getMessage());
            }
        }
    }
}
