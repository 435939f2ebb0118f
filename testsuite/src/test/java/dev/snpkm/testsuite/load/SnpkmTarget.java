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
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Our server as a benchmark target: wired as the appliance wires it ({@link KmipServerBuilder}: actions audited,
 * metrics, revocation filters) with an H2 file in the temp dir, a random software master key, the deny-all gate (benchmark keys are not bound to attestation) and the production transport settings
 * ({@link ServerSettings#defaults}: workers and queue as the appliance runs them), only bound to 127.0.0.1 on a free
 * port. The loopback test settings (4 workers, queue 16) refuse requests as "busy" once more than 20 connections have
 * one in flight, which is what the 64-connection cells of the first run measured.
 */
final class SnpkmTarget implements BenchTarget {
    private final RunningKmipServer server;
    private final String name;

    private SnpkmTarget(RunningKmipServer server, String name) {
        this.server = server;
        this.name = name;
    }

    static BenchTarget start(Path dir, TestPki pki) throws IOException {
        return start(dir, pki, false);
    }

    /**
     * @param onPostgres the store on a database of the test PostgreSQL server ({@link TestPostgres}: local, fsync
     *     off, synchronous_commit on) instead of the H2 file; target name "snpkm-pg"
     */
    static BenchTarget start(Path dir, TestPki pki, boolean onPostgres) throws IOException {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        ServerSettings settings = ServerSettings.defaults(TestServerSettings.tls(pki))
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0));
        System.err.printf(
                "snpkm: %d workers, queue %d, %d pipelined per connection%n",
                settings.workerThreads(), settings.workerQueueCapacity(), settings.maxPipelinedRequests());
        KmipServerBuilder server = KmipServerBuilder.serving(settings, new SoftwareMasterKey(1, kek));
        if (!onPostgres) {
            return new SnpkmTarget(server.h2File(dir.resolve("store")).start(), "snpkm");
        }
        TestPostgres pg = TestPostgres.get();
        Database db = PostgresDatabase.open(
                pg.createDatabase("bench"),
                TestPostgres.USER,
                pg.passwordFile(),
                Database.poolSizeFor(settings.workerThreads()));
        return new SnpkmTarget(server.database(db).start(), "snpkm-pg");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public WindowSample.StoreCounters storeCounters() {
        var durability = server.database().durability();
        return new WindowSample.StoreCounters(durability.commits(), durability.syncs());
    }

    @Override
    public void close() {
        // Confirms or rules out the transport's "server busy" answers as the source of any errors column.
        System.err.printf(
                "snpkm: %d busy responses over the run%n",
                server.server().counters().busyResponses());
        server.close();
    }
}
