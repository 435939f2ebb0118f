package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.AuditRecord;
import dev.snpkm.server.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcAuditLogTest {
    private static final AuditChainKey KEY = AuditChainKey.random();

    @TempDir
    Path dir;

    Database db;
    AuditLog audit;

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("audit"));
        audit = new JdbcAuditLog(db, Clock.systemUTC(), KEY);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /**
     * The head is published outside the store as an anchor: a record that a power cut could still take away (committed
     * by another thread, inside a batch that has not ended, and not yet forced) must not be named by it, or verify
     * would later report records removed that never were on the disk.
     */
    @Test
    void theHeadIsReturnedOnlyOnceWhatItNamesIsDurable() {
        audit.append(new AuditEvent("CN=vm1", "Get", "uid-1", "denied", "no attestation"));
        long waits = db.durability().commits();

        AuditLog.Head head = audit.head();

        assertThat(head.seq()).isEqualTo(1);
        assertThat(db.durability().commits())
                .as("the head waited for durability")
                .isEqualTo(waits + 1);
    }

    @Test
    void recordsChainEachToItsPredecessor() {
        AuditRecord first = audit.append(new AuditEvent("CN=vm1", "Get", "uid-1", "success", "policy p1"));
        AuditRecord second = audit.append(new AuditEvent("CN=vm2", "Get", null, "denied", "no attestation"));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(new byte[32]);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.verify().recordsChecked()).isEqualTo(2);
    }

    @Test
    void editedRecordBreaksTheChainAtThatRecord() throws Exception {
        for (int i = 0; i < 3; i++) {
            audit.append(new AuditEvent("CN=vm1", "Get", "uid-" + i, "denied", "reason " + i));
        }
        sql("UPDATE audit_record SET outcome = 'success' WHERE seq = 2");

        AuditLog.ChainCheck check = audit.verify();
        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenSeq()).hasValue(2);
    }

    @Test
    void deletedRecordBreaksTheChain() throws Exception {
        for (int i = 0; i < 3; i++) {
            audit.append(new AuditEvent("CN=vm1", "Get", "uid-" + i, "success", ""));
        }
        sql("DELETE FROM audit_record WHERE seq = 2");

        assertThat(audit.verify().firstBrokenSeq()).hasValue(3);
    }

    @Test
    void chainContinuesAcrossReopen() {
        audit.append(new AuditEvent("system", "start", null, "success", ""));
        db.close();
        db = TestStores.open(dir.resolve("audit"));
        audit = new JdbcAuditLog(db, Clock.systemUTC(), KEY);

        assertThat(audit.append(new AuditEvent("system", "stop", null, "success", ""))
                        .seq())
                .isEqualTo(2);
        assertThat(audit.verify().intact()).isTrue();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(statement)).isEqualTo(1);
        }
    }
}
