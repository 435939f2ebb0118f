package dev.snpkm.server.testing;

import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.PostgresDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store backend tests run on: an H2 file (the default) or, with {@code -Dsnpkm.test.store=postgresql} (the
 * build's second test run, see the module's pom), a database of its own on the JVM's {@link TestPostgres} server.
 * Tests name their store by an H2 file path; on PostgreSQL the same path always maps to the same database, so a test
 * that closes and reopens its store sees what it wrote.
 */
public final class TestStores {
    public static final String PROPERTY = "snpkm.test.store";
    private static final Map<Path, Location> DATABASES = new ConcurrentHashMap<>();

    private TestStores() {}

    /** Where a test store lives: enough for Flyway or a raw JDBC connection that bypasses {@link Database}. */
    public record Location(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    public static boolean onPostgres() {
        String backend = System.getProperty(PROPERTY, "h2");
        return switch (backend) {
            case "h2" -> false;
            case "postgresql" -> true;
            default -> throw new IllegalStateException(PROPERTY + " must be h2 or postgresql, not " + backend);
        };
    }

    /** The backend's name, for test output. */
    public static String backend() {
        return onPostgres() ? "postgresql" : "h2";
    }

    public static Location location(Path file) {
        Path key = file.toAbsolutePath();
        if (!onPostgres()) {
            return new Location("jdbc:h2:file:" + key, "sa", "");
        }
        return DATABASES.computeIfAbsent(key, k -> {
            TestPostgres pg = TestPostgres.get();
            return new Location(pg.createDatabase(k.getFileName().toString()), TestPostgres.USER, pg.password());
        });
    }

    /** Opens (creating if absent) the test store named by {@code file}, migrated to the newest schema. */
    public static Database open(Path file) {
        return open(file, 8);
    }

    public static Database open(Path file, int poolSize) {
        if (!onPostgres()) {
            return Database.openH2File(file, poolSize);
        }
        Location at = location(file);
        return PostgresDatabase.open(at.url(), at.user(), TestPostgres.get().passwordFile(), poolSize);
    }
}
