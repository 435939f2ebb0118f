package dev.snpkm.appliance.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.cli.Kmipctl;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.server.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two appliance processes, one PostgreSQL store: a cluster as an operator runs it. Each node has its own data
 * directory, node B's a copy of A's made after A's first run (master key, PKI, admin token: what configuration
 * management distributes), one policy file (likewise distributed) and one database (objects, nonces, audit chain, the
 * revoked clients). The last test kills node A with SIGKILL under a load
 * of Creates through a client that lists both nodes, and counts the acknowledged objects node B has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterProcessIT {
    /** The bound a revocation or policy change on one node has to reach the other (both are polled every 1 s). */
    private static final Duration PROPAGATION = Duration.ofSeconds(3);

    private Path tmp;
    private Path policies;
    private DataDirectory data;
    private ApplianceProcess nodeA;
    private ApplianceProcess nodeB;
    private ApplianceProcess.ReadyLine readyA;
    private ApplianceProcess.ReadyLine readyB;

    @BeforeAll
    void startTwoNodes(@TempDir Path tempDir) throws Exception {
        tmp = tempDir;
        TestPostgres pg = TestPostgres.get();
        String url = pg.createDatabase("cluster") + "?sslmode=verify-full&sslrootcert=" + pg.caCertificate();
        policies = tmp.resolve("policies.yaml");
        Files.writeString(policies, "policies:\n  vm-disk:\n    measurements: [\"" + "ab".repeat(48) + "\"]\n");
        Path config = tmp.resolve("appliance.yaml");
        Files.writeString(config, """
                kmip:
                  address: 127.0.0.1
                  port: 0
                metrics:
                  port: 0
                limits:
                  workers: 2
                policies: %s
                store:
                  url: %s
                  user: %s
                  password-file: %s
                """.formatted(policies, url, TestPostgres.USER, pg.passwordFile()));
        data = new DataDirectory(tmp.resolve("data"));
        nodeA = ApplianceProcess.start(config, data.root());
        readyA = nodeA.awaitReady(); // A bootstraps the PKI and master key, copied to B's directory
        DataDirectory dataB = new DataDirectory(tmp.resolve("data-b"));
        copyTree(data.root(), dataB.root());
        nodeB = ApplianceProcess.start(config, dataB.root());
        readyB = nodeB.awaitReady();
        assertThat(readyB.fields()).containsEntry("first_run", "false");
        assertThat(nodeA.output())
                .contains("store=\"PostgreSQL jdbc:postgresql://127.0.0.1:")
                .doesNotContain(pg.password());
    }

    @AfterAll
    void stop() {
        for (ApplianceProcess node : new ApplianceProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void aKeyCreatedOnADecryptsOnBAndItsDestructionOnAIsSeenByBAtOnce() throws Exception {
        try (KmipClient a = client(endpoint(readyA));
                KmipClient b = client(endpoint(readyB))) {
            String uid = a.create(CryptographicAlgorithm.AES, 256);
            // B unseals what A sealed: the one master key, copied to B's data directory.
            assertThat(material(b, uid)).isEqualTo(material(a, uid));
            a.destroy(uid);
            assertThatThrownBy(() -> b.get(uid)).isInstanceOf(KmipOperationException.class);
        }
    }

    @Test
    @Order(2)
    void aKeyUnboundOnAIsUnboundOnB() {
        String uid =
                kmipctl(keys(readyA, "create", "--name", "cluster-disk")).out().strip();
        assertThat(kmipctl(keys(readyA, "bind", uid, "--policy", "vm-disk")).exit())
                .isZero();
        assertThat(kmipctl(keys(readyB, "show", uid)).out()).contains("vm-disk");
        assertThat(kmipctl(keys(readyA, "unbind", uid)).exit()).isZero();
        Result shown = kmipctl(keys(readyB, "show", uid));
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("uid: " + uid).doesNotContain("vm-disk");
    }

    /** Revoked on A's data directory only: B, with a directory of its own, learns it through the database. */
    @Test
    @Order(3)
    void aClientRevokedOnANodeIsRefusedByBothWithinTheBound() throws Exception {
        Path alice = tmp.resolve("alice");
        assertThat(kmipctl(
                                "clients",
                                "issue",
                                "--cn",
                                "alice",
                                "--service",
                                "--out",
                                alice.toString(),
                                "--data-dir",
                                data.root().toString())
                        .exit())
                .isZero();
        assertThat(kmipctl(asAlice(readyB, alice, "list")).exit()).isZero();
        assertThat(kmipctl(
                                "clients",
                                "revoke",
                                "--cert",
                                alice.resolve("alice.pem").toString(),
                                "--data-dir",
                                data.root().toString())
                        .exit())
                .isZero();
        long start = System.nanoTime();
        for (ApplianceProcess.ReadyLine node : List.of(readyA, readyB)) {
            awaitWithin(
                    PROPAGATION,
                    () -> kmipctl(asAlice(node, alice, "list")).err().contains("revoked"));
        }
        System.out.printf(
                "cluster: revocation refused on both nodes after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    @Order(4)
    void aPolicyFileReloadedOnATakesEffectOnBWithinTheBound() throws Exception {
        Files.writeString(
                policies,
                "policies:\n  vm-disk:\n    measurements: [\"" + "ab".repeat(48)
                        + "\"]\n  vm-db:\n    measurements: [\"" + "cd".repeat(48) + "\"]\n");
        Result reload = kmipctl(
                "policies",
                "reload",
                "--admin-url",
                adminUrl(readyA),
                "--data-dir",
                data.root().toString());
        assertThat(reload.exit()).as(reload.err()).isZero();
        long start = System.nanoTime();
        awaitWithin(
                PROPAGATION,
                () -> kmipctl(
                                "policies",
                                "list",
                                "--admin-url",
                                adminUrl(readyB),
                                "--data-dir",
                                data.root().toString())
                        .out()
                        .contains("vm-db"));
        System.out.printf(
                "cluster: policy change applied on node B after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    @Order(5)
    void underALoadOfCreatesKillingNodeALosesNoAcknowledgedObject() throws Exception {
        List<KmipEndpoint> both = List.of(endpoint(readyA), endpoint(readyB));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch beforeKill = new CountDownLatch(60);
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            clients.add(load.submit(() -> {
                try (KmipClient c = client(both)) {
                    while (!stop.get()) {
                        try {
                            acknowledged.add(c.create(CryptographicAlgorithm.AES, 256));
                            beforeKill.countDown();
                        } catch (KmipTransportException e) {
                            // Sent to A as it died: not acknowledged, so not counted; the next Create fails over.
                            unanswered.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        assertThat(beforeKill.await(60, TimeUnit.SECONDS)).isTrue();
        int atKill = acknowledged.size();
        ProcessHandle.of(nodeA.pid()).orElseThrow().destroyForcibly(); // SIGKILL
        awaitWithin(Duration.ofSeconds(60), () -> acknowledged.size() >= atKill + 60);
        stop.set(true);
        for (Future<?> c : clients) {
            c.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();

        List<String> missing = new ArrayList<>();
        try (KmipClient b = client(endpoint(readyB))) {
            for (String uid : acknowledged) {
                try {
                    b.getAttributes(uid, "State");
                } catch (KmipOperationException e) {
                    missing.add(uid);
                }
            }
        }
        System.out.printf(
                "cluster failover: %d Creates acknowledged (%d before SIGKILL of node A), %d unanswered, "
                        + "%d missing on node B%n",
                acknowledged.size(), atKill, unanswered.get(), missing.size());
        assertThat(missing).as("acknowledged objects lost").isEmpty();
        assertThat(unanswered.get())
                .as("at most the Creates in flight on A when it died")
                .isLessThanOrEqualTo(3);
    }

    @Test
    @Order(6)
    void theAuditChainWrittenByBothNodesVerifies() {
        Result verify = kmipctl(
                "audit",
                "verify",
                "--admin-url",
                adminUrl(readyB),
                "--data-dir",
                data.root().toString());
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("intact");
        // Every Create is an audited action now: the start records lie behind the load's records.
        Result tail = kmipctl(
                "audit",
                "tail",
                "-n",
                "5000",
                "--admin-url",
                adminUrl(readyB),
                "--data-dir",
                data.root().toString());
        assertThat(tail.out().split("action=start", -1))
                .as("both nodes' start records")
                .hasSizeGreaterThan(2);
    }

    private KmipEndpoint endpoint(ApplianceProcess.ReadyLine ready) {
        return new KmipEndpoint("127.0.0.1", ready.kmipPort());
    }

    private KmipClient client(KmipEndpoint one) throws Exception {
        return client(List.of(one));
    }

    /** The administrator, over every node listed: 2 s connect timeout per node, 30 s deadline. */
    private KmipClient client(List<KmipEndpoint> nodes) throws Exception {
        TransportSettings settings = TransportSettings.defaults()
                .withConnectTimeout(Duration.ofSeconds(2))
                .withReadTimeout(Duration.ofSeconds(30))
                .withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDeadline(Duration.ofSeconds(30));
        return new KmipClient(new KmipTransport(
                nodes,
                ClientTlsConfig.fromPem(data.caCertificate(), data.adminCertificate(), data.adminKey()),
                settings));
    }

    private static byte[] material(KmipClient c, String uid) throws Exception {
        ManagedObject key = c.get(uid);
        try {
            return ((KeyMaterial.Raw) ((KeyValue.Plain) ((ManagedObject.SymmetricKey) key)
                                    .keyBlock()
                                    .keyValue())
                            .material())
                    .bytes()
                    .toByteArray();
        } finally {
            key.destroy();
        }
    }

    private String[] keys(ApplianceProcess.ReadyLine node, String sub, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "keys",
                sub,
                "--server",
                "127.0.0.1:" + node.kmipPort(),
                "--data-dir",
                data.root().toString()));
        Collections.addAll(all, args);
        return all.toArray(String[]::new);
    }

    private static String[] asAlice(ApplianceProcess.ReadyLine node, Path dir, String sub) {
        return new String[] {
            "keys",
            sub,
            "--server",
            "127.0.0.1:" + node.kmipPort(),
            "--ca",
            dir.resolve("ca.pem").toString(),
            "--cert",
            dir.resolve("alice.pem").toString(),
            "--key",
            dir.resolve("alice.key").toString()
        };
    }

    private static String adminUrl(ApplianceProcess.ReadyLine node) {
        return "http://127.0.0.1:" + node.metricsPort();
    }

    /**
     * Fails only when a check that began after the bound is false: a check (a kmipctl call with its own TLS handshake)
     * that began in time may end after it, and the change may have arrived while it ran.
     */
    private static void awaitWithin(Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            boolean late = System.nanoTime() > deadline;
            if (condition.getAsBoolean()) {
                return;
            }
            if (late) {
                throw new AssertionError("not within " + bound);
            }
            Thread.sleep(100);
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result kmipctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kmipctl.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
