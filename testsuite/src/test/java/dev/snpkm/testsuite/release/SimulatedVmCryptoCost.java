package dev.snpkm.testsuite.release;

import dev.snpkm.testsuite.e2e.SimulatedSnpGuest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;
import org.conscrypt.Conscrypt;

/**
 * CPU per operation of the boot storm driver's per-VM client cryptography, the JDK's SunEC against
 * {@link SimulatedVmCrypto} and Conscrypt (each named explicitly, nothing installed): a P-256 ECDSA signature with a
 * key SunEC parsed (the VM's TLS CertificateVerify), a P-384 key pair plus one ECDH agreement (the VM's wrapping key
 * and its unwrap), and the simulated PSP's report signature. Thread CPU time over {@code n} operations after as many
 * for warm-up. Not a surefire test; docs/benchmarks/attested-release-v2.md.
 *
 * <p>Argument: operations per measurement (300).
 */
public final class SimulatedVmCryptoCost {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private SimulatedVmCryptoCost() {}

    interface Op {
        void run() throws GeneralSecurityException;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        KeyPairGenerator sunEc = KeyPairGenerator.getInstance("EC", "SunEC");
        sunEc.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair tlsKey = sunEc.generateKeyPair();
        byte[] transcript = new byte[200];
        Provider[] providers = {Security.getProvider("SunEC"), SimulatedVmCrypto.create(), Conscrypt.newProvider()};
        for (Provider p : providers) {
            double sign = cpuMsPerOp(n, () -> {
                Signature s = Signature.getInstance("SHA256withECDSA", p);
                s.initSign(tlsKey.getPrivate());
                s.update(transcript);
                s.sign();
            });
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
            g.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair server = g.generateKeyPair();
            double ecdh = cpuMsPerOp(n, () -> {
                KeyPair own = g.generateKeyPair();
                KeyAgreement ka = KeyAgreement.getInstance("ECDH", p);
                ka.init(own.getPrivate());
                ka.doPhase(server.getPublic(), true);
                ka.generateSecret();
            });
            System.out.printf(
                    "provider=%s p256-sign-cpu-ms=%.3f p384-keypair+ecdh-cpu-ms=%.3f%n", p.getName(), sign, ecdh);
        }
        SimulatedSnpGuest psp = SimulatedSnpGuest.withOneVcek(new byte[48]);
        byte[] reportData = new byte[64];
        System.out.printf("simulated-psp-report-cpu-ms=%.3f%n", cpuMsPerOp(n, () -> psp.report(reportData)));
    }

    private static double cpuMsPerOp(int n, Op op) throws GeneralSecurityException {
        for (int i = 0; i < n; i++) {
            op.run();
        }
        long start = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (MX.getCurrentThreadCpuTime() - start) / 1e6 / n;
    }
}
