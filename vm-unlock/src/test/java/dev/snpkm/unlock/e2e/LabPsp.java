package dev.snpkm.unlock.e2e;

import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The "secure processor" behind the lab's configfs-tsm (test resource lab/configfs_tsm.py): on loopback, it signs a
 * report over each inblob it is sent with a VCEK of the test AMD hierarchy, with the measurement set here.
 */
final class LabPsp implements AutoCloseable {
    private final ServerSocket listener;
    private final AtomicReference<byte[]> measurement;
    private final long policy;
    private final AtomicInteger reports = new AtomicInteger();

    LabPsp(byte[] measurement, long policy) throws IOException {
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.measurement = new AtomicReference<>(measurement.clone());
        this.policy = policy;
        Thread t = new Thread(this::serve, "lab-psp");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void measurement(byte[] m) {
        measurement.set(m.clone());
    }

    int reportsSigned() {
        return reports.get();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                in.readInt(); // privlevel: the report builder's VMPL stays 0, as kmip-unlock asks for none
                byte[] inblob = in.readNBytes(64);
                TestEvidence e = TestEvidence.generate(
                        new SnpReportBuilder()
                                .measurement(measurement.get())
                                .policy(policy)
                                .reportData(inblob),
                        SigningKey.VCEK);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(e.report().length);
                out.write(e.report());
                out.writeInt(e.certTable().length);
                out.write(e.certTable());
                out.flush();
                reports.incrementAndGet();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
