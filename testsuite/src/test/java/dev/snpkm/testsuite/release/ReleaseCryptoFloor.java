package dev.snpkm.testsuite.release;

import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.server.wrap.EcdhCurve;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.verify.ReportVerifier;
import dev.snpkm.testsuite.e2e.SimulatedSnpGuest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * The server's cryptographic floor for one release, measured on one thread with the classes the server runs: report
 * verification with the VCEK chain cached (the server's {@link ReportVerifier}, one instance, the same report, policy
 * and REPORT_DATA check) plus the wrapping's server side: an ephemeral key pair on the guest key's curve (P-256 or
 * P-384) and one ECDH agreement (Bouncy Castle low-level, as {@code EcdhKeyWrap}), or one RSA-3072 OAEP-SHA256
 * encryption (JCA, as {@code KeyWrapper}). CPU time of this thread (ThreadMXBean), after a warm-up.
 */
final class ReleaseCryptoFloor {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** CPU milliseconds per operation: the verify, the wrap's server side, and their sum (the floor). */
    record Floor(double verifyMs, double wrapMs) {
        double totalMs() {
            return verifyMs + wrapMs;
        }
    }

    private ReleaseCryptoFloor() {}

    /**
     * The floor measured on {@code threads} threads at once, each running its own verifier and wrap (CPU time per
     * operation, averaged over the threads): the same thread count as the release cell it is compared with, so that
     * two loops sharing the machine's cores are compared with a server whose releases share them too.
     */
    static Floor measure(
            byte[] measurement, ReleasePolicy policy, ReleaseWrapping wrapping, int iterations, int threads)
            throws Exception {
        if (threads == 1) {
            return measure(measurement, policy, wrapping, iterations);
        }
        Floor[] floors = new Floor[threads];
        Exception[] failure = new Exception[1];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int i = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                    floors[i] = measure(measurement, policy, wrapping, iterations);
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        double verify = 0;
        double wrap = 0;
        for (Floor f : floors) {
            verify += f.verifyMs() / threads;
            wrap += f.wrapMs() / threads;
        }
        return new Floor(verify, wrap);
    }

    static Floor measure(byte[] measurement, ReleasePolicy policy, ReleaseWrapping wrapping, int iterations)
            throws Exception {
        SimulatedSnpGuest guest = SimulatedSnpGuest.withOneVcek(measurement);
        byte[] reportData = new byte[64];
        new SecureRandom().nextBytes(reportData);
        SnpEvidence evidence = guest.report(reportData);
        ReportVerifier verifier = ReportVerifier.builder()
                .roots(TestAmdHierarchy.get().rootStore())
                .clock(Clock.systemUTC())
                .build();
        Runnable verify = () -> {
            if (!verifier.verify(evidence.report(), evidence.certificateTable(), reportData, policy)
                    .accepted()) {
                throw new IllegalStateException("the floor's report does not verify");
            }
        };
        Runnable wrap = switch (wrapping) {
            case ECDH_P256_AES_KW -> ecdh(EcdhCurve.P_256);
            case ECDH_P384_AES_KW -> ecdh(EcdhCurve.P_384);
            case RSA_OAEP_SHA256 -> rsaOaep();
        };
        return new Floor(cpuMsPerOp(verify, iterations), cpuMsPerOp(wrap, iterations));
    }

    /**
     * The guest's public point is decoded (and validated) afresh each time, as the server receives it in every release:
     * Bouncy Castle keeps a point's precomputed multiples on the point object, so an agreement with one reused
     * {@link ECPublicKeyParameters} skips work that no real release, with its fresh guest key, can skip (measured that
     * way until 2026-12-06, keygen + ECDH took 0.740 ms against 0.756 with a fresh point each time).
     */
    private static Runnable ecdh(EcdhCurve curve) {
        ECDomainParameters domain = curve.domain();
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        byte[] guestPoint =
                ((ECPublicKeyParameters) g.generateKeyPair().getPublic()).getQ().getEncoded(false);
        return () -> {
            ECPublicKeyParameters guestKey =
                    new ECPublicKeyParameters(domain.getCurve().decodePoint(guestPoint), domain);
            AsymmetricCipherKeyPair ephemeral = g.generateKeyPair();
            ECDHBasicAgreement agreement = new ECDHBasicAgreement();
            agreement.init(ephemeral.getPrivate());
            if (agreement.calculateAgreement(guestKey).signum() == 0) {
                throw new IllegalStateException("zero shared secret");
            }
        };
    }

    private static Runnable rsaOaep() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        KeyPair guestKey = g.generateKeyPair();
        OAEPParameterSpec oaep =
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
        byte[] input = new byte[48];
        return () -> {
            try {
                Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
                c.init(Cipher.ENCRYPT_MODE, guestKey.getPublic(), oaep);
                c.doFinal(input);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static double cpuMsPerOp(Runnable op, int iterations) {
        for (int i = 0; i < iterations; i++) {
            op.run(); // warm-up: JIT, the verifier's chain cache
        }
        long start = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        return (MX.getCurrentThreadCpuTime() - start) / 1e6 / iterations;
    }
}
