package dev.snpkm.unlock;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The boot agent: {@code kmip-unlock open | enroll | check | config}. */
@Command(
        name = "kmip-unlock",
        mixinStandardHelpOptions = true,
        version = "kmip-unlock 0.1.0",
        description = "Unlock LUKS volumes of an AMD SEV-SNP guest with keys from the SNP key manager (KMIP).",
        footer = {
            "",
            "Exit status: 0 ok, 1 failed, 2 usage or configuration error, 3 Security Violation "
                    + "(not an SEV-SNP guest; nothing sent)."
        })
public final class KmipUnlock implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(UnlockEnvironment.system()).execute(args));
    }

    /** The command tree over {@code env}; tests pass an emulated guest. */
    public static CommandLine commandLine(UnlockEnvironment env) {
        return new CommandLine(new KmipUnlock())
                .addSubcommand(new OpenCommand(env))
                .addSubcommand(new EnrollCommand(env))
                .addSubcommand(new CheckCommand(env))
                .addSubcommand(new ConfigCommand(env));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
