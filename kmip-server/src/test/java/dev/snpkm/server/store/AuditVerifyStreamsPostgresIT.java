package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.testing.TestPostgres;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Verifying the audit chain on PostgreSQL visits the records as they arrive instead of receiving the whole table
 * first: the chain holds a record per release, millions in a year, and a verification that held them all would end
 * the appliance (it exits on OutOfMemoryError). Shown by what the verifying thread allocates when the chain breaks at
 * its second record of 200,001: the rows up to one fetch, not the table (without the fetch size: 170 MB).
 */
class AuditVerifyStreamsPostgresIT {
    private static final int ROWS = 200_000;

    @Test
    void aVerificationReceivesTheChainAFetchAtATime() throws Exception {
        TestPostgres pg = TestPostgres.get();
        try (Database db =
                PostgresDatabase.open(pg.createDatabase("audit_stream"), TestPostgres.USER, pg.passwordFile(), 2)) {
            JdbcAuditLog log = new JdbcAuditLog(db, Clock.systemUTC(), AuditChainKey.random());
            log.append(new AuditEvent("admin", "start", "-", "ok", "the one good record"));
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO audit_record (seq, recorded_at, actor, action, object_uid, outcome, detail, "
                        + "prev_hash, hash) SELECT g, now(), 'CN=vm-' || g, 'Get', 'uid-' || g, 'success', "
                        + "repeat('d', 400), '\\x00'::bytea, '\\x00'::bytea FROM generate_series(2, " + (ROWS + 1)
                        + ") g");
            }
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();

            AuditLog.ChainCheck check = log.verify();

            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(check.firstBrokenSeq()).hasValue(2);
            assertThat(allocated).as("bytes allocated by the verification").isLessThan(32L << 20);
        }
    }
}
