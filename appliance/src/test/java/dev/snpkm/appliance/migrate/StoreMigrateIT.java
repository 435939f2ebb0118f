package dev.snpkm.appliance.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.cli.Kmipctl;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.store.ConsumedNonce;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.JdbcNonceStore;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.store.LocateQuery;
import dev.snpkm.server.store.NameInUseException;
import dev.snpkm.server.store.NewStoredObject;
import dev.snpkm.server.store.PostgresDatabase;
import dev.snpkm.server.store.SearchFields;
import dev.snpkm.server.store.StoredObject;
import dev.snpkm.server.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kmipctl store migrate`: an H2 appliance store (objects with names and grants, a destroyed one, nonces, an audit
 * chain) moves into an empty database on a real PostgreSQL server, and the store opened there is the same store.
 */
class StoreMigrateIT {
    private static final String OWNER = "CN=vm-owner";
    private static final String GRANTEE = "CN=backup-job";
    private static final int SYMMETRIC_KEY = 2;
    private static final int ACTIVE = 2;
    private static final int DESTROYED = 6;
    private static final int AES = 3;

    @TempDir
    Path tmp;

    private final MaterialSealer sealer = sealer();

    @Test
    void anH2StoreMovesToPostgresqlWithItsMaterialNamesGrantsNoncesAndAuditChain() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Map<String, byte[]> material = new LinkedHashMap<>();
        String destroyed;
        byte[] nonceHash = sha256("nonce value");
        // The audit chain is keyed by the master key, which migrate reads from the data directory to verify the copy.
        Files.createDirectories(dir.root());
        new MasterKeyFile(dir.masterKey()).ensureExists();
        AuditChainKey chainKey = AuditChainKey.derive(new MasterKeyFile(dir.masterKey()).readBytes());
        try (Database h2 = Database.openH2File(dir.storeBase())) {
            JdbcObjectStore objects = new JdbcObjectStore(h2, sealer, Clock.systemUTC());
            JdbcAuditLog audit = new JdbcAuditLog(h2, Clock.systemUTC(), chainKey);
            for (int i = 0; i < 30; i++) {
                byte[] key = sha256("key " + i);
                List<String> grantees = i % 3 == 0 ? List.of(GRANTEE) : List.of();
                StoredObject o = objects.create(new NewStoredObject(
                        SYMMETRIC_KEY,
                        ACTIVE,
                        OWNER,
                        new SearchFields("disk-" + i, AES, 256, "disks", List.of("disk-" + i), grantees),
                        Ttlv.structure(0x420125),
                        key));
                material.put(o.uid(), key);
                audit.append(new AuditEvent(OWNER, "Create", o.uid(), "success", "disk-" + i));
            }
            destroyed = material.keySet().iterator().next();
            objects.destroyMaterial(destroyed, DESTROYED);
            JdbcNonceStore h2Nonces = new JdbcNonceStore(h2);
            assertThat(h2Nonces.decision(() -> h2Nonces.markUsed(new ConsumedNonce(
                            "nonce-1",
                            nonceHash,
                            OWNER,
                            new ArrayList<>(material.keySet()).get(1),
                            Instant.now().plusSeconds(600)))))
                    .isTrue();
            assertThat(audit.verify().intact()).isTrue();
        }

        TestPostgres pg = TestPostgres.get();
        String url = pg.createDatabase("migrate");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = migrate(dir, url, pg, out, err);
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains(
                        "copied 30 rows of managed_object",
                        "copied 10 rows of object_grant",
                        "copied 29 rows of object_name",
                        "copied 1 rows of attestation_nonce",
                        "audit chain verified on the target: 30 records");
        assertThat(out.toString() + err).doesNotContain(pg.password());

        try (Database moved = PostgresDatabase.open(url, TestPostgres.USER, pg.passwordFile(), 4)) {
            assertThat(moved.migrationsApplied())
                    .as("schema came with the copy's target, already current")
                    .isZero();
            JdbcObjectStore objects = new JdbcObjectStore(moved, sealer, Clock.systemUTC());
            for (Map.Entry<String, byte[]> e : material.entrySet()) {
                if (e.getKey().equals(destroyed)) {
                    assertThat(objects.get(destroyed).orElseThrow().state()).isEqualTo(DESTROYED);
                    assertThatThrownBy(() -> objects.material(destroyed)).hasMessageContaining("no key material");
                } else {
                    assertThat(objects.material(e.getKey()))
                            .as("material of %s", e.getKey())
                            .isEqualTo(e.getValue());
                }
            }
            // Names moved: a live name is still taken, the destroyed object's is free again.
            assertThatThrownBy(() -> objects.create(aesKey("disk-5"))).isInstanceOf(NameInUseException.class);
            objects.create(aesKey("disk-0"));
            // Grants moved: Locate finds the granted objects for the grantee.
            assertThat(objects.locate(LocateQuery.all()
                            .ownerOrGrantedTo(GRANTEE, List.of(GRANTEE))
                            .maxItems(100)))
                    .hasSize(10);
            // A nonce consumed before the move stays consumed after it: its replay is refused.
            JdbcNonceStore nonces = new JdbcNonceStore(moved);
            String boundTo = new ArrayList<>(material.keySet()).get(1);
            assertThat(nonces.decision(() -> nonces.markUsed(new ConsumedNonce(
                            "nonce-1", nonceHash, OWNER, boundTo, Instant.now().plusSeconds(600)))))
                    .isFalse();
            // The move is itself an admin action, recorded on the chain it moved (without the URL's query).
            String migrateRecord = moved.read("migrate record", c -> {
                try (var rs = c.createStatement()
                        .executeQuery("SELECT actor, action, outcome, detail FROM audit_record WHERE seq = 31")) {
                    assertThat(rs.next()).isTrue();
                    return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4);
                }
            });
            assertThat(migrateRecord)
                    .startsWith("kmipctl store migrate (on the data directory)|store-migrate|ok|copied from ")
                    .contains(url.replaceAll("\\?.*", "") + ": 30 objects, 30 audit records")
                    .doesNotContain("?");
            // The chain continues where it was: new records link onto the moved ones.
            JdbcAuditLog audit = new JdbcAuditLog(moved, Clock.systemUTC(), chainKey);
            assertThat(audit.append(new AuditEvent("appliance", "start", null, "ok", "on postgresql"))
                            .seq())
                    .isEqualTo(32);
            AuditLog.ChainCheck check = audit.verify();
            assertThat(check.intact()).isTrue();
            assertThat(check.recordsChecked()).isEqualTo(32);
        }

        StringWriter again = new StringWriter();
        assertThat(migrate(dir, url, pg, new StringWriter(), again)).isEqualTo(1);
        assertThat(again.toString()).contains("the target store is not empty");
    }

    /** A copy that does not check out (here: the chain was keyed by another master key) leaves the target empty. */
    @Test
    void aCopyWhoseAuditChainDoesNotVerifyLeavesTheTargetEmpty() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("other-key"));
        Files.createDirectories(dir.root());
        new MasterKeyFile(dir.masterKey()).ensureExists();
        try (Database h2 = Database.openH2File(dir.storeBase())) {
            JdbcObjectStore objects = new JdbcObjectStore(h2, sealer, Clock.systemUTC());
            JdbcAuditLog audit = new JdbcAuditLog(h2, Clock.systemUTC(), AuditChainKey.random()); // not master.key's
            StoredObject o = objects.create(new NewStoredObject(
                    SYMMETRIC_KEY,
                    ACTIVE,
                    OWNER,
                    new SearchFields("disk", AES, 256, "disks", List.of("disk"), List.of()),
                    Ttlv.structure(0x420125),
                    sha256("key")));
            audit.append(new AuditEvent(OWNER, "Create", o.uid(), "success", "disk"));
            // A source whose chain was upgraded from an unkeyed one: its legacy count is not the new target's.
            try (var c = h2.dataSource().getConnection();
                    var update = c.createStatement()) {
                update.executeUpdate("UPDATE audit_chain_upgrade SET legacy_through = 7");
            }
        }
        TestPostgres pg = TestPostgres.get();
        String url = pg.createDatabase("migrate_bad_chain");
        StringWriter err = new StringWriter();

        int exit = migrate(dir, url, pg, new StringWriter(), err);

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("does not verify on the target").contains("emptied again");
        try (Database target = PostgresDatabase.open(url, TestPostgres.USER, pg.passwordFile(), 2)) {
            long left = target.read("count", c -> {
                try (var rs = c.createStatement()
                        .executeQuery(
                                "SELECT (SELECT COUNT(*) FROM managed_object) + (SELECT COUNT(*) FROM audit_record)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(left).as("objects and audit records left on the target").isZero();
            long legacy = target.read("legacy", c -> {
                try (var rs = c.createStatement().executeQuery("SELECT legacy_through FROM audit_chain_upgrade")) {
                    assertThat(rs.next()).isTrue();
                    long l = rs.getLong(1);
                    assertThat(rs.next()).as("one row").isFalse();
                    return l;
                }
            });
            assertThat(legacy).as("the target's own row, not the source's").isZero();
        }
        // The failed attempt waits in the data directory's audit inbox for the appliance's next start.
        try (var records = Files.list(dir.auditInbox())) {
            List<String> texts = records.map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
            assertThat(texts)
                    .singleElement()
                    .satisfies(t -> assertThat(t)
                            .contains("action=store-migrate", "outcome=failed", "does not verify on the target"));
        }
    }

    /** kmipctl store migrate from dir's store into url, as the operator runs it. */
    private static int migrate(DataDirectory dir, String url, TestPostgres pg, StringWriter out, StringWriter err) {
        return Kmipctl.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "store",
                "migrate",
                "--data-dir",
                dir.root().toString(),
                "--to",
                url,
                "--user",
                TestPostgres.USER,
                "--password-file",
                pg.passwordFile().toString());
    }

    @Test
    void aDataDirectoryWithoutAStoreIsRefused() {
        StringWriter err = new StringWriter();
        assertThat(Kmipctl.execute(
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(err, true),
                        "store",
                        "migrate",
                        "--data-dir",
                        tmp.resolve("empty").toString(),
                        "--to",
                        "jdbc:postgresql://127.0.0.1/x",
                        "--user",
                        "u",
                        "--password-file",
                        tmp.resolve("pw").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no H2 store at");
    }

    private NewStoredObject aesKey(String name) {
        return new NewStoredObject(
                SYMMETRIC_KEY,
                ACTIVE,
                OWNER,
                new SearchFields(name, AES, 256, "disks"),
                Ttlv.structure(0x420125),
                sha256(name));
    }

    private static MaterialSealer sealer() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x33);
        return new MaterialSealer(new SoftwareMasterKey(1, key));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
