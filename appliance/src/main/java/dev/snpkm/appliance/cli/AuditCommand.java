package dev.snpkm.appliance.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The hash-chained audit log, read through the running appliance (it holds the store's file lock). */
@Command(
        name = "audit",
        description = "Show and verify the audit log.",
        subcommands = {AuditCommand.Tail.class, AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "tail", description = "The newest audit records, oldest first.")
    static final class Tail implements Callable<Integer> {
        @Mixin
        AdminEndpoint admin;

        @Option(
                names = {"-n", "--records"},
                defaultValue = "20",
                paramLabel = "N",
                description = "how many of the newest records to show (default ${DEFAULT-VALUE})")
        int records;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            spec.commandLine().getOut().println(admin.getText("/admin/audit/tail?n=" + records));
            return 0;
        }
    }

    @Command(name = "verify", description = "Walk the keyed chain; exit 1 if any record was altered or removed.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        AdminEndpoint admin;

        @Option(
                names = "--anchor",
                description = "seq:hex from an event=audit_anchor log line or a backup: also "
                        + "detect records removed from the end")
        String anchor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            String result = admin.getText("/admin/audit/verify"
                    + (anchor == null
                            ? ""
                            : "?anchor="
                                    + java.net.URLEncoder.encode(anchor, java.nio.charset.StandardCharsets.UTF_8)));
            spec.commandLine().getOut().println(result);
            return result.startsWith("intact") ? 0 : 1;
        }
    }
}
