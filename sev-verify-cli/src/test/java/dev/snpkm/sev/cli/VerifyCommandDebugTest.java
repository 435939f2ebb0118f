package dev.snpkm.sev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.TestEvidence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The review's finding: {@code verify} without {@code --policy} accepted a debug-enabled guest with exit 0, so a
 * script doing {@code verify && release} would release to a guest whose memory the host can read. The reports here
 * are authentic (signed under a generated AMD hierarchy the command is told to trust); only the debug bit differs.
 */
class VerifyCommandDebugTest {
    private static final long NO_DEBUG = 0x30000L;
    private static final long DEBUG = 0x30000L | 1L << 19;

    record Run(int exit, String out, String err) {
        List<String> codes() throws Exception {
            JsonNode j = new ObjectMapper().readTree(out);
            List<String> codes = new ArrayList<>();
            j.get("failures").forEach(n -> codes.add(n.get("code").asText()));
            return codes;
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory trustTestRoots = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == VerifyCommand.class
                        ? cls.cast(new VerifyCommand(TestAmdHierarchy.get().rootStore()))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cl = SevVerifierCli.commandLine(trustTestRoots);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static String[] files(Path dir, long policy) throws Exception {
        TestEvidence e = TestEvidence.generate(
                new SnpReportBuilder().product(ProductLine.GENOA).policy(policy), SigningKey.VCEK);
        Path report = Files.write(dir.resolve("report-" + policy + ".bin"), e.report());
        Path vcek = Files.write(dir.resolve("vcek-" + policy + ".der"), e.vek().der());
        return new String[] {"verify", "--report", report.toString(), "--vcek", vcek.toString()};
    }

    @Test
    void withoutAPolicyADebuggableGuestIsRefusedUnlessExplicitlyAllowed(@TempDir Path dir) throws Exception {
        Run plain = run(files(dir, NO_DEBUG));
        assertThat(plain.exit()).as(plain.out() + plain.err()).isZero();

        String[] debuggable = files(dir, DEBUG);
        Run refused = run(debuggable);
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.codes()).containsExactly("DEBUG_ENABLED");

        String[] allowed = java.util.Arrays.copyOf(debuggable, debuggable.length + 1);
        allowed[debuggable.length] = "--allow-debug";
        Run accepted = run(allowed);
        assertThat(accepted.exit()).as(accepted.out() + accepted.err()).isZero();
    }

    @Test
    void allowDebugWithAPolicyIsAUsageError(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "measurements: []\n");
        String[] base = files(dir, DEBUG);
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of("--policy", policy.toString(), "--allow-debug"));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--allow-debug applies only without --policy");
    }
}
