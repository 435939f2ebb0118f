package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's unit of work may hold one connection while the gate and the audit log need another. */
class DatabasePoolSizeTest {
    @TempDir
    Path dir;

    @Test
    void thePoolHasTwoConnectionsPerWorkerPlusTwoAndNeverFewerThanEight() {
        assertThat(Database.poolSizeFor(1)).isEqualTo(8);
        assertThat(Database.poolSizeFor(8)).isEqualTo(18);
        assertThat(Database.poolSizeFor(16)).isEqualTo(34);
    }

    @Test
    void openH2FileUsesTheRequestedPoolSize() {
        try (Database db = Database.openH2File(dir.resolve("store"), 18)) {
            assertThat(((HikariDataSource) db.dataSource()).getMaximumPoolSize())
                    .isEqualTo(18);
        }
    }
}
