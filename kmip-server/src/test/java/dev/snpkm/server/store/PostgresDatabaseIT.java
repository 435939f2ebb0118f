package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real PostgreSQL server: credentials from a file, TLS passed to the driver, bad input refused. */
class PostgresDatabaseIT {
    private static final TestPostgres PG = TestPostgres.get();

    @TempDir
    Path dir;

    @Test
    void everyMigrationRunsOnPostgresqlAndTheStoreWorksOverVerifiedTls() throws Exception {
        String url = PG.createDatabase("tls") + "?sslmode=verify-full&sslrootcert=" + PG.caCertificate();
        try (Database db = PostgresDatabase.open(url, TestPostgres.USER, PG.passwordFile(), 4)) {
            assertThat(db.migrationsApplied())
                    .as("V1..V10, the Java migrations V4, V6 and V9 included")
                    .isEqualTo(10);
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("this session is encrypted").isTrue();
            }
            JdbcObjectStore store = StoreFixtures.store(db);
            StoredObject o = store.create(StoreFixtures.aesKey("over-tls", "CN=vm", "ops", StoreFixtures.material(1)));
            assertThat(store.material(o.uid())).isEqualTo(StoreFixtures.material(1));
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefused() {
        Path otherCa = TestPki.generate(dir.resolve("other")).caCertificatePem();
        String url = PG.url("postgres") + "?sslmode=verify-full&sslrootcert=" + otherCa;
        assertThatThrownBy(() -> PostgresDatabase.open(url, TestPostgres.USER, PG.passwordFile(), 2))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open database jdbc:postgresql://")
                .hasMessageNotContaining("sslrootcert");
    }

    @Test
    void aWrongPasswordFailsWithoutPrintingIt() throws Exception {
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password-4711\n");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> PostgresDatabase.open(PG.url("postgres"), TestPostgres.USER, wrong, 2))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password-4711");
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        Path shared = dir.resolve("shared-password");
        Files.writeString(shared, PG.password() + "\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PostgresDatabase.open(PG.url("postgres"), TestPostgres.USER, shared, 2))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("readable or writable by others")
                .hasMessageNotContaining(PG.password());
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        for (String url : new String[] {
            PG.url("postgres") + "?password=secret",
            PG.url("postgres") + "?sslmode=require&user=snpkm",
            "jdbc:h2:file:/tmp/x"
        }) {
            assertThatThrownBy(() -> PostgresDatabase.open(url, TestPostgres.USER, PG.passwordFile(), 2))
                    .as(url)
                    .isInstanceOf(StoreException.class)
                    .hasMessageNotContaining("secret");
        }
    }
}
