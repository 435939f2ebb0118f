package dev.snpkm.server.release;

import static dev.snpkm.server.release.GateFixture.RSA_SPKI;
import static dev.snpkm.server.release.GateFixture.VM1;
import static dev.snpkm.server.release.GateFixture.evidence;
import static dev.snpkm.server.release.GateFixture.second;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.server.audit.AuditChainVerifier;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two key-manager nodes sharing one H2 store, each with its own connection pool, gate, nonce store and audit log, as
 * two appliances would be wired over one database (H2 AUTO_SERVER: the second opener of the file connects to the
 * first over loopback TCP). The nonce key is derived from the shared master key on each node.
 */
class SharedStoreReplayTest {
    @TempDir
    Path dir;

    GateFixture nodeA;
    GateFixture nodeB;

    @BeforeEach
    void startTwoNodes() throws Exception {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        SoftwareMasterKey masterKey = new SoftwareMasterKey(1, master);
        String url = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        nodeA = new GateFixture(
                dir.resolve("a"),
                new SimpleMeterRegistry(),
                Database.open(url, "sa", "", 4),
                NonceKeys.derivedFrom(masterKey));
        nodeB = new GateFixture(
                dir.resolve("b"),
                new SimpleMeterRegistry(),
                Database.open(url, "sa", "", 4),
                NonceKeys.derivedFrom(masterKey));
    }

    @AfterEach
    void stop() {
        assertThat(new AuditChainVerifier(nodeA.auditLog).verify().intact()).isTrue();
        nodeB.close();
        nodeA.close();
    }

    @Test
    void aNonceIssuedByOneNodeIsReleasedByTheOtherAndItsReplayIsRefusedOnBoth() {
        Nonce n = nodeA.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
        Credential.Attestation c = evidence(n, RSA_SPKI, b -> b);

        assertThat(nodeB.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI)))
                .isInstanceOf(ReleaseDecision.Release.class);

        for (GateFixture node : new GateFixture[] {nodeA, nodeB}) {
            ReleaseDecision replay = node.gate.decide(second(VM1, "uid-1", "prod-web", c, RSA_SPKI));
            assertThat(replay).isInstanceOf(ReleaseDecision.Denied.class);
            assertThat(((ReleaseDecision.Denied) replay).message()).contains("already used");
        }
    }

    @Test
    void aNodeWithAnotherMasterKeyRefusesTheNonce() throws Exception {
        try (GateFixture stranger = new GateFixture(
                dir.resolve("a"),
                new SimpleMeterRegistry(),
                Database.openH2File(dir.resolve("other")),
                NonceKeys.fresh())) {
            Nonce n = nodeA.challenge(VM1, "uid-1", "prod-web", RSA_SPKI);
            ReleaseDecision d =
                    stranger.gate.decide(second(VM1, "uid-1", "prod-web", evidence(n, RSA_SPKI, b -> b), RSA_SPKI));
            assertThat(d).isInstanceOf(ReleaseDecision.Denied.class);
            assertThat(((ReleaseDecision.Denied) d).message()).contains("not issued to this client");
        }
    }
}
