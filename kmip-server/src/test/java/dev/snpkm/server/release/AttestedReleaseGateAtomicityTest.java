package dev.snpkm.server.release;

import static dev.snpkm.server.release.GateFixture.OTHER;
import static dev.snpkm.server.release.GateFixture.RSA_SPKI;
import static dev.snpkm.server.release.GateFixture.VM1;
import static dev.snpkm.server.release.GateFixture.evidence;
import static dev.snpkm.server.release.GateFixture.first;
import static dev.snpkm.server.release.GateFixture.second;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.server.audit.AuditChainVerifier;
import dev.snpkm.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision's nonce write and its audit record commit together (one commit per step), so: no nonce without its
 * audit record, no consumed nonce without the decision's record, a denial's record survives the batch around it being
 * undone, and concurrent decisions keep nonces single use and the audit chain intact.
 */
class AttestedReleaseGateAtomicityTest {
    @TempDir
    Path dir;

    GateFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new GateFixture(dir, new SimpleMeterRegistry());
    }

    @AfterEach
    void chainStaysIntactAndClose() {
        assertThat(new AuditChainVerifier(f.auditLog).verify().intact()).isTrue();
        f.close();
    }

    @Test
    void aChallengeNeedsNeitherTheAuditLogNorTheNonceTable() throws Exception {
        // Round 1 writes nothing: it is answered even while the audit table is unavailable, and stores nothing.
        auditTableOffline(() -> assertThat(f.gate.decide(first(VM1, "uid-1", "prod-web", RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.ChallengeRequired.class));

        assertThat(count("SELECT COUNT(*) FROM attestation_nonce")).isZero();
    }

    @Test
    void aDenialWhoseAuditRecordCannotBeWrittenIsStillADenial() throws Exception {
        auditTableOffline(() -> {
            ReleaseDecision d = f.gate.decide(new ReleaseRequest(
                    VM1,
                    dev.snpkm.kmip.enums.Operation.GET,
                    "uid-1",
                    "prod-web",
                    GateFixture.capable(false),
                    RSA_SPKI));
            assertThat(d).isInstanceOf(ReleaseDecision.Denied.class);
            assertThat(((ReleaseDecision.Denied) d).reason()).isEqualTo(ResultReason.PERMISSION_DENIED);
        });
    }

    @Test
    void aReleaseWhoseAuditRecordCannotBeWrittenIsDeniedAndLeavesTheNonceUnused() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation c = evidence(n, RSA_SPKI, b -> b);

        auditTableOffline(() -> {
            ReleaseDecision d = f.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI));
            assertThat(d).isInstanceOf(ReleaseDecision.Denied.class);
            assertThat(((ReleaseDecision.Denied) d).message()).contains("cannot record");
        });

        assertThat(count("SELECT COUNT(*) FROM attestation_nonce WHERE used")).isZero();
        assertThat(f.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE outcome = 'released'"))
                .isEqualTo(1);
    }

    @Test
    void aDenialAndItsBurntNonceAreKeptWhenTheBatchAroundTheGateIsUndone() throws Exception {
        Nonce n = f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation bad = evidence(n, RSA_SPKI, b -> b.measurement(OTHER));

        ReleaseDecision d = f.db.unitOfWork("an Undo batch", () -> {
            ReleaseDecision inside = f.gate.decide(second(VM1, "uid-1", "prod-web", bad, RSA_SPKI));
            throw new Database.RollbackWith(inside); // a later item failed: the batch's own writes are undone
        });

        assertThat(d).isInstanceOf(ReleaseDecision.Denied.class);
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE outcome = 'denied' AND reason = "
                        + "'MEASUREMENT_NOT_ALLOWED'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM attestation_nonce WHERE used AND nonce_id = '"
                        + HexFormat.of().formatHex(n.id().toByteArray()) + "'"))
                .isEqualTo(1);
    }

    @Test
    void concurrentDecisionsReleaseEachNonceOnceAndKeepTheChainIntact() throws Exception {
        int threads = 4;
        int rounds = 3;
        List<Credential.Attestation> credentials = new ArrayList<>();
        for (int i = 0; i < threads * rounds; i++) {
            credentials.add(evidence(f.challenge(VM1, "uid-1", "prod-web", RSA_SPKI), RSA_SPKI, b -> b));
        }
        // Every credential is presented by two threads at once: exactly one of them may win.
        List<Callable<ReleaseDecision>> presentations = new ArrayList<>();
        for (Credential.Attestation c : credentials) {
            for (int copy = 0; copy < 2; copy++) {
                presentations.add(() -> f.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI)));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<ReleaseDecision> decisions = new ArrayList<>();
        try {
            for (Future<ReleaseDecision> d : pool.invokeAll(presentations)) {
                decisions.add(d.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(decisions)
                .filteredOn(ReleaseDecision.Release.class::isInstance)
                .hasSize(credentials.size());
        assertThat(decisions)
                .filteredOn(d -> d instanceof ReleaseDecision.Denied denied
                        && denied.message().contains("already used"))
                .hasSize(credentials.size());
        // Only step-2 decisions are audited (challenges are counted).
        assertThat(count("SELECT COUNT(*) FROM audit_record")).isEqualTo(presentations.size());
        assertThat(count("SELECT COUNT(*) FROM audit_record WHERE outcome = 'released'"))
                .isEqualTo(credentials.size());
    }

    /** Runs body while the audit table is renamed away, so every append fails. */
    private void auditTableOffline(Runnable body) throws Exception {
        exec("ALTER TABLE audit_record RENAME TO audit_record_offline");
        try {
            body.run();
        } finally {
            exec("ALTER TABLE audit_record_offline RENAME TO audit_record");
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = f.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = f.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
