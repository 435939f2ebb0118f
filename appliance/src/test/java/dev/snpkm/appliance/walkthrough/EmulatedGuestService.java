package dev.snpkm.appliance.walkthrough;

import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.unlock.KeySourceFactory;
import dev.snpkm.unlock.KmipUnlock;
import dev.snpkm.unlock.UnlockEnvironment;
import dev.snpkm.unlock.guest.EmulatedGuest;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/**
 * The VM of the walkthrough: vm-unlock's real {@code kmip-unlock} command line in an emulated SEV-SNP guest, run in
 * the test's JVM (whose generated AMD hierarchy the appliance trusts) and reached by the page's {@code kmip-unlock}
 * script over loopback: one line with the argument count, one argument per line; back come the output lines and
 * {@code __exit__ N}. The guest's configfs-tsm signs reports of a fixed launch measurement with a VCEK of the test
 * hierarchy; cryptsetup is the real one.
 */
final class EmulatedGuestService implements AutoCloseable {
    /** Guest POLICY: SMT allowed, reserved bit 17 set, debugging not allowed. */
    private static final long GUEST_POLICY = 0x30000L;

    private final ServerSocket socket;
    private final UnlockEnvironment env;
    private final Thread thread;

    EmulatedGuestService(Path guestRoot, byte[] measurement) throws IOException {
        AtomicReference<byte[]> certTable = new AtomicReference<>(new byte[0]);
        FakeTsm tsm = new FakeTsm(
                inblob -> {
                    TestEvidence e = TestEvidence.generate(
                            new SnpReportBuilder()
                                    .measurement(measurement)
                                    .policy(GUEST_POLICY)
                                    .reportData(inblob),
                            SigningKey.VCEK);
                    certTable.set(e.certTable());
                    return e.report();
                },
                () -> certTable.get().clone(),
                "sev_guest");
        env = new UnlockEnvironment(
                EmulatedGuest.snp(guestRoot),
                tsm,
                new SystemProcessRunner(),
                KeySourceFactory.attested(),
                "cryptsetup");
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "emulated-guest");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                int n = Integer.parseInt(in.readLine().trim());
                List<String> args = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    args.add(in.readLine());
                }
                StringWriter printed = new StringWriter();
                CommandLine cl = KmipUnlock.commandLine(env);
                cl.setOut(new PrintWriter(printed, true));
                cl.setErr(new PrintWriter(printed, true));
                int exit = cl.execute(args.toArray(String[]::new));
                PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                out.print(printed);
                out.println(
                        (printed.toString().endsWith("\n") || printed.toString().isEmpty() ? "" : "\n") + "__exit__ "
                                + exit);
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (!socket.isClosed()) {
                    System.err.println("emulated guest: " + e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
