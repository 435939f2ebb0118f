package dev.snpkm.appliance.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * kmipctl: the appliance's admin CLI. KMIP commands (status, keys) speak KMIP over mTLS with the administrator
 * certificate; host commands (policies, audit, backup create) use the loopback admin routes of the running
 * appliance; offline commands (clients, backup restore, policies validate, store migrate) work on the data
 * directory.
 * Exit codes: 0 success, 1 the operation failed, 2 usage error.
 */
@Command(
        name = "kmipctl",
        mixinStandardHelpOptions = true,
        version = "kmipctl 0.1.0",
        // --help and --version on every command and subcommand, not only here.
        scope = CommandLine.ScopeType.INHERIT,
        subcommands = {
            StatusCommand.class,
            KeysCommand.class,
            PoliciesCommand.class,
            ClientsCommand.class,
            AuditCommand.class,
            BackupCommand.class,
            StoreCommand.class
        },
        description = "Administer an snpkm KMIP appliance. Every command takes --help.",
        footer = {"", "Exit codes: 0 success, 1 the operation failed, 2 usage error."})
public final class Kmipctl implements Runnable {

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command (see --help)");
    }

    public static void main(String[] args) {
        // The terminal's own charset, said explicitly.
        System.exit(execute(
                new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
                new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true),
                args));
    }

    /** Runs one command with the given output streams (tests run kmipctl in-process this way). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Kmipctl());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure) {
                cmd.getErr().println("kmipctl: " + e.getMessage());
                return 1;
            }
            // Not an expected failure: still one line, naming what went wrong.
            cmd.getErr()
                    .println("kmipctl: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : ": " + e.getMessage().lines().findFirst().orElse("")));
            return 1;
        });
        return cl.execute(args);
    }
}
