package dev.snpkm.sev.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the sev-verifier command line: {@code sev-verifier verify --report FILE ...}. */
@Command(
        name = "sev-verifier",
        mixinStandardHelpOptions = true,
        version = "sev-verifier 0.1.0",
        description = "SEV-SNP attestation report tools.",
        subcommands = {VerifyCommand.class})
public final class SevVerifierCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use 'verify'");
    }

    /**
     * picocli maps parameter errors to exit code 2 (usage). Any other unexpected error becomes a one-line
     * message and exit 2 as well, so exit 1 always means "the report was refused".
     */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** With the given factory for the commands (a test's VerifyCommand trusts a generated AMD hierarchy). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(new SevVerifierCli(), factory).setExecutionExceptionHandler((ex, cl, parsed) -> {
            cl.getErr().println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return VerifyCommand.USAGE;
        });
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
