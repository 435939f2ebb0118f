package dev.snpkm.testsuite.load;

import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.PostgresDatabase;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestPostgres;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.transport.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our server as a benchmark target: wired as the appliance wires it ({@link KmipServerBuilder}: actions audited,
 * metrics, revocation filters), a random software master key, the deny-all gate (benchmark keys are not bound to
 * attestation) and the production transport settings ({@link ServerSettings#defaults}: workers and queue as the
 * appliance runs them), only bound to 127.0.0.1 on a free port. The loopback test settings (4 workers, queue 16)
 * refuse requests as "busy" once more than 20 connections have one in flight, which is what the 64-connection cells
 * of the first run measured.
 *
 * <p>Stores: an H2 file in the temp dir ("snpkm"); a database on a local PostgreSQL server with fsync on, as a
 * production server runs ({@link TestPostgres#durable}, "snpkm-pg"); or two nodes, each with its own pool, on one such
 * database, sharing the master key as a cluster's nodes do, with a cell's connections alternating between them
 * ("snpkm-pg2").
 */
final class SnpkmTarget implements BenchTarget {
    private final List<RunningKmipServer> nodes;
    private final String name;
    private final Optional<TestPostgres> postgres;

    private SnpkmTarget(List<RunningKmipServer> nodes, String name, Optional<TestPostgres> postgres) {
        this.nodes = List.copyOf(nodes);
        this.name = name;
        this.postgres = postgres;
    }

    static BenchTarget start(Path dir, TestPki pki) throws IOException {
        return start(dir, pki, 0);
    }

    /**
     * @param postgresNodes 0 for the H2 file; otherwise the number of nodes on one database of the durable test
     *     PostgreSQL server
     */
    static BenchTarget start(Path dir, TestPki pki, int postgresNodes) throws IOException {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        ServerSettings settings = ServerSettings.defaults(TestServerSettings.tls(pki))
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withTransport(TestServerSettings.defaultTransport());
        System.err.printf(
                "snpkm: %d workers, queue %d, %d pipelined per connection%n",
                settings.workerThreads(), settings.workerQueueCapacity(), settings.maxPipelinedRequests());
        if (postgresNodes == 0) {
            RunningKmipServer h2 = KmipServerBuilder.serving(settings, new SoftwareMasterKey(1, kek))
                    .h2File(dir.resolve("store"))
                    .start();
            return new SnpkmTarget(List.of(h2), "snpkm", Optional.empty());
        }
        TestPostgres pg = TestPostgres.durable();
        String url = pg.createDatabase("bench");
        List<RunningKmipServer> nodes = new ArrayList<>();
        for (int n = 0; n < postgresNodes; n++) {
            Database db = PostgresDatabase.open(
                    url, TestPostgres.USER, pg.passwordFile(), Database.poolSizeFor(settings.workerThreads()));
            nodes.add(KmipServerBuilder.serving(settings, new SoftwareMasterKey(1, kek))
                    .database(db)
                    .start());
        }
        return new SnpkmTarget(nodes, postgresNodes == 1 ? "snpkm-pg" : "snpkm-pg" + postgresNodes, Optional.of(pg));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return nodes.get(0).port();
    }

    @Override
    public int port(int connection) {
        return nodes.get(connection % nodes.size()).port();
    }

    @Override
    public Optional<Duration> databaseCpu() {
        return postgres.map(pg -> {
            try {
                return pg.cpuTime();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public WindowSample.StoreCounters storeCounters() {
        long commits = 0;
        long syncs = 0;
        for (RunningKmipServer node : nodes) {
            var durability = node.database().durability();
            commits += durability.commits();
            syncs += durability.syncs();
        }
        return new WindowSample.StoreCounters(commits, syncs);
    }

    @Override
    public void close() {
        for (RunningKmipServer node : nodes) {
            // Confirms or rules out the transport's "server busy" answers as the source of any errors column.
            System.err.printf(
                    "%s: %d busy responses over the run%n",
                    name, node.server().counters().busyResponses());
            node.close();
        }
    }
}
