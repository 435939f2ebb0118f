package dev.snpkm.appliance.cli;

import dev.snpkm.server.policy.ReleasePolicyRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Release policies. {@code reload} asks the running appliance (loopback admin route) to re-read its policy location:
 * an explicit, authenticated, synchronous request whose answer says whether the new set was accepted, rather than a
 * file watcher that fails silently. A rejected reload keeps the previous policies in force.
 */
@Command(
        name = "policies",
        description = "List, validate and reload release policies.",
        subcommands = {
            PoliciesCommand.ListPolicies.class,
            PoliciesCommand.ValidatePolicy.class,
            PoliciesCommand.ReloadPolicies.class,
            PoliciesMeasureCommand.class
        })
final class PoliciesCommand {

    @Command(name = "list", description = "The policies the running appliance enforces.")
    static final class ListPolicies implements Callable<Integer> {
        @Mixin
        AdminEndpoint admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            spec.commandLine().getOut().println(admin.getText("/admin/policies"));
            return 0;
        }
    }

    @Command(name = "validate", description = "Check a policy file offline, as a reload would.")
    static final class ValidatePolicy implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the policy file to check (YAML, policies: {name: ...})")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            ReleasePolicyRegistry.ReloadResult r = ReleasePolicyRegistry.validate(file);
            if (!r.applied()) {
                throw new CliFailure(file + ": " + r.error().orElse("invalid"));
            }
            spec.commandLine()
                    .getOut()
                    .println("valid: " + r.names().size() + " policies " + r.names() + " in " + file);
            return 0;
        }
    }

    @Command(name = "reload", description = "Make the running appliance re-read its policies without a restart.")
    static final class ReloadPolicies implements Callable<Integer> {
        @Mixin
        AdminEndpoint admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            spec.commandLine().getOut().println(admin.postText("/admin/policies/reload"));
            return 0;
        }
    }
}
