package dev.snpkm.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.PkiBootstrap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forgetting the VM role is not possible: `clients issue` needs exactly one of --vm and --service. */
class ClientsIssueRoleTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void bootstrap() throws Exception {
        new PkiBootstrap(new DataDirectory(tmp.resolve("data")), List.of()).run();
    }

    @Test
    void withoutARoleNothingIsIssued() throws Exception {
        Path out = tmp.resolve("out-none");
        Outcome o = issue(out);
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("--vm").contains("--service");
        assertThat(out).doesNotExist();
    }

    @Test
    void bothRolesAtOnceAreRefused() throws Exception {
        Path out = tmp.resolve("out-both");
        Outcome o = issue(out, "--vm", "--service");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("mutually exclusive");
        assertThat(out).doesNotExist();
    }

    @Test
    void aVmRoleIssuesTheCertificate() throws Exception {
        Path out = tmp.resolve("out-vm");
        Outcome o = issue(out, "--vm");
        assertThat(o.exit).as(o.err).isZero();
        assertThat(Files.exists(out.resolve("guest-1.pem"))).isTrue();
        assertThat(Files.exists(out.resolve("guest-1.key"))).isTrue();
    }

    private Outcome issue(Path out, String... role) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "clients",
                "issue",
                "--cn",
                "guest-1",
                "--out",
                out.toString(),
                "--data-dir",
                tmp.resolve("data").toString()));
        args.addAll(List.of(role));
        StringWriter err = new StringWriter();
        int exit = Kmipctl.execute(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Outcome(exit, err.toString());
    }

    private record Outcome(int exit, String err) {}
}
