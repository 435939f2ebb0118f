package dev.snpkm.server.store;

import dev.snpkm.server.testing.TempDirs;
import dev.snpkm.server.testing.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A store of its own for each test (an H2 file, or a PostgreSQL database in the build's second run:
 * {@link TestStores}), migrated to the newest schema, closed and removed after it:
 * {@code @RegisterExtension final OpenStore open = new OpenStore();}.
 */
final class OpenStore implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private Database db;
    private JdbcObjectStore store;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("store-test");
        db = TestStores.open(dir.resolve("store"));
        store = StoreFixtures.store(db);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        db.close();
        TempDirs.deleteTree(dir);
    }

    Database db() {
        return db;
    }

    JdbcObjectStore store() {
        return store;
    }
}
