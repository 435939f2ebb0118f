package dev.snpkm.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.RevokedClientStore;
import dev.snpkm.server.testing.EngineFixture.MovableClock;
import dev.snpkm.server.testing.KmipTestMessages;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ClientDenyListTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aRevocationAppendedWithinTheSameModificationTimeIsStillSeen() throws Exception {
        Path file = dir.resolve("revoked-clients.txt");
        Files.writeString(file, A + "\n");
        FileTime stamp = FileTime.fromMillis(1_700_000_000_000L); // coarse-mtime file systems: both writes in one tick
        Files.setLastModifiedTime(file, stamp);
        ClientDenyList list =
                new ClientDenyList(file, (request, client) -> null, Clock.systemUTC(), new SimpleMeterRegistry());
        assertThat(list.isRevoked(A)).isTrue();
        assertThat(list.isRevoked(B)).isFalse();

        Files.writeString(file, B + "\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, stamp);

        assertThat(list.isRevoked(B)).isTrue();
    }

    @Test
    void aRemovedFileLiftsItsLinesAndARecreatedOneIsReadAgain() throws Exception {
        Path file = dir.resolve("revoked-clients.txt");
        ClientDenyList list =
                new ClientDenyList(file, (request, client) -> null, Clock.systemUTC(), new SimpleMeterRegistry());
        assertThat(list.isRevoked(A)).as("no file yet").isFalse();

        Files.writeString(file, A + "\n");
        assertThat(list.isRevoked(A)).isTrue();

        Files.delete(file); // without a store, the file is the whole list
        assertThat(list.isRevoked(A)).isFalse();

        Files.writeString(file, "# again\n" + A + "\n");
        assertThat(list.isRevoked(A)).isTrue();
    }

    /**
     * A list that exists but cannot be read (written by root 0600 under a service running as another user; here a
     * directory in its place, since the tests may run as root) refuses every client until it can be read again.
     */
    @Test
    void anUnreadableListRefusesEveryClientUntilItCanBeRead() throws Exception {
        Path file = dir.resolve("revoked-clients.txt");
        Files.createDirectory(file);
        ClientDenyList list =
                new ClientDenyList(file, (request, client) -> null, Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(list.isRevoked(B)).as("fail closed").isTrue();

        Files.delete(file);
        Files.writeString(file, A + "\n");
        assertThat(list.isRevoked(B)).as("readable again").isFalse();
        assertThat(list.isRevoked(A)).isTrue();
    }

    /** A revoked client retrying in a loop: every refusal is counted, one WARN line per interval is written. */
    @Test
    void aRefusalFloodWritesOneWarningPerIntervalAndCountsEveryRefusal() throws Exception {
        ClientIdentity revoked =
                ClientIdentity.of(TestPki.generate(dir.resolve("pki")).client().certificate());
        Path file = dir.resolve("revoked-clients.txt");
        Files.writeString(file, revoked.sha256Fingerprint() + "\n");
        MovableClock clock = new MovableClock();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClientDenyList list = new ClientDenyList(
                file,
                (request, client) -> {
                    throw new AssertionError("a revoked client's request reached the engine");
                },
                clock,
                meters);
        Ttlv.Structure request = KmipTestMessages.request("flood");

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ClientDenyList.class);
        logger.addAppender(log);
        try {
            for (int i = 0; i < 1_000; i++) {
                list.process(request, revoked);
            }
            clock.advance(RefusalLogThrottle.DEFAULT_INTERVAL.plus(Duration.ofSeconds(1)));
            list.process(request, revoked);
        } finally {
            logger.detachAppender(log);
        }

        assertThat(log.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .allMatch(m -> m.startsWith("event=revoked_client_refused"))
                .satisfies(lines -> {
                    assertThat(lines.get(0)).endsWith("not_logged_since_last=0");
                    assertThat(lines.get(1)).endsWith("not_logged_since_last=999");
                });
        assertThat(meters.get("kmip_revoked_client_requests")
                        .tag("check", "deny_list")
                        .counter()
                        .count())
                .isEqualTo(1_001);
    }

    /** Two nodes on one store, each with its own data directory: a revocation on A is in force on B. */
    @Test
    void aRevocationInOneNodesFileReachesAnotherNodeThroughTheStore() throws Exception {
        try (Database db = TestStores.open(dir.resolve("store"))) {
            Path fileA = dir.resolve("a-revoked-clients.txt");
            Path fileB = dir.resolve("b-revoked-clients.txt");
            try (ClientDenyList nodeA = listOn(db, fileA);
                    ClientDenyList nodeB = listOn(db, fileB)) {
                Files.writeString(
                        fileA, "# kmipctl clients revoke\n" + A + " revoked 2026-12-06T10:00:00Z\nnot-a-fp\n");
                assertThat(nodeB.isRevoked(A)).isFalse();

                nodeA.syncNow(); // the timer's tick on A: publishes the new line
                nodeB.syncNow(); // and on B: reads it

                assertThat(nodeB.isRevoked(A)).isTrue();
                assertThat(nodeB.isRevoked(B)).isFalse();
                assertThat(new RevokedClientStore(db).all()).containsExactly(A); // the malformed line stays local

                // Permanent once published: deleting the line on A lifts nothing, on either node.
                Files.writeString(fileA, "");
                nodeA.syncNow();
                assertThat(nodeA.isRevoked(A)).isTrue();
                assertThat(nodeB.isRevoked(A)).isTrue();
            }
        }
    }

    /** The timer itself, not a test's call, carries the revocation within the stated interval. */
    @Test
    void theSyncTimerCarriesARevocationWithinItsInterval() throws Exception {
        try (Database db = TestStores.open(dir.resolve("store"))) {
            Path fileA = dir.resolve("a-revoked-clients.txt");
            try (ClientDenyList nodeA = listOn(db, fileA);
                    ClientDenyList nodeB = listOn(db, dir.resolve("b-revoked-clients.txt"))) {
                Files.writeString(fileA, B + "\n");
                long deadline = System.nanoTime()
                        + ClientDenyList.SYNC_INTERVAL.multipliedBy(10).toNanos();
                while (!nodeB.isRevoked(B) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(nodeB.isRevoked(B)).isTrue();
                assertThat(nodeA.isRevoked(B)).isTrue();
            }
        }
    }

    /** A store that fails keeps the last list read in force, counts the failure, and is retried. */
    @Test
    void aFailingStoreKeepsTheLastListAndCountsTheFailure() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Database db = TestStores.open(dir.resolve("store"));
        new RevokedClientStore(db).addAll(Set.of(A), Instant.now());
        try (ClientDenyList list = new ClientDenyList(
                dir.resolve("revoked-clients.txt"),
                (request, client) -> null,
                Clock.systemUTC(),
                meters,
                null,
                new RevokedClientStore(db))) {
            assertThat(list.isRevoked(A)).isTrue();
            db.close();

            list.syncNow();

            assertThat(list.isRevoked(A)).isTrue();
            assertThat(meters.get("kmip.deny.list.sync.failures").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("kmip.revoked.clients").gauge().value()).isEqualTo(1);
        }
    }

    private static ClientDenyList listOn(Database db, Path file) {
        return new ClientDenyList(
                file,
                (request, client) -> null,
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                null,
                new RevokedClientStore(db));
    }
}
