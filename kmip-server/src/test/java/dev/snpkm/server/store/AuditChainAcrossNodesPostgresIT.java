package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.testing.TestPostgres;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two appliance nodes on one PostgreSQL store append audit records at the same time: each node has its own pool and
 * its own {@link JdbcAuditLog} (whose monitor serialises only its own JVM), so only {@link AuditChainLock} keeps the
 * records one chain. Every append must succeed and the chain must verify.
 */
class AuditChainAcrossNodesPostgresIT {
    private static final int THREADS_PER_NODE = 3;
    private static final int APPENDS_PER_THREAD = 40;

    @Test
    void concurrentAppendsFromTwoNodesFormOneVerifiableChain() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.createDatabase("audit_nodes");
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
        try (Database nodeA = PostgresDatabase.open(url, TestPostgres.USER, pg.passwordFile(), 4);
                Database nodeB = PostgresDatabase.open(url, TestPostgres.USER, pg.passwordFile(), 4)) {
            // Both nodes derive the chain key from the one master key they share.
            AuditChainKey key = AuditChainKey.random();
            List<JdbcAuditLog> logs = List.of(
                    new JdbcAuditLog(nodeA, Clock.systemUTC(), key), new JdbcAuditLog(nodeB, Clock.systemUTC(), key));
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
                JdbcAuditLog log = logs.get(t % 2);
                String actor = "node-" + (t % 2 == 0 ? "a" : "b") + "-writer-" + t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                        log.append(new AuditEvent(actor, "Create", "uid-" + i, "success", "concurrent append"));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS); // an append that failed (a forked chain refused) fails the test here
            }
            AuditLog.ChainCheck check = logs.get(1).verify();
            assertThat(check.intact())
                    .as("broken at %s", check.firstBrokenSeq())
                    .isTrue();
            assertThat(check.recordsChecked()).isEqualTo(2L * THREADS_PER_NODE * APPENDS_PER_THREAD);
        } finally {
            pool.shutdownNow();
        }
    }
}
