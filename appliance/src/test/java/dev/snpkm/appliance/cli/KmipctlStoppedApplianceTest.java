package dev.snpkm.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.PkiBootstrap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kmipctl against an appliance that is not running: one line saying so, where it looked, exit 1. */
class KmipctlStoppedApplianceTest {
    @TempDir
    Path tmp;

    private int closedPort;

    @BeforeEach
    void bootstrapAndFindAClosedPort() throws Exception {
        new PkiBootstrap(new DataDirectory(tmp), List.of()).run();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = s.getLocalPort();
        }
    }

    @Test
    void kmipCommandsSayTheApplianceIsNotRunningAtItsAddress() {
        for (String[] args : List.of(
                new String[] {"status"}, new String[] {"keys", "list"}, new String[] {"keys", "show", "some-uid"})) {
            String[] full = concat(args, "--server", "127.0.0.1:" + closedPort, "--data-dir", tmp.toString());
            Outcome o = run(full);
            assertThat(o.exit).isEqualTo(1);
            assertThat(o.err.strip())
                    .as(String.join(" ", args))
                    .startsWith("kmipctl: appliance not running at 127.0.0.1:" + closedPort)
                    .doesNotContain("\n");
        }
    }

    @Test
    void adminCommandsSayTheApplianceIsNotRunningAtItsAdminUrl() {
        String url = "http://127.0.0.1:" + closedPort;
        for (String[] args : List.of(new String[] {"audit", "verify"}, new String[] {"policies", "list"}, new String[] {
            "backup", "create", "--out", tmp.resolve("b.bak").toString()
        })) {
            Outcome o = run(concat(args, "--admin-url", url, "--data-dir", tmp.toString()));
            assertThat(o.exit).isEqualTo(1);
            assertThat(o.err.strip())
                    .as(String.join(" ", args))
                    .startsWith("kmipctl: appliance not running at " + url)
                    .doesNotContain("null", "\n");
        }
    }

    private record Outcome(int exit, String err) {}

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Kmipctl.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Outcome(exit, err.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
