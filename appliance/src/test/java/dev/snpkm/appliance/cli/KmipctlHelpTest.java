package dev.snpkm.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every kmipctl command and subcommand answers --help, and describes itself and every option and parameter. */
class KmipctlHelpTest {

    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Kmipctl()), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }

    @ParameterizedTest(name = "kmipctl {0} --help")
    @MethodSource("commands")
    void helpExitsZeroAndDescribesEveryOption(List<String> path) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        int exit = Kmipctl.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .startsWith("Usage: kmipctl" + (path.isEmpty() ? "" : " " + String.join(" ", path)))
                .contains("--help");

        CommandSpec spec = spec(path);
        assertThat(String.join("", spec.usageMessage().description()))
                .as("description of " + path)
                .isNotBlank();
        List<ArgSpec> args2 = new ArrayList<>(spec.options());
        args2.addAll(spec.positionalParameters());
        for (ArgSpec a : args2) {
            assertThat(String.join("", a.description()))
                    .as(path + " " + a.paramLabel() + " " + a)
                    .isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void theKnownCommandsAreAllThere() {
        assertThat(commands().map(p -> String.join(" ", p)))
                .contains(
                        "keys ungrant",
                        "keys list",
                        "backup restore",
                        "clients issue",
                        "policies validate",
                        "audit verify",
                        "status");
    }

    private static CommandSpec spec(List<String> path) {
        CommandLine cl = new CommandLine(new Kmipctl());
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec();
    }
}
