package dev.snpkm.client.bench;

import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.TestKeyServer;
import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.attestation.EphemeralWrappingKey;
import dev.snpkm.client.e2e.SimulatedSnpGuest;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.release.AttestedReleaseGate;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.JdbcNonceStore;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.verify.ReportVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Attested releases per second over TLS on persistent connections (one KmipClient per thread), full AttestedKeyFetcher
 * flow except RSA-3072 key generation: ephemeral keys come from a pool generated before measuring (keygen is ~100+ ms
 * and would dominate). Measured per release: round 1 (Register + Activate + Get → nonce), the simulated guest signing
 * a report (P-384, in this JVM), round 2 (verify + 4 durable DB writes + wrapped DEK), RSA-OAEP unwrap, and the
 * Revoke + Destroy of the ephemeral key object. Beside it, raw BC P-384 verifies/s at the same thread counts.
 * Not a surefire test (no *Test name); see docs/BENCHMARKS-release-e2e.md. Arguments: seconds per cell, then the
 * guest mode: {@code one-vcek} (default; the PSP signs with one pre-issued VCEK, as hardware does) or
 * {@code vcek-per-report} (the earlier artifact: a fresh VCEK, signed by the RSA-4096 test ASK, for every report).
 * Per cell it also prints the mean wall time of a fetch and of the guest's report signing inside it.
 */
public final class AttestedReleaseThroughput {
    private static final byte[] GOOD = filled(48, 0x5C);

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        boolean perReport = args.length > 1 && args[1].equals("vcek-per-report");
        AttestationProvider guest = perReport ? new SimulatedSnpGuest(GOOD, b -> b)
                : SimulatedSnpGuest.withOneVcek(GOOD);
        Path dir = Files.createTempDirectory("release-bench");
        Path policyFile = dir.resolve("policies.yaml");
        Files.writeString(policyFile, "policies:\n  prod:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD)
                + "\"]\n    allow-unwrapped-release: false\n");
        Clock clock = Clock.systemUTC();
        ReleasePolicyRegistry policies = ReleasePolicyRegistry.load(policyFile, clock);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<EphemeralWrappingKey> pool = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pool.add(EphemeralWrappingKey.generate());
        }
        try (TestKeyServer kms = TestKeyServer.start(dir, db -> AttestedReleaseGate.builder()
                .nonces(new JdbcNonceStore(db))
                .verifier(ReportVerifier.builder().roots(TestAmdHierarchy.get().rootStore()).clock(clock).build())
                .policies(policies).auditor(new ReleaseAuditor(new JdbcAuditLog(db, clock)))
                .metrics(new ReleaseMetrics(meters)).clock(clock).build(), null)) {
            String uid;
            try (KmipClient owner = kms.client(kms.owner); KmipClient admin = kms.client(kms.admin)) {
                uid = owner.register(new ManagedObject.SymmetricKey(KeyBlock.raw(filled(32, 9),
                        CryptographicAlgorithm.AES, 256)), Attributes.EMPTY);
                admin.addAttribute(uid, KeyAttributes.custom("x-attestation-policy", "prod"));
            }
            for (int threads : new int[] {1, 2}) {
                Phases phases = new Phases();
                double releases = releases(kms, uid, pool, threads, seconds, phases.timing(guest), phases);
                double raw = rawVerifies(threads, seconds);
                System.out.printf("mode=%s threads=%d attested-releases/s=%.1f raw-BC-P384-verify/s=%.1f "
                        + "ratio=%.3f fetch-ms=%.2f (round1-ms=%.2f guest-report-ms=%.2f rest=round2+unwrap+cleanup)%n",
                        perReport ? "vcek-per-report" : "one-vcek", threads, releases, raw, releases / raw,
                        phases.fetchMs(), phases.round1Ms(), phases.guestMs());
            }
        }
    }

    /** Wall time of whole fetches and of the guest's report signing inside them, over the measured fetches only. */
    static final class Phases {
        final LongAdder fetches = new LongAdder();
        final LongAdder fetchNanos = new LongAdder();
        final LongAdder guestNanos = new LongAdder();
        final LongAdder round1Nanos = new LongAdder();
        final ThreadLocal<Long> fetchStart = ThreadLocal.withInitial(System::nanoTime);
        volatile boolean measuring;

        AttestationProvider timing(AttestationProvider guest) {
            return reportData -> {
                long s = System.nanoTime();
                if (measuring) {
                    round1Nanos.add(s - fetchStart.get()); // the guest is asked right after round 1's answer
                }
                try {
                    return guest.report(reportData);
                } finally {
                    if (measuring) {
                        guestNanos.add(System.nanoTime() - s);
                    }
                }
            };
        }

        double fetchMs() {
            return fetchNanos.sum() / 1e6 / Math.max(1, fetches.sum());
        }

        double round1Ms() {
            return round1Nanos.sum() / 1e6 / Math.max(1, fetches.sum());
        }

        double guestMs() {
            return guestNanos.sum() / 1e6 / Math.max(1, fetches.sum());
        }
    }

    private static double releases(TestKeyServer kms, String uid, List<EphemeralWrappingKey> pool, int threads,
            long seconds, AttestationProvider guest, Phases phases) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Supplier<EphemeralWrappingKey> keys = () -> pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
        List<KmipClient> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            clients.add(kms.client(kms.owner));
        }
        try {
            for (KmipClient c : clients) { // warm-up: connection, version negotiation, JIT
                AttestedKeyFetcher f = new AttestedKeyFetcher(c, guest, keys);
                for (int i = 0; i < 20; i++) {
                    f.fetch(uid).destroy();
                }
            }
            phases.measuring = true;
            return run(threads, seconds, t -> {
                AttestedKeyFetcher f = new AttestedKeyFetcher(clients.get(t), guest, keys);
                return () -> {
                    long s = System.nanoTime();
                    phases.fetchStart.set(s);
                    f.fetch(uid).destroy();
                    phases.fetchNanos.add(System.nanoTime() - s);
                    phases.fetches.increment();
                };
            });
        } finally {
            clients.forEach(KmipClient::close);
        }
    }

    private static double rawVerifies(int threads, long seconds) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair pair = g.generateKeyPair();
        byte[] message = new byte[0x2A0]; // the signed part of an SNP report
        Signature signer = Signature.getInstance("SHA384withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        BouncyCastleProvider bc = new BouncyCastleProvider();
        return run(threads, seconds, t -> {
            Signature v = Signature.getInstance("SHA384withECDSA", bc);
            return () -> {
                v.initVerify(pair.getPublic());
                v.update(message);
                if (!v.verify(signature)) {
                    throw new IllegalStateException("signature did not verify");
                }
            };
        });
    }

    interface Step {
        void run() throws Exception;
    }

    interface StepFactory {
        Step forThread(int t) throws Exception;
    }

    /** Operations per second over {@code seconds}, summed over threads. */
    private static double run(int threads, long seconds, StepFactory factory) throws Exception {
        LongAdder done = new LongAdder();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Step step = factory.forThread(t);
            Thread w = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        step.run();
                        done.increment();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(w);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("benchmark step failed: " + failures.get(0), failures.get(0));
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
