package dev.snpkm.unlock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.TestPki;
import dev.snpkm.sev.testing.UnsignedReportBuilder;
import dev.snpkm.unlock.guest.EmulatedGuest;
import dev.snpkm.unlock.luks.RecordingProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A hung key manager (accepts TCP, never answers) must not hold the boot past {@code open}'s deadline, whatever the
 * per-attempt timeouts and retry count say: with the 0.1 defaults it held it for 188 s.
 */
@Timeout(60)
class OpenDeadlineTest {
    @TempDir
    Path dir;

    @Test
    void aHungKeyManagerIsGivenUpOnAtTheDeadlineDespiteLongTimeoutsAndManyAttempts() throws Exception {
        TestPki pki = TestPki.generate(dir.resolve("pki"));
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hung.isClosed()) {
                    try {
                        held.add(hung.accept()); // never read, never written, never closed until the end
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RecordingProcessRunner processes = new RecordingProcessRunner();
            UnlockEnvironment env = new UnlockEnvironment(
                    EmulatedGuest.snp(dir.resolve("root")),
                    new FakeTsm(in -> new UnsignedReportBuilder().reportData(in).build(), new byte[0], "sev_guest"),
                    processes,
                    KeySourceFactory.attested(),
                    "cryptsetup");
            StringWriter err = new StringWriter();
            CommandLine cl = KmipUnlock.commandLine(env);
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));

            long start = System.nanoTime();
            int status = cl.execute(
                    "open",
                    "--server",
                    "127.0.0.1:" + hung.getLocalPort(),
                    "--key-id",
                    "disk-1",
                    "--ca",
                    pki.caCertificatePem().toString(),
                    "--cert",
                    pki.client().certificatePem().toString(),
                    "--key",
                    pki.client().privateKeyPem().toString(),
                    "--device",
                    "/dev/vda2",
                    "--test-passphrase",
                    "--read-timeout",
                    "60",
                    "--connect-timeout",
                    "60",
                    "--attempts",
                    "20",
                    "--deadline",
                    "5");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(status).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString())
                    .contains("no key from 127.0.0.1:" + hung.getLocalPort() + " within the 5 s deadline");
            assertThat(held).as("the client did reach the hung server").isNotEmpty();
            // The key fetch ends 2 s before the deadline (kept for cryptsetup); the whole open within it.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(5));
            assertThat(processes.invocations()).as("cryptsetup without a key").isEmpty();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aDeadlineTooShortToKeepTimeForCryptsetupIsAUsageError() {
        CommandLine cl = KmipUnlock.commandLine(new UnlockEnvironment(
                dir, null, new RecordingProcessRunner(), KeySourceFactory.attested(), "cryptsetup"));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("open", "--deadline", "2", "--device", "/dev/vda2"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("deadline must be at least 3 s");
    }
}
